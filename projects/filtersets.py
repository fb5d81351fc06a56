"""One FilterSet per model, shared by the pages and the API."""

import re

import django_filters
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.filtering import TotalOrderingFilter, YearFilter, YesNoFilter
from core.models import Region
from core.scoping import scope_of
from projects.choices import (
    ConstructionStatus,
    DailyStatusKind,
    DemolitionType,
    ExpropriationStatus,
    ResettlementMode,
)
from projects.models import AnnualPlan, DailyStatus, Project
from projects.selectors import invested_this_year


def districts_for(request):
    """The districts a filter offers: the user's (every app's filters use this and projects_for)."""
    if request is None:
        return Region.objects.none()
    return Region.objects.districts().for_user(request.user).annotate(option_label=F("name"))


def _streets_for(request):
    """Streets by district: names repeat from one district to the next (解放路街道 in six)."""
    if request is None:
        return Region.objects.none()
    return (
        Region.objects.streets()
        .for_user(request.user)
        .annotate(option_label=Concat("parent__name", Value(" "), "name"))
        .order_by("parent__code", "code")
    )


def projects_for(request):
    """The projects a filter offers: what their choice shows and the scope reads."""
    if request is None:
        return Project.objects.none()
    return (
        Project.objects.for_user(request.user)
        .only("code", "name", "district", "street")
        .annotate(option_label=Concat("code", Value(" "), "name"))
    )


def _id(value) -> int | None:
    value = str(value or "")
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None  # not "²": isdigit()


class ProjectsOfChosenDistrict:
    """For FilterSets with a `district` and a `project` filter: the project choice offers the
    chosen district's projects, not the whole city's (1,200 options written into every list
    page for city staff). A city-wide user picks the district first; a project given
    without one (a figure's link) still filters, being the one offered."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        field = self.form.fields["project"]
        project, district = _id(self.data.get("project")), _id(self.data.get("district"))
        if district:
            field.queryset = field.queryset.filter(Q(district_id=district) | Q(pk=project))
        elif self.request is not None and scope_of(self.request.user).city_wide:
            # Nothing to read when no project is given (a query for none is a round trip).
            field.queryset = field.queryset.filter(pk=project) if project else field.queryset.none()


class ProjectFilterSet(django_filters.FilterSet):
    # The filter a dashboard's investment figure sets: the projects whose investment it adds
    # up, each with its amount (DESIGN.md §5). The page carries it and names it.
    FIGURE_FILTERS = ("invested_by",)

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    district = django_filters.ModelChoiceFilter(queryset=districts_for, label=_("District"))
    street = django_filters.ModelChoiceFilter(queryset=_streets_for, label=_("Street"))
    plan_year = YearFilter(label=_("Plan year"))
    expropriation_status = django_filters.ChoiceFilter(
        choices=ExpropriationStatus.choices, label=_("Expropriation status")
    )
    construction_status = django_filters.ChoiceFilter(
        choices=ConstructionStatus.choices, label=_("Construction status")
    )
    demolition_type = django_filters.ChoiceFilter(
        choices=DemolitionType.choices, label=_("Demolition type")
    )
    resettlement_mode = django_filters.ChoiceFilter(
        choices=ResettlementMode.choices, label=_("Resettlement mode")
    )
    invested_by = django_filters.DateFilter(
        method="filter_invested_by", label=_("Investment completed this year up to")
    )
    ordering = TotalOrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("district__code", "district"),
            ("planned_households", "planned_households"),
            ("planned_investment", "planned_investment"),
            ("updated_at", "updated_at"),
        ),
        field_labels={
            "code": _("Project code"),
            "name": _("Project name"),
            "district__code": _("District"),
            "planned_households": _("Planned households"),
            "planned_investment": _("Planned investment"),
            "updated_at": _("Updated at"),
        },
        label=_("Sort by"),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        field = self.form.fields["street"]
        field.label_from_instance = lambda street: street.option_label
        district, street = _id(self.data.get("district")), _id(self.data.get("street"))
        if district:  # the chosen district's streets (and a street given, to show it chosen)
            field.queryset = field.queryset.filter(Q(parent_id=district) | Q(pk=street))

    class Meta:
        model = Project
        fields = [
            "q",
            "district",
            "street",
            "plan_year",
            "expropriation_status",
            "construction_status",
            "demolition_type",
            "resettlement_mode",
            "invested_by",
        ]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def filter_invested_by(self, queryset, name, value):
        """The projects with investment reported from January to `value`'s month, each
        with that sum as `invested` (万元): investment_by_district's months."""
        return (
            queryset.annotate(invested=invested_this_year(value))
            .filter(invested__isnull=False)
            .order_by(*Project._meta.ordering)  # a grouped query drops the model's order
        )


class DailyStatusFilterSet(ProjectsOfChosenDistrict, django_filters.FilterSet):
    date = django_filters.DateFilter(label=_("Date"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    district = django_filters.ModelChoiceFilter(queryset=districts_for, label=_("District"))
    project = django_filters.ModelChoiceFilter(queryset=projects_for, label=_("Project"))
    status = django_filters.ChoiceFilter(choices=DailyStatusKind.choices, label=_("Status"))
    is_late = YesNoFilter(label=_("Late"))

    class Meta:
        model = DailyStatus
        fields = ["date", "date_from", "date_to", "district", "project", "status", "is_late"]


class AnnualPlanFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("Year"))

    class Meta:
        model = AnnualPlan
        fields = ["year"]
