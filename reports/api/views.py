from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.docs import documented
from core.api.views import ScopedReadOnlyModelViewSet
from households.selectors import start_as_of, start_rates
from projects.models import AnnualPlan
from reports.api.serializers import (
    ReportDetailSerializer,
    ReportSerializer,
    StartRateQuerySerializer,
    StartRateSerializer,
)
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


class StartRateView(APIView):
    """The plan year's start rate of the city and every district, ranked (DESIGN.md §6)."""

    queryset = Report.objects.none()  # readers of reports: every role

    @extend_schema(
        summary=_("Start rate by district"),
        description=_(
            "Started households ÷ target households of the year's plan, for the city and every "
            "district in ranking order, as of today (the year's last day for a past year). "
            "The same figures for every role."
        ),
        parameters=[StartRateQuerySerializer],
        responses={200: StartRateSerializer},
        tags=[_("Reports")],
    )
    def get(self, request):
        query = StartRateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        year = query.validated_data.get("year", today.year)
        plan = AnnualPlan.objects.filter(year=year).first()
        if plan is None:
            raise NotFound(_("There is no annual plan for %(year)d.") % {"year": year})
        rates = start_rates(plan=plan, as_of=start_as_of(year, today))
        return Response(StartRateSerializer(rates).data)
