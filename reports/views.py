from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from accounts.roles import Role
from core.forms import form_errors_text
from core.queue import QueueUnavailable, enqueue
from core.views import submit_form
from projects.models import DailyStatus, Project
from projects.selectors import daily_resumption, project_counts_by_district, statuses_changed_since
from reports import selectors, services, tasks
from reports.daily import parse_period
from reports.filtersets import ReportFilterSet
from reports.forms import PublishForm, ReportRequestForm
from reports.models import Report, ReportKind, ReportStatus

FIGURE_LABELS = {
    "under_construction": "在建项目",
    "working": "施工或复工",
    "not_resumed": "未复工",
    "not_reported": "未报送",
    "suspended": "停工",
    "on_time_statuses": "按时报送",
}


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_list(request):
    filterset = ReportFilterSet(
        request.GET,
        request=request,
        queryset=Report.objects.for_user(request.user)
        .select_related("published_by")
        .defer("data")
        .order_by("-period", "kind", "-version"),
    )
    reports = list(filterset.qs[:200]) if filterset.is_valid() else []
    context = {
        "reports": reports,
        "filter": filterset,
        # The list refreshes itself only while a run is live, never for one that died.
        "generating": Report.objects.live().exists(),
        "today": timezone.localdate(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "reports/_report_rows.html", context)
    return render(request, "reports/report_list.html", context)


@require_POST
@login_required
@permission_required("reports.add_report", raise_exception=True)
def report_request(request):
    """Start a new version in the worker; the list shows it as generating until it is done."""
    form = ReportRequestForm(request.POST)
    if "kind" in form.errors:
        raise Http404  # the page only offers the kinds there are
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("reports:list")
    kind = form.cleaned_data["kind"]
    period = form.cleaned_data["period"] or services.default_period(kind)
    try:
        parse_period(period)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("reports:list")
    try:
        enqueue(tasks.generate_report, kind, period)  # nothing was written here to wait for
    except QueueUnavailable as exc:
        messages.error(request, exc.message)
        return redirect("reports:list")
    messages.info(
        request,
        _("The report for %(period)s is being generated; this list refreshes by itself.")
        % {"period": period},
    )
    return redirect(f"{reverse('reports:list')}?kind={kind}")


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user), pk=pk)
    versions = list(
        Report.objects.filter(kind=report.kind, period=report.period)
        .defer("data")
        .order_by("-version")
    )
    context = {
        "report": report,
        "versions": versions,
        "can_generate": request.user.has_perm("reports.add_report"),
    }
    if report.status not in (ReportStatus.READY, ReportStatus.PUBLISHED):
        return render(request, "reports/report_pending.html", context)
    changed = []
    if report.kind == ReportKind.DAILY_RESUMPTION:
        changed = statuses_changed_since(day=parse_period(report.period), since=report.generated_at)
    return render(
        request,
        "reports/report_detail.html",
        {
            **context,
            "data": report.data,
            "changed": changed,
            "has_published": any(v.status == ReportStatus.PUBLISHED for v in versions),
            "can_publish": request.user.has_perm("reports.publish_report"),
        },
    )


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_file(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user).exclude(file=""), pk=pk)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"复工日报-{report.period}-第{report.version}版.xlsx",
    )


@require_POST
@login_required
@permission_required("reports.publish_report", raise_exception=True)
def report_publish(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user), pk=pk)
    submit_form(
        request,
        PublishForm(request.POST),
        services.report_publish,
        success=_("Report published."),
        report=report,
        user=request.user,
    )
    return redirect("reports:detail", pk=report.pk)


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_records(request, pk, figure, district_code=None):
    """The records behind one figure, limited to what the viewer may open."""
    report = get_object_or_404(Report.objects.for_user(request.user).complete(), pk=pk)
    if figure not in FIGURE_LABELS:
        raise Http404
    ids = selectors.figure_records(report=report, district_code=district_code, figure=figure)
    if figure == "on_time_statuses":
        visible = list(
            DailyStatus.objects.for_user(request.user)
            .filter(id__in=ids)
            .select_related("project__district")
            .order_by("district__code", "project__code")
        )
        projects = [s.project for s in visible]
    else:
        projects = list(
            Project.objects.for_user(request.user)
            .filter(id__in=ids)
            .select_related("district")
            .order_by("district__code", "code")
        )
    district = next(
        (d for d in report.data["districts"] if d["district_code"] == district_code), None
    )
    return render(
        request,
        "reports/report_records.html",
        {
            "report": report,
            "figure": FIGURE_LABELS[figure],
            "projects": projects,
            "hidden": len(ids) - len(projects),
            "district": district,
        },
    )


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role lands on its own home page, showing what it works on."""

    TEMPLATES = {
        Role.DISTRICT_OFFICIAL: "home/district_official.html",
        Role.CITY_STAFF: "home/city_staff.html",
        Role.BUREAU_LEADER: "home/city_staff.html",
        Role.LEADER: "home/leader.html",
        Role.ADMIN: "home/admin.html",
    }

    def get_template_names(self):
        return [self.TEMPLATES.get(self.request.user.role, "home/no_role.html")]

    def get_context_data(self, **kwargs):
        # City-wide resumption figures are the same for every role (DESIGN.md §7).
        resumption = daily_resumption(day=timezone.localdate())
        trend = selectors.resumption_trend(days=30)
        districts = list(project_counts_by_district(user=self.request.user))
        return super().get_context_data(
            districts=districts,
            project_total=sum(d.project_count for d in districts),
            role_label=Role(self.request.user.role).label if self.request.user.role else None,
            resumption=resumption,
            resumption_chart={
                "districts": [d["name"] for d in resumption["districts"]],
                "rates": [d["resumption_rate"] for d in resumption["districts"]],
                "trend_dates": [period for period, _rate in trend],
                "trend_rates": [rate for _period, rate in trend],
                "rate_label": _("Resumption rate (%)"),
            },
            districts_chart={
                "names": [d.name for d in districts],
                "values": [d.project_count for d in districts],
                "series_name": _("Projects"),
            },
            **kwargs,
        )
