from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.exceptions import Conflict
from projects.models import DailyStatus, Project
from reports import selectors, services, tasks
from reports.daily import parse_period
from reports.models import Report, ReportKind, ReportStatus

FIGURE_LABELS = {
    "under_construction": "在建项目", "working": "施工或复工", "not_resumed": "未复工",
    "not_reported": "未报送", "suspended": "停工", "on_time_statuses": "按时报送",
}


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_list(request):
    kind = request.GET.get("kind") or ""
    period = (request.GET.get("period") or "").strip()
    reports = list(selectors.report_list(kind=kind or None, period=period or None)[:200])
    context = {
        "reports": reports, "kind": kind, "period": period, "kinds": ReportKind.choices,
        "generating": any(r.status == ReportStatus.GENERATING for r in reports),
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
    kind = request.POST.get("kind", ReportKind.DAILY_RESUMPTION)
    if kind not in ReportKind.values:
        raise Http404
    period = request.POST.get("period") or services.default_period(kind)
    try:
        parse_period(period)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("reports:list")
    transaction.on_commit(lambda: tasks.generate_report.delay(kind, period))
    messages.info(request, _("The report for %(period)s is being generated; this list refreshes by itself.")
                  % {"period": period})
    return redirect(f"{reverse('reports:list')}?kind={kind}")


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user), pk=pk)
    versions = Report.objects.filter(kind=report.kind, period=report.period).defer("data").order_by("-version")
    return render(request, "reports/report_detail.html", {
        "report": report, "data": report.data, "versions": versions,
        "has_published": any(v.status == ReportStatus.PUBLISHED for v in versions),
        "can_publish": request.user.has_perm("reports.publish_report"),
    })


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_file(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user).exclude(file=""), pk=pk)
    return FileResponse(report.file.open("rb"), as_attachment=True,
                        filename=f"复工日报-{report.period}-第{report.version}版.xlsx")


@require_POST
@login_required
@permission_required("reports.publish_report", raise_exception=True)
def report_publish(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user), pk=pk)
    try:
        services.report_publish(report=report, user=request.user,
                                correction_note=request.POST.get("correction_note", ""))
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("Report published."))
    return redirect("reports:detail", pk=report.pk)


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_records(request, pk, figure, district_code=None):
    """The records behind one figure, limited to what the viewer may open."""
    report = get_object_or_404(Report.objects.for_user(request.user), pk=pk)
    if figure not in FIGURE_LABELS:
        raise Http404
    ids = selectors.figure_records(report=report, district_code=district_code, figure=figure)
    if figure == "on_time_statuses":
        visible = list(DailyStatus.objects.for_user(request.user).filter(id__in=ids)
                       .select_related("project__district").order_by("district__code", "project__code"))
        projects = [s.project for s in visible]
    else:
        projects = list(Project.objects.for_user(request.user).filter(id__in=ids)
                        .select_related("district").order_by("district__code", "code"))
    district = next((d for d in report.data["districts"] if d["district_code"] == district_code), None)
    return render(request, "reports/report_records.html", {
        "report": report, "figure": FIGURE_LABELS[figure], "projects": projects,
        "hidden": len(ids) - len(projects), "district": district,
    })
