from functools import partial

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from compensation.choices import (
    AgreementStatus,
    EntryKind,
    EntryStatus,
    LotteryStatus,
    UnitStatus,
)
from compensation.models import (
    ENTERED_STAGES,
    Agreement,
    Allocation,
    Appraisal,
    LedgerEntry,
    Lottery,
    ResettlementUnit,
)
from compensation.selectors import signed_and_in_force_on
from core.filtering import YearFilter
from core.forms import PageFilterForm
from households.choices import Mode
from projects.choices import FundingSource
from projects.filtersets import ProjectsOfChosenDistrict, districts_for, projects_for
from projects.models import ResettlementSite


class AgreementFilterSet(ProjectsOfChosenDistrict, django_filters.FilterSet):
    # Filters a dashboard's figure opens the list with (the signing rate's signed
    # households), shown on the page as what was chosen rather than as fields to fill.
    FIGURE_FILTERS = ("plan_year", "signed_by")

    project = django_filters.ModelChoiceFilter(queryset=projects_for, label=_("Project"))
    district = django_filters.ModelChoiceFilter(queryset=districts_for, label=_("District"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    mode = django_filters.ChoiceFilter(choices=Mode.choices, label=_("Mode"))
    household = django_filters.NumberFilter(label=_("Household"))
    plan_year = YearFilter(
        field_name="project__plan_year",
        label=_("Project plan year"),
    )
    signed_by = django_filters.DateFilter(
        method="filter_signed_by", label=_("Signed and in force on")
    )

    class Meta:
        model = Agreement
        fields = ["project", "district", "status", "mode", "household", "plan_year", "signed_by"]

    def filter_signed_by(self, queryset, name, value):
        """The households counted as signed on the day (DESIGN.md §5's signing rate)."""
        return queryset.filter(signed_and_in_force_on(value))


class AppraisalFilterSet(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(
        field_name="household__project", queryset=projects_for, label=_("Project")
    )
    household = django_filters.NumberFilter(label=_("Household"))

    class Meta:
        model = Appraisal
        fields = ["project", "household"]


class MonthInput(forms.DateInput):
    input_type = "month"


class LedgerEntryFilterSet(django_filters.FilterSet):
    """The ledger's entries, for the pages and the API alike."""

    project = django_filters.ModelChoiceFilter(
        field_name="household__project", queryset=projects_for, label=_("Project")
    )
    household = django_filters.NumberFilter(label=_("Household"))
    item = django_filters.ChoiceFilter(field_name="item_code", label=_("Item"))
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(
        choices=[
            *EntryStatus.choices,
            *((value, label) for value, (_q, label) in ENTERED_STAGES.items()),
        ],
        method="filter_status",
        label=_("Status"),
    )
    funding_source = django_filters.ChoiceFilter(
        choices=FundingSource.choices, label=_("Funding source")
    )
    month = django_filters.DateFilter(
        method="filter_month",
        label=_("Month paid"),
        input_formats=["%Y-%m"],
        widget=MonthInput(format="%Y-%m"),
    )
    paid_from = django_filters.DateFilter(
        field_name="paid_on", lookup_expr="gte", label=_("Paid from")
    )
    paid_to = django_filters.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("Paid to"))
    run = django_filters.NumberFilter(label=_("Payment run"))

    class Meta:
        model = LedgerEntry
        fields = [
            "project",
            "household",
            "item",
            "kind",
            "status",
            "funding_source",
            "month",
            "paid_from",
            "paid_to",
            "run",
        ]
        form = PageFilterForm

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The items to choose from: those the user's ledger (of the project) holds. Read
        # when the choices are shown or an item is asked for, not for every API page: a
        # city's ledger is over a million entries.
        entries = LedgerEntry.objects.for_user(self.request.user) if self.request else None
        if entries is not None and project is not None:
            entries = entries.filter(household__project=project)
        self.filters["item"].extra["choices"] = partial(_items_held, entries)

    def filter_status(self, queryset, name, value):
        if value in ENTERED_STAGES:  # one stage of the entered entries
            return queryset.filter(ENTERED_STAGES[value][0], status=EntryStatus.ENTERED)
        return queryset.filter(status=value)

    def filter_month(self, queryset, name, value):
        return queryset.filter(paid_on__year=value.year, paid_on__month=value.month)


def _items_held(entries) -> list[tuple[str, str]]:
    if entries is None:
        return []
    return list(entries.order_by("item_code").values_list("item_code", "item").distinct())


class LotteryFilterSet(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(queryset=projects_for, label=_("Project"))
    status = django_filters.ChoiceFilter(choices=LotteryStatus.choices, label=_("Status"))

    class Meta:
        model = Lottery
        fields = ["project", "status"]


def _sites_for(request):
    return (
        ResettlementSite.objects.for_user(request.user)
        if request
        else ResettlementSite.objects.none()
    )


class ResettlementUnitFilterSet(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        field_name="building__site", queryset=_sites_for, label=_("Resettlement site")
    )
    building = django_filters.NumberFilter(label=_("Building"))
    status = django_filters.ChoiceFilter(choices=UnitStatus.choices, label=_("Status"))

    class Meta:
        model = ResettlementUnit
        fields = ["site", "building", "status"]


class AllocationFilterSet(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(
        field_name="household__project", queryset=projects_for, label=_("Project")
    )
    household = django_filters.NumberFilter(label=_("Household"))

    class Meta:
        model = Allocation
        fields = ["project", "household"]
