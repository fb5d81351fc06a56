from datetime import date
from urllib.parse import urlencode

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
from compensation import selectors as compensation_selectors
from core.forms import form_errors_text
from core.models import Notification, Region
from core.queue import QueueUnavailable, enqueue
from core.views import submit_form
from households.choices import Stage
from households.models import Household
from households.selectors import progress_summary, recent_imports
from projects.filing import daily_status_deadline, is_late
from projects.models import AnnualPlan, Project
from projects.selectors import (
    daily_reporting_overview,
    project_counts_by_district,
    statuses_changed_since,
)
from reports import annual, dashboard_views, dashboards, drilldown, selectors, services, tasks
from reports.daily import parse_period
from reports.filtersets import ReportFilterSet
from reports.forms import PublishForm, ReportRequestForm
from reports.models import Report, ReportKind, ReportStatus
from supervision import selectors as notice_selectors
from supervision.models import Grievance


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
        "last_day": services.default_period(ReportKind.DAILY_RESUMPTION),
        "last_week": services.default_period(ReportKind.WEEKLY_SUPERVISION),
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
        services.parse_period(kind, period)
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
    context.update(
        has_published=any(v.status == ReportStatus.PUBLISHED for v in versions),
        can_publish=request.user.has_perm("reports.publish_report"),
        data=report.data,
    )
    if report.kind == ReportKind.WEEKLY_SUPERVISION:
        return render(
            request, "reports/weekly_detail.html", _weekly_context(report, context, request.user)
        )
    if report.kind == ReportKind.ANNUAL_SUMMARY:
        return render(request, "reports/annual_detail.html", _annual_context(report, context))
    # A stored period is read as it was stored: parse_period checks one asked for.
    changed = statuses_changed_since(
        day=date.fromisoformat(report.period), since=report.generated_at
    )
    return render(
        request,
        "reports/report_detail.html",
        {
            **context,
            "data": report.data,
            "openable": _openable_projects(request.user, report.data),
            "changed": changed,
        },
    )


def _households_link(params: dict) -> str:
    """The household list filtered as a figure's stored filter says (the reader's scope
    applies there, as everywhere)."""
    return f"{reverse('households:list')}?{urlencode(params)}"


def _weekly_context(report: Report, context: dict, user) -> dict:
    """The circular every district reads: a district's started households open for the
    readers of that district only (another's led a clerk to an empty, refused list)."""
    data = report.data
    readable = set(Region.objects.districts().for_user(user).values_list("code", flat=True))
    lists = dashboard_views.FigureLists()
    for row in [data["city"], *data["districts"]]:
        opens = row is data["city"] or row["district_code"] in readable
        row["started_link"] = (
            _households_link(row["filters"]["started_households"]) if opens else None
        )
        row["signed_link"] = (
            lists.agreements_signed(data["year"], data["as_of"], row.get("district_id"))
            if opens and "as_of" in data  # a circular stored before it kept its day links none
            else None
        )
        row["escalations"] = row["reminders"] + row["interviews"] + row["circulars"]
    return {
        **context,
        "openable": _openable_projects(user, data),
        "bottom": set(data["bottom_three"]),
    }


def _figure_text(value, unit) -> str:
    """A figure as the summary prints it: 万元 with two decimals, a rate with one, a count
    with thousands separators, "—" for no value."""
    if value is None:
        return "—"
    if unit == annual.MONEY:
        return f"{value:,.2f}"
    if unit == "%":
        return f"{value:.1f}"
    return f"{value:,}"


def _annual_context(report: Report, context: dict) -> dict:
    city = report.data["city"]
    links = {key: _households_link(params) for key, params in city["filters"].items()}
    records = {
        key: reverse("reports:city_records", args=[report.pk, key]) for key in city["records"]
    }
    lines = [
        (label, key, unit, _figure_text(city[key], unit), records.get(key) or links.get(key))
        for label, key, unit in annual.LINES
    ]
    return {
        **context,
        "lines": lines,
        "resumption": annual.resumption_text(report.data["resumption"]),
        "resumption_days": report.data["resumption"]["days"],
    }


def _openable_projects(user, data: dict) -> set[int]:
    """The projects named in a city-wide report that the reader may open (the rest are
    listed without a link)."""
    named = [r["project_id"] for r in data.get("not_resumed", []) + data.get("not_reported", [])]
    return set(Project.objects.for_user(user).filter(id__in=named).values_list("id", flat=True))


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_file(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user).exclude(file=""), pk=pk)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.download_name(),
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
    """The records behind one figure of a stored report, limited to what the viewer may open."""
    report = get_object_or_404(Report.objects.for_user(request.user).complete(), pk=pk)
    if figure not in drilldown.FIGURES:
        raise Http404
    ids, name = selectors.figure_ids(report.data, district_code=district_code, figure=figure)
    return drilldown.records_page(
        request,
        figure=figure,
        ids=ids,
        day=selectors.report_day(report),
        district=name,
        crumbs=[
            (_("Reports"), reverse("reports:list")),
            (
                f"{report.get_kind_display()} {report.period_label}",
                reverse("reports:detail", args=[report.pk]),
            ),
        ],
    )


@login_required
@permission_required("reports.view_report", raise_exception=True)
def daily_records(request, day, figure):
    """The records behind one of a day's resumption figures as they stand now (the
    dashboards' figures), the city's or, with ?district=code, a district's."""
    try:
        day = parse_period(day)
    except ValidationError:
        raise Http404 from None
    if figure not in drilldown.FIGURES:
        raise Http404
    ids, name = selectors.figure_ids(
        selectors.daily_figures(day=day),
        district_code=request.GET.get("district") or None,
        figure=figure,
    )
    return drilldown.records_page(
        request,
        figure=figure,
        ids=ids,
        day=day,
        district=name,
        crumbs=[(_("Home"), reverse("home"))],
    )


@login_required
@permission_required("reports.view_report", raise_exception=True)
def behind_deadline_records(request, year):
    """The projects behind a dashboard's "past their signing deadline" as it stands today,
    the city's or, with ?district=code, a district's (one the reader reaches; a reader of
    one district reads theirs, as their dashboard is theirs)."""
    plan = get_object_or_404(AnnualPlan, year=year)
    reached = Region.objects.districts().for_user(request.user)
    district = None
    code = request.GET.get("district", "")
    if code:
        if not code.isalnum():  # a district's code is letters and digits; a NUL fails the query
            raise Http404
        district = get_object_or_404(reached, code=code)
    elif not request.user.scope.city_wide:
        own = list(reached[:2])
        district = own[0] if len(own) == 1 else None
    day, ids = selectors.behind_deadline_today(
        year=plan.year, today=timezone.localdate(), district_id=district.pk if district else None
    )
    dashboard = (
        reverse("dashboard_district", args=[district.code]) if district else reverse("dashboard")
    )
    return drilldown.records_page(
        request,
        figure="behind_deadline",
        ids=ids,
        day=day,
        district=district.name if district else "",
        crumbs=[(_("Start-rate dashboard"), f"{dashboard}?year={plan.year}")],
    )


UNFILED_SHOWN = 5  # unfiled projects named per district on the city staff's home


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role lands on its own home page: what it has to do today, then what it watches."""

    TEMPLATES = {
        Role.DISTRICT_OFFICIAL: "home/district_official.html",
        Role.CITY_STAFF: "home/city_staff.html",
        Role.BUREAU_LEADER: "home/city_staff.html",
        Role.ADMIN: "home/admin.html",
    }

    def get(self, request, *args, **kwargs):
        if request.user.role == Role.LEADER:  # a leader's day starts at the start rate
            return dashboard_views.dashboard(request)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [self.TEMPLATES.get(self.request.user.role, "home/no_role.html")]

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = {
            "role_label": Role(user.role).label if user.role else None,
            "today": timezone.localdate(),
        }
        if user.role == Role.DISTRICT_OFFICIAL:
            context.update(self.clerk_day(user))
        elif user.role in (Role.CITY_STAFF, Role.BUREAU_LEADER):
            day = self.city_day(user)
            # A city-wide reader's overview has counted the city's filing already.
            overview = day["filing"] if user.scope.city_wide else None
            context.update(day, **self.dashboard(user, overview=overview))
        elif user.role == Role.ADMIN:
            context.update(self.dashboard(user))
        return super().get_context_data(**context, **kwargs)

    @staticmethod
    def filing_today(user) -> dict:
        today = timezone.localdate()
        cutoff = daily_status_deadline(today)
        return {
            "filing": daily_reporting_overview(user=user, day=today),
            "cutoff": cutoff,
            "past_cutoff": is_late(today, timezone.now()),
        }

    def clerk_day(self, user) -> dict:
        """Today's filing, the households waiting for their next step, recent imports and
        unread messages (reminders) of a district clerk."""
        progress = progress_summary(Household.objects.for_user(user))
        return {
            **self.filing_today(user),
            "progress": progress,
            "waiting": [
                (stage, label, count, Stage(Stage.after(stage)).label)
                for stage, label, count in progress.stages
                if stage != Stage.values[-1]
            ],
            "imports": recent_imports(user=user),
            "notice_todo": notice_selectors.todo_counts(user, timezone.localdate()),
            "agreements_waiting": compensation_selectors.agreements_waiting(user),
            "grievances": notice_selectors.grievance_counts(
                Grievance.objects.for_user(user), timezone.localdate()
            ),
            "messages_unread": Notification.objects.for_user(user).unread()[:5],
        }

    def city_day(self, user) -> dict:
        """Who has not filed today (and a reminder to send), yesterday's report, and what
        waits for city staff."""
        today = timezone.localdate()
        latest = selectors.latest_report(kind=ReportKind.DAILY_RESUMPTION, up_to=today.isoformat())
        filing = self.filing_today(user)
        return {
            **filing,
            # A few a district: in the morning hundreds are unfiled, listed on the overview.
            "unfiled": [
                (row, row.missing[:UNFILED_SHOWN], len(row.missing) - UNFILED_SHOWN)
                for row in filing["filing"].districts
                if row.missing
            ],
            "latest_report": latest,
            "corrections": statuses_changed_since(
                day=date.fromisoformat(latest.period), since=latest.generated_at
            )
            if latest
            else [],
            **self.awaiting_publication(user),
            "notice_todo": notice_selectors.todo_counts(user, today),
            "duplicate_households": Household.objects.for_user(user)
            .filter(has_duplicate_id=True)
            .count(),
            "can_remind": user.has_perm("projects.add_filingreminder"),
        }

    @staticmethod
    def awaiting_publication(user) -> dict:
        """Reports generated and not yet published, for those who publish: the latest few
        and how many in all."""
        if not user.has_perm("reports.publish_report"):
            return {"awaiting_publication": [], "awaiting_count": 0}
        waiting = selectors.reports_awaiting_publication()
        return {"awaiting_publication": list(waiting[:3]), "awaiting_count": waiting.count()}

    def dashboard(self, user, overview=None) -> dict:
        """The city's resumption on the latest day whose daily report is out, beside how
        many have filed today (a day still being filed is never shown as a rate; counted by
        the city's reporting `overview` when there is one), and the trend."""
        now = dashboards.resumption_now(
            today=timezone.localdate(), filing=overview.filing() if overview else None
        )
        resumption = now.report.data if now.report else None
        trend = selectors.resumption_trend(days=30)
        districts = list(project_counts_by_district(user=user))
        return {
            "districts": districts,
            "project_total": sum(d.project_count for d in districts),
            "resumption": resumption,
            "filing_now": now.filed(),
            "resumption_chart": {
                "districts": [d["name"] for d in resumption["districts"]] if resumption else [],
                "rates": [d["resumption_rate"] for d in resumption["districts"]]
                if resumption
                else [],
                "links": [
                    reverse(
                        "reports:records",
                        args=[now.report.pk, d["district_code"], "under_construction"],
                    )
                    for d in resumption["districts"]
                ]
                if resumption
                else [],
                "trend_dates": [period for period, _rate, _pk in trend],
                "trend_rates": [rate for _period, rate, _pk in trend],
                "trend_links": [reverse("reports:detail", args=[pk]) for _p, _r, pk in trend],
                "rate_label": _("Resumption rate (%)"),
            },
        }
