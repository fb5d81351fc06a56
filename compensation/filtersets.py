import django_filters
from django.utils.translation import gettext_lazy as _

from compensation.choices import AgreementStatus
from compensation.models import Agreement, Appraisal
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
