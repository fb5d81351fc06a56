"""One FilterSet per model, shared by the report pages and the API."""

import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filtering import YesNoFilter
from reports.models import Report, ReportKind, ReportStatus


class ReportFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=ReportKind.choices,
        label=_("Kind"),
        empty_label=_("All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    period = django_filters.CharFilter(
        label=_("Period"),
        method="filter_period",
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "2026-11-20"}),
    )
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    is_current = YesNoFilter(label=_("Current"))

    class Meta:
        model = Report
        fields = ["kind", "period", "status", "is_current"]

    def filter_period(self, queryset, name, value):
        value = period_from_text(value)
        return queryset.filter(period=value) if value else queryset


# A period as people write it — the list's own 2026年第48周, 2026/11/20, 2026年11月20日 — read as
# the period the data keeps (2026-W48, 2026-11-20); anything else is looked up as typed.
_WEEK = re.compile(r"(\d{4})\s*(?:-?\s*W|年\s*第)\s*(\d{1,2})\s*周?", re.IGNORECASE)
_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def period_from_text(text: str) -> str:
    text = text.strip()
    if week := _WEEK.fullmatch(text):
        return f"{week[1]}-W{int(week[2]):02d}"
    if day := _DAY.fullmatch(text):
        return f"{day[1]}-{int(day[2]):02d}-{int(day[3]):02d}"
    return text
