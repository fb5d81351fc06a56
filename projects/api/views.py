from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import ScopedGenericViewSet, ScopedModelViewSet
from projects import services
from projects.api import serializers
from projects.filtersets import AnnualPlanFilterSet, DailyStatusFilterSet, ProjectFilterSet
from projects.models import AnnualPlan, DailyStatus, DistrictTarget, Project


class AnnualPlanViewSet(ScopedModelViewSet):
    """Annual plans with their milestones and the district targets in the caller's scope."""

    queryset = AnnualPlan.objects.all()
    serializer_class = serializers.AnnualPlanSerializer
    filterset_class = AnnualPlanFilterSet
    ordering_fields = ["year"]

    def get_queryset(self):
        targets = DistrictTarget.objects.for_user(self.request.user).select_related("district")
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "milestones",
                Prefetch("district_targets", queryset=targets, to_attr="scoped_targets"),
            )
        )


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("district", "street").prefetch_related("funding")
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["code", "name", "updated_at", "planned_households"]
    action_permissions = {
        "expropriation_status": ["projects.change_project"],
        "construction_status": ["projects.change_project"],
    }

    def _change_status(self, request, payload_class, service):
        project = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        project = service(project=project, user=request.user, **payload.validated_data)
        return Response(self.get_serializer(project).data)

    @extend_schema(
        request=serializers.ExpropriationStatusChangeSerializer,
        responses=serializers.ProjectSerializer,
    )
    @action(detail=True, methods=["post"], url_path="expropriation-status")
    def expropriation_status(self, request, pk=None):
        """Move the expropriation lifecycle one step on (409 when the step is not allowed)."""
        return self._change_status(
            request,
            serializers.ExpropriationStatusChangeSerializer,
            services.project_change_expropriation_status,
        )

    @extend_schema(
        request=serializers.ConstructionStatusChangeSerializer,
        responses=serializers.ProjectSerializer,
    )
    @action(detail=True, methods=["post"], url_path="construction-status")
    def construction_status(self, request, pk=None):
        """Move the construction lifecycle (a suspension needs a reason; 409 when not allowed)."""
        return self._change_status(
            request,
            serializers.ConstructionStatusChangeSerializer,
            services.project_change_construction_status,
        )


class DailyStatusViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet
):
    """Daily resumption statuses. POST files (or updates) one project's status for a day."""

    queryset = DailyStatus.objects.select_related("project", "district")
    serializer_class = serializers.DailyStatusSerializer
    filterset_class = DailyStatusFilterSet
    ordering_fields = ["date", "submitted_at"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = DailyStatus.objects.filter(
            project=serializer.validated_data["project"], date=serializer.validated_data["date"]
        ).exists()
        instance = serializer.save()
        return Response(
            self.get_serializer(instance).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )
