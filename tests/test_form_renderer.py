"""The form renderer writes the plain widgets in Python: the HTML must be Django's own,
character for character, for every kind of widget and value the app's forms give it."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from core.renderers import WRITERS, FormRenderer

TRICKY = "\"<b>甲 & 乙</b>'"


class EveryWidget(forms.Form):
    text = forms.CharField(
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": gettext_lazy("Date")}
        ),
    )
    optional = forms.CharField(required=False)
    safe = forms.CharField(widget=forms.TextInput(attrs={"data-x": mark_safe("<i>safe</i>")}))
    number = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"step": 1}))
    amount = forms.DecimalField(max_digits=10, decimal_places=2)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    at = forms.DateTimeField(required=False)
    clock = forms.TimeField(required=False)
    search = forms.CharField(required=False, widget=forms.SearchInput)
    colour = forms.CharField(required=False, widget=forms.ColorInput)
    phone = forms.CharField(required=False, widget=forms.TelInput)
    agreed = forms.BooleanField(required=False)
    disabled = forms.CharField(disabled=True, required=False)
    status = forms.ChoiceField(choices=[("", "——"), ("a", "甲"), ("b", TRICKY), (3, 3)])
    grouped = forms.ChoiceField(
        choices=[("城区", [("x", "X"), ("y", "Y")]), ("其他", [(None, "—")]), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    maybe = forms.NullBooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


VALUES = [
    {},
    {
        "text": TRICKY,
        "optional": "",
        "safe": mark_safe("<em>x</em>"),
        "number": "12",
        "amount": "1234.50",
        "email": "a@b.cn",
        "url": "https://example.cn/?a=1&b=2",
        "password": "s<e>cret",
        "hidden": "7",
        "day": "2026-11-20",
        "at": "2026-11-20 09:30",
        "clock": "09:30",
        "search": "明",
        "colour": "#ff0000",
        "phone": "+86 10",
        "agreed": "on",
        "disabled": "x",
        "status": "b",
        "grouped": "y",
        "many": ["a", "c"],
        "maybe": "true",
        "note": "第一行\n<第二行>",
        "radio": "b",
    },
    {"number": "abc", "day": "not a day", "status": "nope", "many": ["zz"], "note": "  "},
]
INITIAL = {
    "text": "初值",
    "number": 5,
    "amount": Decimal("12.30"),
    "day": datetime.date(2026, 11, 20),
    "at": datetime.datetime(2026, 11, 20, 9, 30),
    "agreed": True,
    "status": 3,
    "many": ["b"],
    "maybe": False,
    "note": "已有说明",
}


def _rendered(form):
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_widget_is_written_as_djangos_templates_write_it(data, language):
    with override(language):
        ours = _rendered(EveryWidget(data=data or None, initial=INITIAL, renderer=FormRenderer()))
        django = _rendered(
            EveryWidget(data=data or None, initial=INITIAL, renderer=DjangoTemplates())
        )
    assert ours == django


def test_the_app_renders_its_forms_with_it_and_writes_the_plain_widgets_itself(monkeypatch):
    assert isinstance(get_default_renderer(), FormRenderer)
    written = []
    for name, write in WRITERS.items():
        monkeypatch.setitem(
            WRITERS, name, lambda widget, write=write: written.append(1) or write(widget)
        )
    form = EveryWidget(renderer=FormRenderer())
    str(form["text"]), str(form["status"]), str(form["note"]), str(form["radio"])
    assert len(written) == 3  # the radio list is left to its templates


def test_errors_read_as_one_line_without_doubled_stops():
    """A refused batch or draft listed its fields' errors as 不能小于 0。；付款期限：…。"""
    from django import forms

    from core.forms import PageFormMixin, form_errors_text

    class Terms(PageFormMixin, forms.Form):
        area = forms.DecimalField(label="应安置面积", min_value=0)
        due = forms.DateField(label="付款期限")

    form = Terms({"area": "-1", "due": "2026-02-30"})
    text = form_errors_text(form)
    assert "。；" not in text and text.endswith("。") and text.count("；") == 1, text
