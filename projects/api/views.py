from accounts.api.views import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from projects.api.serializers import ProjectSerializer, RegionSerializer
from projects.filtersets import ProjectFilterSet
from projects.models import Project, Region


class RegionViewSet(ScopedReadOnlyModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_fields = ["level", "parent"]
    ordering_fields = ["code", "name"]


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("district", "street")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["code", "name", "updated_at"]
