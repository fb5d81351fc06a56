"""Every model's `get_FOO_display()` reads its label from choices built once (core.BaseModel),
and says exactly what Django's own would, in the reader's language."""

import pghistory.models
import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from core.models import BaseModel

OURS = {"accounts", "core", "projects", "households", "compensation", "supervision", "reports"}


def choice_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OURS or issubclass(model, pghistory.models.Event):
            continue  # history events are pghistory's models
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_model_of_ours_with_choices_derives_from_the_base():
    fields = list(choice_fields())
    assert len(fields) > 40
    assert {model for model, _field in fields if not issubclass(model, BaseModel)} == set()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_label_is_djangos_in_the_readers_language(language):
    with translation.override(language):
        for model, field in choice_fields():
            display = getattr(model, f"get_{field.name}_display")
            for value in [value for value, _label in field.flatchoices] + ["not-a-choice"]:
                instance = model()
                setattr(instance, field.attname, value)
                expected = models.Model._get_FIELD_display(instance, field)
                assert display(instance) == expected, (model, field.name, value)


def test_a_label_follows_the_language_of_the_moment():
    from households.choices import Stage
    from households.models import Household

    household = Household(stage=Stage.SIGNED)
    with translation.override("zh-hans"):
        chinese = household.get_stage_display()
    with translation.override("en"):
        english = household.get_stage_display()
    assert (chinese, english) == ("已签约", "Signed")
