"""The leader and district dashboards and the command-centre screen (DESIGN.md §4 reports):
the plan year's standing today from the selectors, history from the stored reports, and a
day still being filed shown as filing progress beside the latest complete day — never as a
rate. The same figures feed the pages, their workbooks and the screen."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from compensation.selectors import signing_by_district, signing_campaigns
from core.figures import json_percent, percent
from core.models import Region
from households.choices import Stage
from households.models import Household
from households.selectors import (
    StartRates,
    project_progress,
    start_as_of,
    start_rates,
)
from projects.models import AnnualPlan, Project
from projects.selectors import filing_progress, investment_by_district
from reports.models import Report, ReportKind, week_label
from reports.selectors import start_rate_trend
from supervision.selectors import overdue_by_district


@dataclass
class Resumption:
    """The latest day whose daily report has been generated, and today's filing so far."""

    today: date
    report: Report | None  # the latest complete daily report up to today
    filing: dict  # {district id: {"due": n, "filed": n}} of today

    @property
    def day(self) -> date | None:
        return date.fromisoformat(self.report.period) if self.report else None

    @property
    def city(self) -> dict | None:
        return self.report.data["city"] if self.report else None

    @cached_property
    def districts(self) -> dict[str, dict]:
        """{district code: its row of the latest complete day}."""
        rows = self.report.data["districts"] if self.report else []
        return {row["district_code"]: row for row in rows}

    def district(self, code: str) -> dict | None:
        return self.districts.get(code)

    def filed(self, district_id: int | None = None) -> dict:
        """{"due", "filed"} of today, the city's or a district's."""
        if district_id is not None:
            return self.filing.get(district_id, {"due": 0, "filed": 0})
        return {key: sum(row[key] for row in self.filing.values()) for key in ("due", "filed")}


def resumption_now(*, today: date, projects=None, filing: dict | None = None) -> Resumption:
    """Resumption for a dashboard: the stored report of the latest complete day (a day's
    report is made once its filing has closed, reports.daily.reportable_day) — and how many
    of `projects` (all by default) have filed today, unless the caller has counted that
    already (`filing`, as `filing_progress` gives it). Four queries, one without `filing`."""
    report = (
        Report.objects.current()
        .complete()
        .filter(kind=ReportKind.DAILY_RESUMPTION)
        .filter(period__lte=today.isoformat())
        .order_by("-period")
        .first()
    )
    if filing is None:
        projects = Project.objects.all() if projects is None else projects
        filing = filing_progress(day=today, projects=projects)
    return Resumption(today=today, report=report, filing=filing)


@dataclass
class Standing:
    """The plan year on a day, for the city and each district (ranked): start rate against
    the plan and the milestone, signing against the deadlines, investment, and what is
    overdue today. Read for one district, `districts` holds its row alone and `city` is
    None; the ranking of every district by start rate is `rates` either way."""

    plan: AnnualPlan
    today: date
    rates: StartRates
    city: dict | None
    districts: list[dict] = field(default_factory=list)  # in ranking order

    @property
    def as_of(self) -> date:
        return self.rates.as_of

    @property
    def closed(self) -> bool:
        """The plan year is over: its figures stand on 31 December, and today's resumption
        and what is overdue today belong to another year's dashboard."""
        return self.as_of < self.today

    def district(self, district_id: int) -> dict | None:
        return next((d for d in self.districts if d["district_id"] == district_id), None)


def plan_standing(*, plan: AnnualPlan, today: date, district_id: int | None = None) -> Standing:
    """The same for every reader: the ranking and every district's figures are distributed
    to all districts in the weekly report. Thirteen queries, whatever the size.

    With `district_id` (a district's dashboard), the ranking is the city's but the other
    figures are read for that district alone: the city's signing alone counted a hundred
    thousand agreements and 150,000 households that such a page does not show."""
    as_of = start_as_of(plan.year, today)
    rates = start_rates(plan=plan, as_of=as_of)
    signing = signing_by_district(year=plan.year, as_of=as_of, district_id=district_id)
    investment = investment_by_district(
        start=date(plan.year, 1, 1), end=as_of, district_id=district_id
    )
    targets = plan.district_targets.all()
    if district_id is not None:
        targets = targets.filter(district_id=district_id)
    investment_targets = dict(targets.values_list("district_id", "investment"))
    overdue = overdue_by_district(today=today, district_id=district_id)
    bottom = {row.district_id for row in rates.bottom_three}

    def figures(target_households, started, sign, target_investment, money, late):
        completed = money.get("completed", Decimal("0"))
        return {
            "target_households": target_households,
            "started_households": started,
            "start_rate": percent(started, target_households),
            "gap": max(target_households - started, 0),
            "households": sign.get("households", 0),
            "signed": sign.get("signed", 0),
            "signing_rate": percent(sign.get("signed", 0), sign.get("households", 0)),
            "behind_deadline": len(sign.get("behind_deadline", [])),
            "target_investment": target_investment or Decimal("0"),
            "investment_completed": completed,
            "investment_rate": percent(completed, target_investment or 0),
            "notices_overdue": late.get("notices", 0),
            "grievances_overdue": late.get("grievances", 0),
        }

    districts = [
        {
            "district_id": row.district_id,
            "code": row.district_code,
            "name": row.name,
            "rank": row.rank,
            "bottom": row.district_id in bottom,
            "meets_milestone": row.meets_milestone_in_force,
            "met_last_milestone": row.met_last_milestone,
            **figures(
                row.target_households,
                row.started_households,
                signing.get(row.district_id, {}),
                investment_targets.get(row.district_id),
                investment.get(row.district_id, {}),
                overdue.get(row.district_id, {}),
            ),
        }
        for row in rates.districts
        if district_id in (None, row.district_id)
    ]
    if district_id is not None:
        return Standing(plan=plan, today=today, rates=rates, city=None, districts=districts)
    city = figures(
        rates.target_households,
        rates.started_households,
        {key: sum(r[key] for r in signing.values()) for key in ("households", "signed")},
        plan.target_investment,
        {"completed": sum((r["completed"] for r in investment.values()), Decimal("0"))},
        {key: sum(r[key] for r in overdue.values()) for key in ("notices", "grievances")},
    )
    city["behind_deadline"] = sum(d["behind_deadline"] for d in districts)
    city["meets_milestone"] = rates.city_meets_milestone
    city["met_last_milestone"] = rates.city_met_last_milestone
    return Standing(plan=plan, today=today, rates=rates, city=city, districts=districts)


@dataclass
class ProjectRow:
    """A plan-year project of a district on its dashboard: its households at each stage,
    started (and not, by stage), and its signing against its deadline."""

    project: Project
    households: int
    started: int
    stages: dict
    unstarted: dict
    signed: int
    signing_rate: Decimal | None
    signing_ends_on: date | None
    days_left: int | None
    pace_needed: Decimal | None


def district_projects(*, user, district: Region, standing: Standing) -> list[ProjectRow]:
    """The plan-year projects of a district the reader reaches, with their figures. Four
    queries, whatever the number of projects."""
    projects = list(
        Project.objects.for_user(user)
        .filter(district=district, plan_year=standing.plan.year)
        .order_by("code")
    )
    progress = project_progress(
        Household.objects.filter(project__in=projects), as_of=standing.as_of
    )
    campaigns, _whole = signing_campaigns(
        projects=projects,
        today=standing.today,
        detailed=False,
        households={pk: figures.households for pk, figures in progress.items()},
    )
    rows = []
    for project in projects:
        figures = progress.get(project.pk)
        campaign = campaigns[project.pk]
        rows.append(
            ProjectRow(
                project=project,
                households=figures.households if figures else 0,
                started=figures.started if figures else 0,
                stages=figures.stages if figures else {},
                unstarted=figures.unstarted if figures else {},
                signed=campaign.signed,
                signing_rate=campaign.rate,
                signing_ends_on=campaign.ends_on,
                days_left=campaign.days_left,
                pace_needed=campaign.pace_needed,
            )
        )
    return rows


def gap_by_stage(projects: list[ProjectRow]) -> list[tuple[str, str, int]]:
    """The households behind a district's gap to its target: those of its plan-year projects
    (`district_projects`, those the reader reaches) not started by the day, by stage."""
    counts: dict[str, int] = {}
    for row in projects:
        for stage, n in row.unstarted.items():
            counts[stage] = counts.get(stage, 0) + n
    return [(stage.value, stage.label, counts[stage.value]) for stage in Stage if counts.get(stage)]


def trend(*, year: int, district_code: str | None = None) -> dict:
    """The weekly trend of the start rate from the stored weekly reports, for a chart."""
    weeks = start_rate_trend(year=year, district_code=district_code)
    return {
        "weeks": [week for week, _rate, _pk in weeks],
        "labels": [week_label(week) for week, _rate, _pk in weeks],
        "rates": [rate for _week, rate, _pk in weeks],
        "report_ids": [pk for _week, _rate, pk in weeks],
    }


def screen_data(*, plan: AnnualPlan | None, today: date) -> dict:
    """What the command-centre screen shows: aggregate figures of the city and its
    districts only — no person, no ID number, no household, no project."""
    resumption = resumption_now(today=today)
    regions = list(Region.objects.districts().order_by("code").values("id", "code", "name"))
    filed = resumption.filed()
    data = {
        "today": today.isoformat(),
        "year": plan.year if plan else None,
        "city": None,
        "milestone": None,
        "districts": [],
        "trend": {"weeks": [], "rates": []},
        "resumption": {
            "day": resumption.day.isoformat() if resumption.day else None,
            "rate": resumption.city["resumption_rate"] if resumption.city else None,
            "under_construction": resumption.city["under_construction"]
            if resumption.city
            else None,
            "working": resumption.city["working"] if resumption.city else None,
            "due_today": filed["due"],
            "filed_today": filed["filed"],
        },
    }
    if plan is None:
        data["districts"] = [
            {"code": r["code"], "name": r["name"], "start_rate": None} for r in regions
        ]
        return data
    standing = plan_standing(plan=plan, today=today)
    weeks = trend(year=plan.year)
    data.update(
        as_of=standing.as_of.isoformat(),
        city={
            "target_households": standing.city["target_households"],
            "started_households": standing.city["started_households"],
            "start_rate": json_percent(standing.city["start_rate"]),
            "signing_rate": json_percent(standing.city["signing_rate"]),
            "investment_rate": json_percent(standing.city["investment_rate"]),
            "notices_overdue": standing.city["notices_overdue"],
            "grievances_overdue": standing.city["grievances_overdue"],
        },
        milestone={
            "due_date": standing.rates.milestone.due_date.isoformat(),
            "threshold": float(standing.rates.milestone.start_rate_threshold),
        }
        if standing.rates.milestone
        else None,
        trend={"weeks": weeks["weeks"], "labels": weeks["labels"], "rates": weeks["rates"]},
    )
    data["districts"] = [
        {
            "code": d["code"],
            "name": d["name"],
            "rank": d["rank"],
            "bottom": d["bottom"],
            "target_households": d["target_households"],
            "started_households": d["started_households"],
            "start_rate": json_percent(d["start_rate"]),
            "resumption_rate": resumption.districts.get(d["code"], {}).get("resumption_rate"),
        }
        for d in standing.districts
    ]
    return data
