from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.docs import documented
from core.api.views import ScopedGenericViewSet, ScopedModelViewSet
from projects import services
from projects.api import serializers
from projects.filtersets import AnnualPlanFilterSet, DailyStatusFilterSet, ProjectFilterSet
from projects.models import AnnualPlan, DailyStatus, DistrictTarget, Project

_VERSIONED = _("Send the `version` you read: 409 when the record has changed since.")


@documented(
    _("Annual plans"),
    list=(
        _("List annual plans"),
        _("Annual plans with their milestones and the district targets in the caller's scope."),
    ),
    retrieve=(_("Get an annual plan"), _("One plan with its milestones and district targets.")),
    create=(_("Create an annual plan"), _("City staff only; milestones come with the plan.")),
    update=(_("Replace an annual plan"), _VERSIONED),
    partial_update=(_("Change an annual plan"), _VERSIONED),
)
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


@documented(
    _("Projects"),
    list=(
        _("List projects"),
        _("Projects in the caller's scope; filter by district, street, status or plan year."),
    ),
    retrieve=(_("Get a project"), _("One project in the caller's scope, with its funding.")),
    create=(
        _("Create a project"),
        _("A district official creates projects in their own district only."),
    ),
    update=(_("Replace a project"), _VERSIONED),
    partial_update=(_("Change a project"), _VERSIONED),
    expropriation_status=(
        _("Move the expropriation status on"),
        _("One step along the expropriation lifecycle; 409 when the step is not allowed."),
    ),
    construction_status=(
        _("Change the construction status"),
        _("A suspension needs a reason; 409 when the change is not allowed."),
    ),
)
class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("district", "street").prefetch_related("funding")
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet
    # Its FilterSet sorts (?ordering=, as the project list's page does): no second sorter.
    filter_backends = [DjangoFilterBackend]
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


@documented(
    _("Daily resumption statuses"),
    list=(
        _("List daily resumption statuses"),
        _("Statuses of the projects in the caller's scope; filter by date, district or project."),
    ),
    retrieve=(_("Get a daily resumption status"), _("One project's status for one day.")),
    create=(
        _("File a daily resumption status"),
        _(
            "Files one project's status for a day, or updates that day's status (200 instead "
            "of 201). Once the day's report is generated, give `correction_reason`; a "
            "not-resumed status with workers or machinery on site needs `confirmed: true`."
        ),
    ),
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
