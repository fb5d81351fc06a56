from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from core.api.docs import documented
from core.api.views import ScopedReadOnlyModelViewSet
from reports.api.serializers import ReportDetailSerializer, ReportSerializer
from reports.filtersets import ReportFilterSet
from reports.models import Report


@documented(
    _("Reports"),
    list=(_("List reports"), _("Stored report versions, without their figures.")),
    retrieve=(
        _("Get a report"),
        _("One version with `data`: every figure with the ids of the records behind it."),
    ),
    file=(_("Download a report's workbook"), _("The Excel workbook of one version.")),
)
class ReportViewSet(ScopedReadOnlyModelViewSet):
    """Stored report versions; `data` holds every figure with the ids of its records."""

    queryset = Report.objects.all()
    filterset_class = ReportFilterSet
    ordering_fields = ["period", "version", "generated_at"]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action == "retrieve" else queryset.defer("data")

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    @extend_schema(
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY
        }
    )
    @action(detail=True, methods=["get"], url_path="file", url_name="file")
    def file(self, request, pk=None):
        report = self.get_object()
        if not report.file:
            raise Http404
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=report.download_name(),
        )
