"""The API's base classes: rows limited to the caller's scope, anything else a 404."""

from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets

from core.api.docs import documented
from core.api.serializers import RegionSerializer
from core.filtersets import RegionFilterSet
from core.models import Region


class ScopedQuerysetMixin:
    def get_queryset(self):
        return self.queryset.for_user(self.request.user)


class ScopedGenericViewSet(ScopedQuerysetMixin, viewsets.GenericViewSet):
    pass


class ScopedModelViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    """Base of every writable API resource; records are never deleted through the API."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ScopedReadOnlyModelViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    pass


@documented(
    _("Regions"),
    list=(
        _("List regions"),
        _("The city, districts and streets the caller may see, with their division codes."),
    ),
    retrieve=(_("Get a region"), _("One region in the caller's scope.")),
)
class RegionViewSet(ScopedReadOnlyModelViewSet):
    """Regions in the caller's scope: the city, districts and streets with their codes."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    ordering_fields = ["code", "name"]
