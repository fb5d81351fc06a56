"""One FilterSet per model, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import Project, Region


def _districts_for(request):
    if request is None:
        return Region.objects.none()
    return Region.objects.districts().for_user(request.user)


def _streets_for(request):
    if request is None:
        return Region.objects.none()
    return Region.objects.streets().for_user(request.user)


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    district = django_filters.ModelChoiceFilter(queryset=_districts_for, label=_("District"))
    street = django_filters.ModelChoiceFilter(queryset=_streets_for, label=_("Street"))

    class Meta:
        model = Project
        fields = ["q", "district", "street"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
