"""One FilterSet per model, shared by the report pages and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

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
    is_current = django_filters.BooleanFilter(label=_("Current"))

    class Meta:
        model = Report
        fields = ["kind", "period", "status", "is_current"]

    def filter_period(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(period=value) if value else queryset
