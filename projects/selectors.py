"""Read-side queries on projects shared by pages, API and reports."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from projects.models import AnnualPlan, DailyStatus, DistrictTarget, InvestmentReport, Project, Region
from projects.services import TARGET_FIELDS
from projects.workdays import WorkingDay, working_day


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
    plan_values = {
        "households": plan.target_households,
        "households_in_kind": plan.target_households_in_kind,
        "households_monetary": plan.target_households_monetary,
        "units": plan.target_units,
        "projects": plan.target_projects,
        "investment": plan.target_investment,
    }
    differences = {f: sums[f] - plan_values[f] for f in TARGET_FIELDS if sums[f] != plan_values[f]}
    return TargetSplit(plan, [(d, targets.get(d.id)) for d in districts], sums, plan_values, differences)


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


@dataclass
class DailyStatusRow:
    project: Project
    current: DailyStatus | None  # already filed for the day
    previous: DailyStatus | None  # the latest before the day, to pre-fill from


def daily_status_sheet(*, user, day: date) -> list[DailyStatusRow]:
    """The projects the user files a daily status for, with the day's and the previous one."""
    projects = list(
        Project.objects.for_user(user).filing_daily_status().select_related("district", "street")
        .order_by("district__code", "code")
    )
    ids = [p.id for p in projects]
    current = {s.project_id: s for s in DailyStatus.objects.filter(project_id__in=ids, date=day)}
    previous = {
        s.project_id: s
        for s in DailyStatus.objects.filter(project_id__in=ids, date__lt=day)
        .order_by("project_id", "-date").distinct("project_id")
    }
    return [DailyStatusRow(p, current.get(p.id), previous.get(p.id)) for p in projects]


@dataclass
class DistrictReporting:
    district: Region
    due: int = 0
    reported: int = 0
    late: int = 0
    missing: list = field(default_factory=list)


@dataclass
class ReportingOverview:
    day: WorkingDay
    districts: list
    due: int
    reported: int
    late: int
    missing: list


def daily_reporting_overview(*, user, day: date) -> ReportingOverview:
    """Who has filed the day's status: per district, with the projects that have not."""
    districts = {d.id: DistrictReporting(d) for d in Region.objects.districts().for_user(user).order_by("code")}
    projects = list(
        Project.objects.for_user(user).filing_daily_status().select_related("district").order_by("code")
    )
    filed = {
        s.project_id: s
        for s in DailyStatus.objects.filter(project_id__in=[p.id for p in projects], date=day)
    }
    missing = []
    for project in projects:
        row = districts.setdefault(project.district_id, DistrictReporting(project.district))
        row.due += 1
        status = filed.get(project.id)
        if status is None:
            row.missing.append(project)
            missing.append(project)
        else:
            row.reported += 1
            row.late += status.is_late
    rows = list(districts.values())
    return ReportingOverview(
        day=working_day(day), districts=rows, due=sum(r.due for r in rows),
        reported=sum(r.reported for r in rows), late=sum(r.late for r in rows), missing=missing,
    )
