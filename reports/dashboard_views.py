"""The leader and district dashboards, their workbooks, and the command-centre screen."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.models import Region
from core.spreadsheets import xlsx_response
from households.choices import Stage
from projects.models import AnnualPlan
from reports import dashboards, services
from reports.dashboard_workbooks import city_workbook, district_workbook
from supervision.selectors import open_notices


def _plan(request) -> tuple[AnnualPlan | None, list[int]]:
    """The plan the page shows (?year=, else this year's, else the latest before it) and the
    years there are plans for."""
    years = list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))
    today = timezone.localdate()
    wanted = request.GET.get("year", "")
    if re.fullmatch(r"[0-9]{4}", wanted) and int(wanted) in years:
        year = int(wanted)
    else:
        year = next((y for y in years if y <= today.year), years[-1] if years else None)
        if wanted and year:
            messages.warning(
                request,
                _("There is no plan for “%(wanted)s”: the %(year)s plan is shown.")
                % {"wanted": wanted[:20], "year": year},
            )
    plan = AnnualPlan.objects.filter(year=year).first()
    return plan, years


def _exported(request, context: dict) -> bool:
    """?export=xlsx of the plan year asked for: a year with no plan is not exported as
    another year's under its name (the page says which year it shows instead)."""
    wanted = request.GET.get("year", "")
    plan = context["plan"]
    return (
        request.GET.get("export") == "xlsx" and plan is not None and wanted in ("", str(plan.year))
    )


class FigureLists:
    """The list pages a dashboard's (or a circular's) figures open, each reversed once a
    page: a district's dashboard links eight figures of every one of its projects to the
    household list."""

    def __init__(self):
        self.households = reverse("households:list")
        self.projects = reverse("projects:list")
        self.notices = reverse("supervision:board")
        self.grievances = reverse("supervision:grievances")
        self.agreements = reverse("compensation:agreement_list")
        self._queries: dict[tuple, str] = {}
        self._behind_deadline: dict[int, str] = {}

    def behind_deadline(self, plan_year: int) -> str:
        """The projects a "past their signing deadline" figure counts."""
        if plan_year not in self._behind_deadline:
            self._behind_deadline[plan_year] = reverse(
                "reports:behind_deadline_records", args=[plan_year]
            )
        return self._behind_deadline[plan_year]

    def agreements_signed(self, plan_year: int, as_of: str, district: int | None = None) -> str:
        """The agreements of the households a signing rate counts as signed on the day."""
        params = {"plan_year": plan_year, "signed_by": as_of}
        if district is not None:
            params["district"] = district
        return f"{self.agreements}?{urlencode(params)}"

    def households_where(self, project: int | None = None, **params) -> str:
        """The household list filtered so: the filters besides the project encoded once a
        page, not once for each of a district's hundred projects."""
        key = tuple(params.items())
        query = self._queries.get(key)
        if query is None:
            query = self._queries[key] = urlencode(params)
        if project is None:
            return f"{self.households}?{query}"
        return f"{self.households}?project={int(project)}" + (f"&{query}" if query else "")


def _dashboard_link(code: str, year: int) -> str:
    return f"{reverse('dashboard_district', args=[code])}?year={year}"


def _investment_link(
    lists: FigureLists, standing: dashboards.Standing, district=None
) -> str | None:
    """The projects an investment figure adds up: this year's to the day the figure is of
    (none before a plan year has begun: its figure counts no month yet)."""
    if standing.as_of.year != standing.plan.year:
        return None
    params = {"district": district} if district is not None else {}
    return f"{lists.projects}?{urlencode({**params, 'invested_by': standing.as_of})}"


def _district_links(row: dict, standing: dashboards.Standing, lists: FigureLists) -> dict:
    """Where each of a district's figures opens."""
    plan_year, as_of = standing.plan.year, standing.as_of.isoformat()
    district = row["district_id"]
    return {
        "dashboard": _dashboard_link(row["code"], plan_year),
        "started": lists.households_where(plan_year=plan_year, started_by=as_of, district=district),
        "investment": _investment_link(lists, standing, district=district),
        "signing": lists.agreements_signed(plan_year, as_of, district),
        "notices": f"{lists.notices}?district={district}&overdue=true",
        "grievances": f"{lists.grievances}?district={district}&overdue=true",
        "behind_deadline": f"{lists.behind_deadline(plan_year)}?district={row['code']}",
    }


def _with_resumption(rows: list[dict], resumption: dashboards.Resumption) -> None:
    """Each district's resumption on the latest complete day and its filing today."""
    for row in rows:
        day = resumption.district(row["code"])
        row["resumption_rate"] = day["resumption_rate"] if day else None
        row["filing"] = resumption.filed(row["district_id"])
        if resumption.report and day:
            row["links"]["resumption"] = reverse(
                "reports:records", args=[resumption.report.pk, row["code"], "under_construction"]
            )


def _ranking_chart(standing: dashboards.Standing, *, links: bool, mark: int | None = None):
    """The ranking bar chart's data: names, rates, which bars are the bottom three or the
    reader's district, and where a bar leads (a city reader's only)."""
    rows = standing.rates.districts
    bottom = {row.district_id for row in standing.rates.bottom_three}
    return {
        "names": [r.name for r in rows],
        "rates": [None if r.start_rate is None else float(r.start_rate) for r in rows],
        "bottom": [r.district_id in bottom for r in rows],
        "mark": [r.district_id == mark for r in rows],
        "links": [_dashboard_link(r.district_code, standing.plan.year) for r in rows]
        if links
        else [],
        "milestone": float(standing.rates.milestone.start_rate_threshold)
        if standing.rates.milestone
        else None,
        "milestone_label": _("Milestone %(due)s: %(threshold)s%%")
        % {
            "due": f"{standing.rates.milestone.due_date:%m-%d}",
            "threshold": f"{float(standing.rates.milestone.start_rate_threshold):g}",
        }
        if standing.rates.milestone
        else "",
        "label": _("Start rate (%)"),
        "bottom_label": _("Bottom three"),
    }


def _trend_chart(year: int, district_code: str | None = None) -> dict:
    weeks = dashboards.trend(year=year, district_code=district_code)
    return {
        "weeks": weeks["weeks"],
        "labels": weeks["labels"],
        "rates": weeks["rates"],
        "links": [reverse("reports:detail", args=[pk]) for pk in weeks["report_ids"]],
        "label": _("Start rate (%)"),
    }


@login_required
@permission_required("reports.view_report", raise_exception=True)
def dashboard(request):
    """The leader dashboard of the city; a reader scoped to a district lands on theirs."""
    if not request.user.scope.city_wide:
        districts = list(Region.objects.districts().for_user(request.user).order_by("code"))
        if len(districts) == 1:
            return district_dashboard(request, districts[0].code)
        return render(request, "dashboards/choose.html", {"districts": districts})
    context = city_context(request)
    if _exported(request, context):
        return xlsx_response(
            city_workbook(context),
            _("start-rate-dashboard-%(year)d.xlsx") % {"year": context["plan"].year},
        )
    return render(request, "dashboards/city.html", context)


def city_context(request) -> dict:
    plan, years = _plan(request)
    today = timezone.localdate()
    resumption = dashboards.resumption_now(today=today)
    context = {"plan": plan, "years": years, "today": today, "resumption": resumption}
    if plan is None:
        return context
    standing = dashboards.plan_standing(plan=plan, today=today)
    lists = FigureLists()
    for row in standing.districts:
        row["links"] = _district_links(row, standing, lists)
    _with_resumption(standing.districts, resumption)
    return {
        **context,
        "standing": standing,
        "city_links": {
            "started": lists.households_where(
                plan_year=plan.year, started_by=standing.as_of.isoformat()
            ),
            "resumption": reverse("reports:detail", args=[resumption.report.pk])
            if resumption.report
            else None,
            "notices": f"{lists.notices}?overdue=true",
            "grievances": f"{lists.grievances}?overdue=true",
            "signing": lists.agreements_signed(plan.year, standing.as_of.isoformat()),
            "investment": _investment_link(lists, standing),
            "behind_deadline": lists.behind_deadline(plan.year),
        },
        "ranking_chart": _ranking_chart(standing, links=True),
        "trend_chart": _trend_chart(plan.year),
    }


@login_required
@permission_required("reports.view_report", raise_exception=True)
def district_dashboard(request, code):
    """A district's dashboard: its figures, its place in the city ranking, its projects and
    the households behind its gap, its open notices. Only districts the reader reaches."""
    district = get_object_or_404(Region.objects.districts().for_user(request.user), code=code)
    export = request.GET.get("export") == "xlsx"
    # The workbook sets the city's total beside the district's; the page shows its own alone.
    context = district_context(request, district, with_city=export)
    if _exported(request, context):
        return xlsx_response(
            district_workbook(context),
            _("start-rate-dashboard-%(district)s-%(year)d.xlsx")
            % {"district": district.name, "year": context["plan"].year},
        )
    return render(request, "dashboards/district.html", context)


def district_context(request, district: Region, *, with_city: bool = False) -> dict:
    plan, years = _plan(request)
    today = timezone.localdate()
    user = request.user
    resumption = dashboards.resumption_now(today=today, projects=district.projects.all())
    context = {
        "district": district,
        "plan": plan,
        "years": years,
        "today": today,
        "resumption": resumption,
        "city_wide": user.scope.city_wide,
        "notices": list(open_notices(user=user, district=district, today=today)),
    }
    if plan is None:
        return context
    standing = dashboards.plan_standing(
        plan=plan, today=today, district_id=None if with_city else district.pk
    )
    row = standing.district(district.pk)
    lists = FigureLists()
    row["links"] = _district_links(row, standing, lists)
    _with_resumption([row], resumption)
    as_of = standing.as_of.isoformat()
    projects = dashboards.district_projects(user=user, district=district, standing=standing)
    stages = [(stage.value, stage.label) for stage in Stage]
    for project_row in projects:
        project_row.stage_cells = [
            (
                project_row.stages.get(stage, 0),
                lists.households_where(project=project_row.project.pk, stage=stage),
            )
            for stage, _label in stages
        ]
        project_row.started_link = lists.households_where(
            project=project_row.project.pk, plan_year=plan.year, started_by=as_of
        )
    gap = [
        (
            label,
            n,
            lists.households_where(
                district=district.pk, plan_year=plan.year, not_started_by=as_of, stage=stage
            ),
        )
        for stage, label, n in dashboards.gap_by_stage(projects)
    ]
    return {
        **context,
        "standing": standing,
        "row": row,
        "district_count": len(standing.rates.districts),
        "projects": projects,
        "stages": stages,
        "gap": gap,
        # A target above the plan-year rosters: households no roster holds yet, which starting
        # every listed one would still leave short (a gap of 473 beside 112 not started).
        "gap_off_roster": max(row["gap"] - sum(n for _label, n, _link in gap), 0),
        "ranking_chart": _ranking_chart(standing, links=user.scope.city_wide, mark=district.pk),
        "trend_chart": _trend_chart(plan.year, district.code),
    }


def _map_url(city: Region | None) -> str | None:
    """The city's GeoJSON among the static files (static/geo/<division code>.json), or None
    when the deployment has none: the screen then says so instead of drawing a map."""
    if city is None:
        return None
    path = f"geo/{city.code}.json"
    if not (finders.find(path) or staticfiles_storage.exists(path)):
        return None
    try:
        return staticfiles_storage.url(path)
    except ValueError:  # collected without it: not in the manifest
        return None


def _refresh_seconds(asked: str) -> int:
    """How often the screen refreshes: ?refresh=seconds (2 to 3600), a minute by default."""
    return min(max(int(asked), 2), 3600) if re.fullmatch(r"[0-9]{1,5}", asked) else 60


@require_GET
@never_cache
def screen(request, token):
    """The command-centre screen: opened by its display link, with no session."""
    link = services.display_link_open(token)
    if link is None:
        return render(request, "dashboards/screen_refused.html", status=404)
    city = Region.objects.filter(level=Region.Level.CITY).first()
    return render(
        request,
        "dashboards/screen.html",
        {
            "link": link,
            "city": city,
            "map_url": _map_url(city),
            "data_url": reverse("screen_data", args=[token]),
            "refresh": _refresh_seconds(request.GET.get("refresh", "")),
            "labels": {
                "rate": _("Start rate (%)"),
                "started": _("%(started)s of %(target)s households started"),
                "milestone": _("≥ %(threshold)s by %(due)s"),
                "filing": _("Today so far: %(filed)s of %(due)s filed"),
                "nothing_due": _("Nothing to file today."),
                "updated": _("updated at %(time)s"),
                "year": _("Plan year %(year)s"),
                "no_plan": _("No annual plan yet"),
                "no_map": _("No map of the city is installed."),
            },
        },
    )


@require_GET
@never_cache
def screen_data(request, token):
    """The screen's figures, fetched at every refresh: aggregate only."""
    if services.display_link_open(token) is None:
        return JsonResponse(
            {"error": _("This display link is not valid or has been revoked.")}, status=404
        )
    plan, _years = _plan(request)  # the same plan year a dashboard shows by default
    return JsonResponse(dashboards.screen_data(plan=plan, today=timezone.localdate()))
