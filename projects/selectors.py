"""Read-side queries on projects shared by pages, API and reports."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import users_with_role
from core.figures import json_percent, percent
from core.models import Region
from core.workdays import WorkingDay, working_day
from projects.choices import ConstructionStatus, DailyStatusKind, FundingSource
from projects.filing import is_due
from projects.models import (
    TARGET_FIELDS,
    AnnualPlan,
    DailyStatus,
    DistrictTarget,
    FilingReminder,
    InvestmentReport,
    Project,
    ProjectFunding,
    ReportedDay,
    ResettlementBuilding,
)
from projects.querysets import FILING_STATUSES
from projects.status_log import construction_states_on_days


def projects_of_plan_year(year: int, district_id: int | None = None):
    """The plan year's projects: the city's, or one district's."""
    projects = Project.objects.filter(plan_year=year)
    if district_id is not None:
        projects = projects.filter(district_id=district_id)
    return projects.order_by()


def plan_year_projects(year: int, district_id: int | None = None) -> ArraySubquery:
    """The plan year's projects (a district's, or all) as one array, for `project__any=`: a
    count over their rows then reads an index project by project, where a join hashed every
    row of the city (a dashboard's households 51 → 20 ms, its signed agreements 100 → 35 ms
    at city scale)."""
    return ArraySubquery(projects_of_plan_year(year, district_id).values("pk"))


# Daily statuses that count as working for the resumption rate.
WORKING_KINDS = (DailyStatusKind.WORKING, DailyStatusKind.RESUMED_TODAY)


def project_counts_by_district(*, user):
    """Districts in the user's scope with the number of their projects the user reaches."""
    visible = Project.objects.for_user(user).values("id")
    return (
        Region.objects.districts()
        .for_user(user)
        .annotate(project_count=Count("projects", filter=Q(projects__in=visible)))
        .order_by("code")
    )


@dataclass
class TargetSplit:
    """A plan's split across districts: one row per district, the sums, and the gaps."""

    plan: AnnualPlan
    rows: list  # (district, DistrictTarget or None)
    sums: dict
    plan_values: dict
    differences: dict  # field → sum − plan value, only where they differ


def plan_target_split(*, plan: AnnualPlan, user) -> TargetSplit:
    districts = list(Region.objects.districts().for_user(user).order_by("code"))
    targets = {t.district_id: t for t in DistrictTarget.objects.for_user(user).filter(plan=plan)}
    sums = DistrictTarget.objects.filter(plan=plan).aggregate(**{f: Sum(f) for f in TARGET_FIELDS})
    sums = {f: sums[f] or 0 for f in TARGET_FIELDS}
    plan_values = plan.target_values()
    differences = {f: sums[f] - plan_values[f] for f in TARGET_FIELDS if sums[f] != plan_values[f]}
    return TargetSplit(
        plan, [(d, targets.get(d.id)) for d in districts], sums, plan_values, differences
    )


@dataclass
class InvestmentMonth:
    month: date
    amount: Decimal
    cumulative: Decimal


def project_investment(*, project: Project) -> tuple[list[InvestmentMonth], dict[int, Decimal]]:
    """Monthly investment with its running total, and the total of each year."""
    months, running, years = [], Decimal("0"), {}
    for report in InvestmentReport.objects.filter(project=project).order_by("month"):
        running += report.amount
        years[report.month.year] = years.get(report.month.year, Decimal("0")) + report.amount
        months.append(InvestmentMonth(report.month, report.amount, running))
    return months, years


# --- Daily resumption status: who files, and whose status is due, on a day -------------------


@dataclass
class FilingProject:
    """A project that files a status on a day, with its construction status on that day."""

    project: Project
    state: str  # ConstructionStatus on the day (under construction or suspended)
    is_due: bool  # counted for timeliness and as missing when not filed (DESIGN.md §5)


def projects_filing_on(*, day: date, projects) -> list[FilingProject]:
    """The projects of `projects` (a queryset: of projects, or of rows with their id and
    construction status) that file a daily status on `day`: under construction or
    suspended *that day* (read from the status log, not today's status). A status is due
    only from those under construction, on a working day of the official calendar — the one
    definition the filing sheet, the reporting overview and the daily report share."""
    return projects_filing_on_days(days=[day], projects=projects)[day]


def projects_filing_on_days(*, days: list[date], projects) -> dict[date, list[FilingProject]]:
    """projects_filing_on for each of several days, the projects read once for them all."""
    candidates = projects.exclude(construction_status=ConstructionStatus.NOT_STARTED)
    listed = list(candidates)
    ids = candidates.values("id")
    filing = {}
    for day, states in construction_states_on_days(days, listed, ids=ids).items():
        working = working_day(day).is_working_day
        filing[day] = [
            FilingProject(
                project, states[project.id], is_due(states[project.id], on_working_day=working)
            )
            for project in listed
            if states[project.id] in FILING_STATUSES
        ]
    return filing


@dataclass
class DailyStatusRow:
    project: Project
    state: str  # the construction status on the day
    current: DailyStatus | None  # already filed for the day
    previous: DailyStatus | None  # the latest before the day, to pre-fill from
    is_due: bool  # owed that day: a filing of one not owed is neither on time nor late


def daily_status_sheet(*, user, day: date, district: Region | None = None) -> list[DailyStatusRow]:
    """The projects the user files a daily status for on `day` (of one district, if given),
    with the day's status and the previous one to pre-fill from."""
    projects = Project.objects.for_user(user)
    if district is not None:
        projects = projects.filter(district=district)
    filing = projects_filing_on(day=day, projects=projects.order_by("district__code", "code"))
    ids = [f.project.id for f in filing]
    current = {s.project_id: s for s in DailyStatus.objects.filter(project_id__in=ids, date=day)}
    previous = {
        s.project_id: s
        for s in DailyStatus.objects.filter(project_id__in=ids, date__lt=day)
        .order_by("project_id", "-date")
        .distinct("project_id")
    }
    return [
        DailyStatusRow(
            f.project, f.state, current.get(f.project.id), previous.get(f.project.id), f.is_due
        )
        for f in filing
    ]


def reported_day(*, day: date) -> ReportedDay | None:
    """When the day's report was first generated, if it was (statuses after it are corrections)."""
    return ReportedDay.objects.filter(date=day).first()


def statuses_changed_since(*, day: date, since) -> list[DailyStatus]:
    """The day's statuses filed or changed after `since` (a report's generation): what the
    stored report no longer shows. City-wide, like the report; project and district names only."""
    return list(
        DailyStatus.objects.filter(date=day, submitted_at__gt=since)
        .select_related("project", "district")
        .order_by("district__code", "project__code")
    )


# An unfiled project as the overview names it (a dict: templates read its keys directly).
UNFILED_FIELDS = (
    "id",
    "code",
    "name",
    "district_id",
    "street_id",
    "street_contact_name",
    "street_contact_phone",
)


# A district is reminded (催报) of a day once in this time: a double click or a colleague's
# second reminder does not flood its clerks' inboxes.
REMINDER_INTERVAL = timedelta(minutes=30)


def remind_again_at(last_reminder: FilingReminder | None):
    """When a district reminded of a day by `last_reminder` can be reminded again; None:
    now. The one rule the reminder service and the pages' button share."""
    if last_reminder is None:
        return None
    again = last_reminder.sent_at + REMINDER_INTERVAL
    return again if again > timezone.now() else None


@dataclass
class DistrictReporting:
    district: Region
    due: int = 0
    reported: int = 0
    late: int = 0
    missing: list = field(default_factory=list)  # dicts of UNFILED_FIELDS and the district
    last_reminder: FilingReminder | None = None

    @property
    def remind_again_at(self):
        return remind_again_at(self.last_reminder)


@dataclass
class ReportingOverview:
    day: WorkingDay
    districts: list
    due: int
    reported: int
    late: int
    missing: list

    def filing(self) -> dict[int, dict]:
        """Its counts by district as `filing_progress` gives them, for a page that shows
        both (city staff's home) to count the day's filing once."""
        return {r.district.id: {"due": r.due, "filed": r.reported} for r in self.districts}


def filing_progress(*, day: date, projects) -> dict[int, dict]:
    """{district id: {"due": n, "filed": n}}: how many of `projects` owe a status on `day`
    and how many have filed it so far — a day still being filed is shown as this count,
    never as a rate. Three queries."""
    # A city's 1,200 projects as plain rows of what is counted: as model instances they were
    # a third of a dashboard's time.
    rows = projects.order_by().values_list("id", "district_id", "construction_status", named=True)
    due = [f.project for f in projects_filing_on(day=day, projects=rows) if f.is_due]
    filed = set(
        DailyStatus.objects.filter(project__in=projects.values("id"), date=day).values_list(
            "project_id", flat=True
        )
    )
    figures: dict[int, dict] = {}
    for project in due:
        row = figures.setdefault(project.district_id, {"due": 0, "filed": 0})
        row["due"] += 1
        row["filed"] += project.id in filed
    return figures


def daily_reporting_overview(*, user, day: date) -> ReportingOverview:
    """Who has filed the day's due statuses: per district, with the projects that have not."""
    districts = {
        d.id: DistrictReporting(d)
        for d in Region.objects.districts().for_user(user).order_by("code")
    }
    projects = Project.objects.for_user(user).order_by("code")
    # Plain rows, with what the pages name of an unfiled project (and a reminder reads: the
    # street): a city's 800 filing projects as model instances were half the overview's
    # time, and reading the unfiled ones again by their 450 ids took 10 ms.
    rows = projects.values_list("construction_status", *UNFILED_FIELDS, named=True)
    due = [f.project for f in projects_filing_on(day=day, projects=rows) if f.is_due]
    late = dict(
        DailyStatus.objects.filter(project__in=projects.values("id"), date=day).values_list(
            "project_id", "is_late"
        )
    )
    for reminder in (
        FilingReminder.objects.for_user(user)
        .filter(date=day, district_id__in=districts)
        .order_by("district_id", "-sent_at")
        .distinct("district_id")
    ):
        districts[reminder.district_id].last_reminder = reminder
    # A project granted outside the user's districts brings its district (one query for all).
    granted = {p.district_id for p in due} - districts.keys()
    for district in Region.objects.filter(pk__in=granted).order_by("code") if granted else ():
        districts[district.id] = DistrictReporting(district)
    missing = []
    for due_row in due:
        row = districts[due_row.district_id]
        row.due += 1
        if due_row.id not in late:
            project = due_row._asdict()
            project["district"] = row.district
            row.missing.append(project)
            missing.append(project)
        else:
            row.reported += 1
            row.late += late[due_row.id]
    rows = list(districts.values())
    return ReportingOverview(
        day=working_day(day),
        districts=rows,
        due=sum(r.due for r in rows),
        reported=sum(r.reported for r in rows),
        late=sum(r.late for r in rows),
        missing=missing,
    )


def filing_clerks(projects):
    """The district officials who file the statuses of these projects: those whose region
    is one of the projects' districts or streets, or who were granted one of them."""
    projects = list(projects)
    regions = {p.district_id for p in projects} | {p.street_id for p in projects if p.street_id}
    return (
        users_with_role(Role.DISTRICT_OFFICIAL)
        .filter(Q(scope_region_id__in=regions) | Q(scope_projects__in=projects))
        .distinct()
    )


@dataclass
class ProjectDay:
    """One project's facts on one day: its status as filed (None: not filed)."""

    project: Project
    status: DailyStatus | None


def project_days(*, user, day: date, project_ids=(), status_ids=()) -> list[ProjectDay]:
    """The projects behind a figure (given by project or by daily status ids) that the user
    may open, with the day's facts, by district and code. Three queries at most."""
    statuses = DailyStatus.objects.for_user(user).filter(date=day)
    project_ids = set(project_ids)
    if status_ids:
        project_ids |= set(statuses.filter(id__in=status_ids).values_list("project_id", flat=True))
    projects = list(
        Project.objects.for_user(user)
        .filter(id__in=project_ids)
        .select_related("district", "street")
        .order_by("district__code", "code")
    )
    filed = {s.project_id: s for s in statuses.filter(project__in=projects)}
    return [ProjectDay(p, filed.get(p.id)) for p in projects]


def project_daily_statuses(*, project, limit: int | None = None):
    """A project's daily statuses, latest first (the project page and its status list)."""
    rows = project.daily_statuses.order_by("-date")
    return rows[:limit] if limit else rows


# --- Daily resumption (复工日报) figures, DESIGN.md §5 -----------------------------------------


@dataclass
class ResumptionRow:
    """The figures of one district (or the city) with the ids of the records behind each."""

    under_construction: list = field(default_factory=list)  # project ids: the denominator
    working: list = field(default_factory=list)  # working or resumed today
    not_resumed: list = field(default_factory=list)  # includes those that did not report
    not_reported: list = field(default_factory=list)
    suspended: list = field(default_factory=list)  # outside the denominator, listed apart
    on_time: list = field(default_factory=list)  # daily status ids filed by the cut-off
    due: list = field(default_factory=list)  # project ids whose status was due
    workers: int = 0
    machinery: int = 0

    def add(self, other: "ResumptionRow") -> None:
        for name in (
            "under_construction",
            "working",
            "not_resumed",
            "not_reported",
            "suspended",
            "on_time",
            "due",
        ):
            getattr(self, name).extend(getattr(other, name))
        self.workers += other.workers
        self.machinery += other.machinery

    def as_dict(self) -> dict:
        return {
            "under_construction": len(self.under_construction),
            "working": len(self.working),
            "not_resumed": len(self.not_resumed),
            "not_reported": len(self.not_reported),
            "suspended": len(self.suspended),
            "resumption_rate": json_percent(
                percent(len(self.working), len(self.under_construction))
            ),
            "workers": self.workers,
            "machinery": self.machinery,
            "due": len(self.due),
            "on_time": len(self.on_time),
            "timeliness": json_percent(percent(len(self.on_time), len(self.due))),
            "records": {
                "under_construction": self.under_construction,
                "working": self.working,
                "not_resumed": self.not_resumed,
                "not_reported": self.not_reported,
                "suspended": self.suspended,
                "on_time_statuses": self.on_time,
            },
        }


def daily_resumption(*, day: date) -> dict:
    """The daily resumption figures of the whole city for `day` (a city-wide aggregate that
    every role may read, DESIGN.md §7). One query per kind of record, whatever the size."""
    return daily_resumptions(days=[day])[day]


def daily_resumptions(*, days: list[date]) -> dict[date, dict]:
    """daily_resumption of each of several days (a week's, for the weekly report), the
    districts, projects and statuses read once for them all."""
    if not days:
        return {}
    districts = list(Region.objects.districts().order_by("code"))
    filing = projects_filing_on_days(
        days=days,
        projects=Project.objects.select_related("district").only(
            "id",
            "code",
            "name",
            "district_id",
            "district__code",
            "district__name",
            "construction_status",
        ),
    )
    statuses: dict[date, dict[int, DailyStatus]] = {day: {} for day in days}
    for status in DailyStatus.objects.filter(date__in=days):
        statuses[status.date][status.project_id] = status
    return {
        day: _resumption_of(day, districts=districts, filing=filing[day], statuses=statuses[day])
        for day in days
    }


def _resumption_of(
    day: date, *, districts: list[Region], filing: list[FilingProject], statuses: dict
) -> dict:
    rows = {d.id: ResumptionRow() for d in districts}
    not_resumed_list, not_reported_list = [], []
    for entry in filing:
        project = entry.project
        row = rows.setdefault(project.district_id, ResumptionRow())
        if entry.state == ConstructionStatus.SUSPENDED:
            row.suspended.append(project.id)
            continue
        row.under_construction.append(project.id)
        if entry.is_due:
            row.due.append(project.id)
        status = statuses.get(project.id)
        if status is None:
            row.not_resumed.append(project.id)
            row.not_reported.append(project.id)
            not_reported_list.append(project)
            continue
        if entry.is_due and not status.is_late:
            row.on_time.append(status.id)
        row.workers += status.workers_on_site
        row.machinery += status.machinery_on_site
        if status.status in WORKING_KINDS:
            row.working.append(project.id)
        else:
            row.not_resumed.append(project.id)
            not_resumed_list.append((project, status))
    city = ResumptionRow()
    for row in rows.values():
        city.add(row)
    calendar_day = working_day(day)
    return {
        "date": day.isoformat(),
        "working_day": calendar_day.is_working_day,
        "official_calendar": calendar_day.is_official,
        "city": city.as_dict(),
        "districts": [
            {"district_id": d.id, "district_code": d.code, "name": d.name, **rows[d.id].as_dict()}
            for d in districts
        ],
        "not_resumed": [
            {
                "project_id": p.id,
                "code": p.code,
                "name": p.name,
                "district": p.district.name,
                "status_id": s.id,
                "reason": s.reason,
                "expected_resumption_on": s.expected_resumption_on.isoformat()
                if s.expected_resumption_on
                else None,
            }
            for p, s in sorted(
                not_resumed_list, key=lambda item: (item[0].district.code, item[0].code)
            )
        ],
        "not_reported": [
            {"project_id": p.id, "code": p.code, "name": p.name, "district": p.district.name}
            for p in sorted(not_reported_list, key=lambda p: (p.district.code, p.code))
        ],
    }


# --- Figures of the weekly report and the annual summary ----------------------------------------


def investment_months(start: date, end: date, *, via: str = "") -> Q:
    """The investment reports of the months from `start`'s to `end`'s (`via`: the path to
    the reports from the model queried, e.g. "investment_reports__")."""
    return Q(**{f"{via}month__gte": start.replace(day=1), f"{via}month__lte": end.replace(day=1)})


def invested_this_year(day: date) -> Sum:
    """A project's investment reported from January to `day`'s month (万元; None for none):
    the period of a figure of investment completed on `day`, for `annotate()`."""
    via = "investment_reports__"
    return Sum(f"{via}amount", filter=investment_months(date(day.year, 1, 1), day, via=via))


def investment_by_district(
    *, start: date, end: date, district_id: int | None = None
) -> dict[int, dict]:
    """{district id: {"completed": 万元, "projects": ids}}: investment reported for the
    months from `start`'s to `end`'s, by the project's district (every district, or the one
    given). One query, a row a district (a row a project was a thousand rows for the city's
    dozen sums)."""
    reports = InvestmentReport.objects.filter(investment_months(start, end))
    if district_id is not None:
        reports = reports.filter(project__district_id=district_id)
    return {
        district_pk: {"completed": completed, "projects": projects}
        for district_pk, completed, projects in reports.values("project__district_id")
        .annotate(
            completed=Sum("amount"),
            projects=ArrayAgg("project_id", distinct=True, order_by="project_id"),
        )
        .order_by("project__district_id")
        .values_list("project__district_id", "completed", "projects")
    }


def units_reached(*, start: date, end: date) -> dict:
    """Units (套) started — in buildings whose foundation structural work started in
    [start, end] — and basically completed — main structure capped in it (DESIGN.md §5),
    with the buildings' ids. One query."""
    started = Q(foundation_started_on__gte=start, foundation_started_on__lte=end)
    capped = Q(structure_capped_on__gte=start, structure_capped_on__lte=end)
    figures = {"started": 0, "capped": 0, "started_buildings": [], "capped_buildings": []}
    for building in ResettlementBuilding.objects.filter(started | capped).order_by("pk"):
        start_in = building.foundation_started_on and start <= building.foundation_started_on <= end
        capped_in = building.structure_capped_on and start <= building.structure_capped_on <= end
        if start_in:
            figures["started"] += building.units
            figures["started_buildings"].append(building.pk)
        if capped_in:
            figures["capped"] += building.units
            figures["capped_buildings"].append(building.pk)
    return figures


def funding_by_source(*, year: int) -> list[dict]:
    """Funding of the plan year's projects by source: planned and received (到位, 万元)."""
    totals = dict(
        (source, (planned, received))
        for source, planned, received in ProjectFunding.objects.filter(project__plan_year=year)
        .values("source")
        .annotate(planned=Sum("planned"), received=Sum("received"))
        .values_list("source", "planned", "received")
    )
    return [
        {
            "source": source.value,
            "label": str(source.label),
            "planned": totals.get(source.value, (Decimal("0"), Decimal("0")))[0],
            "received": totals.get(source.value, (Decimal("0"), Decimal("0")))[1],
        }
        for source in FundingSource
    ]


def programme_totals(*, first_year: int, year: int, end: date) -> dict:
    """Since the first plan year: the projects of the plan years up to `year` (ids) and the
    investment completed up to `end`. Two queries."""
    projects = list(
        Project.objects.filter(plan_year__gte=first_year, plan_year__lte=year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    investment = InvestmentReport.objects.filter(month__lte=end.replace(day=1)).aggregate(
        total=Sum("amount")
    )["total"]
    return {"projects": projects, "investment": investment or Decimal("0")}
