"""`url_of`: a list's row links, reversed once, are the addresses `{% url %}` gives."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import include, path, reverse, set_script_prefix

# A URL configuration that serves the households elsewhere (the test below uses it).
urlpatterns = [path("elsewhere/", include("households.urls"))]


def written(pk, viewname):
    template = Template("{% load row_urls %}{{ pk|url_of:viewname }}")
    return template.render(Context({"pk": pk, "viewname": viewname}))


def test_a_row_link_is_the_address_url_gives():
    for viewname in ("households:detail", "projects:detail", "supervision:notice"):
        for pk in (1, 42, 918273645546372820):
            assert written(pk, viewname) == reverse(viewname, args=[pk])


def test_a_row_link_follows_the_script_prefix():
    """The site served under a path (SCRIPT_NAME) links under it, as `{% url %}` does."""
    try:
        set_script_prefix("/penggai/")
        assert written(7, "households:detail") == "/penggai/households/7/"
    finally:
        set_script_prefix("/")
    assert written(7, "households:detail") == "/households/7/"


def test_a_row_link_follows_the_url_configuration():
    assert written(3, "households:detail") == "/households/3/"
    with override_settings(ROOT_URLCONF=__name__):
        assert written(3, "households:detail") == "/elsewhere/3/"
    assert written(3, "households:detail") == "/households/3/"


def test_a_row_id_is_written_as_a_number_only():
    """An id that is not a number is refused, never written into the address."""
    with pytest.raises(ValueError):
        written("1/../../admin", "households:detail")
