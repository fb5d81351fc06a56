"""Read-side queries on stored reports, shared by the report pages, the dashboards and the API."""

import json
from datetime import date

from django.db.models import JSONField, Q
from django.db.models.expressions import RawSQL

from compensation.selectors import signing_by_district
from households.selectors import start_as_of
from projects.selectors import daily_resumptions
from reports.models import Report, ReportKind, ReportStatus


def resumption_trend(*, days: int = 30) -> list[tuple[str, float | None, int]]:
    """(period, city resumption rate, report id) of the last `days` stored daily reports,
    oldest first."""
    rows = (
        Report.objects.current()
        .complete()
        .filter(kind=ReportKind.DAILY_RESUMPTION)
        .order_by("-period")
        .values_list("period", "data__city__resumption_rate", "id")[:days]
    )
    return list(reversed(rows))


def latest_report(*, kind: str, up_to: str) -> Report | None:
    """The current version of the latest complete report of a kind for a period up to
    `up_to` (the latest daily report, on the city staff's home page)."""
    return (
        Report.objects.current()
        .complete()
        .filter(kind=kind, period__lte=up_to)
        .defer("data")
        .order_by("-period")
        .first()
    )


def reports_awaiting_publication():
    """Current versions generated but not published yet: waiting for city staff, latest
    first."""
    return (
        Report.objects.current()
        .filter(status=ReportStatus.READY)
        .defer("data")
        .order_by("-period", "kind")
    )


def daily_figures(*, day) -> dict:
    """A day's resumption figures as its stored report has them, so a dashboard, the report
    and the trend agree; computed now only for a day with no complete report yet."""
    return daily_figures_of([day])[day]


def daily_figures_of(days: list[date]) -> dict[date, dict]:
    """daily_figures of several days: the stored ones in one query, the rest computed."""
    stored = dict(
        Report.objects.current()
        .complete()
        .filter(kind=ReportKind.DAILY_RESUMPTION, period__in=[d.isoformat() for d in days])
        .values_list("period", "data")
    )
    computed = daily_resumptions(days=[day for day in days if day.isoformat() not in stored])
    return {
        day: stored[day.isoformat()] if day.isoformat() in stored else computed[day] for day in days
    }


def figure_ids(data: dict, *, district_code: str | None, figure: str) -> tuple[list[int], str]:
    """The ids behind one figure of daily resumption figures (a stored report's data or
    today's), a district's or the city's, with the name of whose figure it is."""
    row = (
        data["city"]
        if district_code is None
        else next(
            (d for d in data.get("districts", []) if d["district_code"] == district_code), None
        )
    )
    if row is None or figure not in row["records"]:
        return [], ""
    return row["records"][figure], row.get("name", "")


def behind_deadline_today(*, year: int, today: date, district_id: int | None = None):
    """(the day, the ids of the plan year's projects past their signing deadline on it): the
    dashboards' figure as it stands, the city's or a district's."""
    as_of = start_as_of(year, today)
    signing = signing_by_district(year=year, as_of=as_of, district_id=district_id)
    return as_of, sorted(pk for row in signing.values() for pk in row["behind_deadline"])


def city_resumption_counts(*, start: date, end: date) -> dict[str, tuple[int, int]]:
    """{day: (working, under construction)} of the city from the stored daily reports of
    [start, end], in one query (days without a stored report are not in it)."""
    return {
        period: (working, under_construction)
        for period, working, under_construction in Report.objects.current()
        .complete()
        .filter(
            kind=ReportKind.DAILY_RESUMPTION,
            period__gte=start.isoformat(),
            period__lte=end.isoformat(),
        )
        .values_list("period", "data__city__working", "data__city__under_construction")
    }


def report_day(report: Report) -> date:
    """The day a stored report's figures stand on: its date, its week's Sunday, the day
    its year's figures were taken."""
    if report.kind == ReportKind.WEEKLY_SUPERVISION:  # the last week of a year: 31 December
        return date.fromisoformat(report.data.get("as_of", report.data["end"]))
    if report.kind == ReportKind.ANNUAL_SUMMARY:
        return date.fromisoformat(report.data["as_of"])
    return date.fromisoformat(report.period)


def plan_year_of_week(period: str) -> int:
    """The plan a week reports on: its ISO year (the year of its Thursday), so the first
    week counts with the year it opens and the last one with the year it closes."""
    return int(period[:4])


def weeks_of_plan_year(year: int) -> Q:
    """The weekly reports on a plan (`plan_year_of_week`), chosen by their period: the
    year their data records says the same, but reading it unpacks each week's 60 KB."""
    return Q(kind=ReportKind.WEEKLY_SUPERVISION, period__startswith=f"{year:04d}-W")


def start_rate_trend(*, year: int, district_code: str | None = None) -> list[tuple]:
    """(week, start rate, report id) from the stored weekly reports of the plan year, oldest
    first: the city's, or one district's read inside the database (a week's data holds
    every district's record ids, which a trend does not need). One query."""
    weeks = Report.objects.current().complete().filter(weeks_of_plan_year(year)).order_by("period")
    if district_code is None:
        return list(weeks.values_list("period", "data__city__start_rate", "id"))
    rate = RawSQL(
        "jsonb_path_query_first(data, '$.districts[*] ? (@.district_code == $code).start_rate',"
        " %s::jsonb)",
        (json.dumps({"code": district_code}),),
        output_field=JSONField(),
    )
    return list(weeks.annotate(rate=rate).values_list("period", "rate", "id"))
