"""One FilterSet per model, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.models import Region


def _regions_for(request):
    return Region.objects.for_user(request.user) if request else Region.objects.none()


class RegionFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Region.Level.choices, label=_("Level"))
    parent = django_filters.ModelChoiceFilter(queryset=_regions_for, label=_("Parent region"))

    class Meta:
        model = Region
        fields = ["level", "parent"]
