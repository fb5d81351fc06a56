import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filtering import YearFilter, YesNoFilter
from core.forms import PageFilterForm
from projects.filtersets import ProjectsOfChosenDistrict, districts_for, projects_for
from supervision.choices import (
    GRIEVANCE_OPEN,
    Channel,
    EscalationStep,
    GrievanceCategory,
    GrievanceStatus,
    NoticeLevel,
    NoticeStatus,
)
from supervision.models import Grievance, SupervisionNotice
from supervision.querysets import grievance_overdue_q, overdue_q


def overdue_filter():
    """Overdue or not: each FilterSet says what overdue means in its `filter_overdue`."""
    return YesNoFilter(method="filter_overdue", label=_("Overdue"))


class NoticeFilterSet(django_filters.FilterSet):
    """The notice board and the API's `notices`: by status, district, level, lateness."""

    status = django_filters.ChoiceFilter(choices=NoticeStatus.choices, label=_("Status"))
    district = django_filters.ModelChoiceFilter(queryset=districts_for, label=_("District"))
    level = django_filters.ChoiceFilter(choices=NoticeLevel.choices, label=_("Supervision level"))
    escalation = django_filters.ChoiceFilter(choices=EscalationStep.choices, label=_("Escalation"))
    overdue = overdue_filter()
    # The year of the notice's number (its 文号): a draft, not numbered yet, has none.
    year = YearFilter(label=_("Year of the number"))

    class Meta:
        model = SupervisionNotice
        fields = ["status", "district", "level", "escalation", "overdue", "year"]
        form = PageFilterForm

    def filter_overdue(self, queryset, name, value):
        late = overdue_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class GrievanceFilterSet(ProjectsOfChosenDistrict, django_filters.FilterSet):
    """Grievances on their page and in the API: by status, channel, category, place, lateness."""

    status = django_filters.ChoiceFilter(choices=GrievanceStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    category = django_filters.ChoiceFilter(
        choices=GrievanceCategory.choices, label=_("Grievance category")
    )
    district = django_filters.ModelChoiceFilter(queryset=districts_for, label=_("District"))
    project = django_filters.ModelChoiceFilter(queryset=projects_for, label=_("Project"))
    overdue = overdue_filter()
    # 在办: registered, accepted or investigated — the count the home pages give
    in_hand = YesNoFilter(method="filter_in_hand", label=_("Being handled"))

    class Meta:
        model = Grievance
        fields = ["status", "channel", "category", "district", "project", "overdue", "in_hand"]
        form = PageFilterForm

    def filter_in_hand(self, queryset, name, value):
        in_hand = Q(status__in=GRIEVANCE_OPEN)
        return queryset.filter(in_hand) if value else queryset.exclude(in_hand)

    def filter_overdue(self, queryset, name, value):
        late = grievance_overdue_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
