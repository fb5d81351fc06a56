from datetime import date

import django_filters
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.filtering import YearFilter, YesNoFilter, describe_filters
from households.choices import Hardship, Intention, Stage
from households.models import Household
from households.selectors import demolished_in
from projects.choices import DemolitionType
from projects.filtersets import ProjectsOfChosenDistrict, districts_for, projects_for


class HouseholdFilterSet(ProjectsOfChosenDistrict, django_filters.FilterSet):
    # Filters a report figure's link sets (DESIGN.md §5: the filter and the as-of day
    # reproduce its households); the page carries them and names them, not as inputs.
    FIGURE_FILTERS = (
        "plan_year",
        "started_by",
        "not_started_by",
        "demolished_in",
        "handed_over_in",
    )

    q = django_filters.CharFilter(method="filter_text", label=_("Name or household code"))
    district = django_filters.ModelChoiceFilter(queryset=districts_for, label=_("District"))
    project = django_filters.ModelChoiceFilter(queryset=projects_for, label=_("Project"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    hardship = django_filters.ChoiceFilter(
        choices=Hardship.choices, method="filter_hardship", label=_("Hardship")
    )
    intention = django_filters.ChoiceFilter(
        choices=Intention.choices, label=_("Resettlement intention")
    )
    legal_path = django_filters.ChoiceFilter(
        choices=[
            ("no_agreement", _("No agreement by the deadline")),
            ("decision", _("Compensation decision issued")),
            ("enforcement", _("Court enforcement applied")),
            ("enforced", _("Enforced")),
        ],
        method="filter_legal_path",
        label=_("Legal path"),
    )
    plan_year = YearFilter(field_name="project__plan_year", label=_("Project plan year"))
    # The households behind a start-rate figure as of a day (a stored report keeps the day).
    started_by = django_filters.DateFilter(
        field_name="started_on", lookup_expr="lte", label=_("Started on or before")
    )
    # The households behind a district's gap to its target: not started by the day.
    not_started_by = django_filters.DateFilter(
        method="filter_not_started_by", label=_("Not started by")
    )
    # Behind the annual summary's figures: households demolished or moved back in a year.
    demolished_in = YearFilter(method="filter_demolished_in", label=_("Demolished in the year"))
    demolition_type = django_filters.ChoiceFilter(
        field_name="project__demolition_type",
        choices=DemolitionType.choices,
        label=_("Demolition type"),
    )
    handed_over_in = YearFilter(
        field_name="unit_handed_over_on__year", label=_("Moved back in the year")
    )
    added_after_freeze = YesNoFilter(label=_("Added after the freeze date"))
    has_duplicate_id = YesNoFilter(label=_("ID number also on another household"))

    class Meta:
        model = Household
        fields = [
            "q",
            "district",
            "project",
            "stage",
            "hardship",
            "intention",
            "legal_path",
            "plan_year",
            "started_by",
            "not_started_by",
            "demolished_in",
            "demolition_type",
            "handed_over_in",
            "added_after_freeze",
            "has_duplicate_id",
        ]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(party_name__text=value) | Q(code__istartswith=value))
            if value
            else queryset
        )

    def filter_not_started_by(self, queryset, name, value):
        return queryset.filter(Q(started_on__isnull=True) | Q(started_on__gt=value))

    def filter_demolished_in(self, queryset, name, value):
        year = int(value)
        return demolished_in(queryset, start=date(year, 1, 1), end=date(year, 12, 31))

    def filter_hardship(self, queryset, name, value):
        return queryset.filter(hardship_types__contains=[value])

    _LEGAL_FIELDS = {
        "no_agreement": "no_agreement_on",
        "decision": "decision_issued_on",
        "enforcement": "enforcement_applied_on",
        "enforced": "enforced_on",
    }

    def filter_legal_path(self, queryset, name, value):
        return queryset.filter(**{f"{self._LEGAL_FIELDS[value]}__isnull": False})


def roster_selection(params, *, user):
    """The filter form, the households it selects in the user's scope, and what they are
    called in an export's title (every filter set, by its label): the list page, its export
    and the worker's export alike."""
    request = HttpRequest()  # all the choices read of a request is its user; the worker has none
    request.user = user
    scoped = Household.objects.for_user(user)
    filterset = HouseholdFilterSet(params, queryset=scoped, request=request)
    if not filterset.is_valid():
        return filterset, scoped.none(), ""
    return (
        filterset,
        filterset.qs,
        describe_filters(filterset, empty=_("all projects in your scope")),
    )
