import django_filters
from django.utils.translation import gettext_lazy as _

from compensation.choices import AgreementStatus, EntryKind, EntryStatus
from compensation.models import Agreement, Appraisal, LedgerEntry
from core.models import Region
from households.choices import Mode
from projects.models import Project


def _projects_for(request):
    return Project.objects.for_user(request.user) if request else Project.objects.none()


def _districts_for(request):
    return Region.objects.districts().for_user(request.user) if request else Region.objects.none()


class AgreementFilterSet(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(queryset=_projects_for, label=_("Project"))
    district = django_filters.ModelChoiceFilter(queryset=_districts_for, label=_("District"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    mode = django_filters.ChoiceFilter(choices=Mode.choices, label=_("Mode"))
    household = django_filters.NumberFilter(label=_("Household"))

    class Meta:
        model = Agreement
        fields = ["project", "district", "status", "mode", "household"]


class AppraisalFilterSet(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(
        field_name="household__project", queryset=_projects_for, label=_("Project")
    )
    household = django_filters.NumberFilter(label=_("Household"))

    class Meta:
        model = Appraisal
        fields = ["project", "household"]


class LedgerEntryFilterSet(django_filters.FilterSet):
    """The ledger's entries, for the pages and the API alike."""

    project = django_filters.ModelChoiceFilter(
        field_name="household__project", queryset=_projects_for, label=_("Project")
    )
    household = django_filters.NumberFilter(label=_("Household"))
    item = django_filters.CharFilter(field_name="item_code", label=_("Item"))
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=EntryStatus.choices, label=_("Status"))
    paid_from = django_filters.DateFilter(
        field_name="paid_on", lookup_expr="gte", label=_("Paid from")
    )
    paid_to = django_filters.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("Paid to"))

    class Meta:
        model = LedgerEntry
        fields = ["project", "household", "item", "kind", "status", "paid_from", "paid_to"]
