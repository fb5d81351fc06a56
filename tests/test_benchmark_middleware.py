"""The page benchmark's split of a request's time: its SQL, and its templates less the SQL run
inside them (a lazy queryset read while rendering is counted once, as SQL)."""

from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from benchmarks.middleware import QueryCount


def test_sql_run_while_rendering_counts_as_sql_not_as_template(db, monkeypatch):
    def sleep_in_the_database():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.05)")
        return "slept"

    from django.template.backends.django import Template

    monkeypatch.setattr(Template, "render", Template.render)  # the middleware's timing, undone
    template = engines["django"].from_string("{{ slow }}")

    def view(request):
        return HttpResponse(template.render({"slow": sleep_in_the_database}))

    response = QueryCount(view)(RequestFactory().get("/"))
    assert response.content == b"slept"
    assert response["X-Queries"] == "1"
    assert float(response["X-SQL-ms"]) >= 50
    assert 0 <= float(response["X-Template-ms"]) < 25
