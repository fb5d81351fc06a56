"""Stored daily reports for the demo city's recent working days (seed_demo)."""

from datetime import date, timedelta

from core.workdays import working_day
from reports.models import ReportKind
from reports.services import report_generate, report_publish
from reports.weekly import week_of


def seed_daily_reports(*, today: date, publisher, days: int = 42) -> int:
    """Published daily reports for the working days of the last `days` days, as the
    scheduled run would have left them."""
    made = 0
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        if not working_day(day).is_working_day:
            continue
        report = report_generate(kind=ReportKind.DAILY_RESUMPTION, period=day.isoformat())
        report_publish(report=report, user=publisher)
        made += 1
    return made


def seed_weekly_reports(*, today: date, publisher) -> int:
    """Published weekly circulars for every finished week of the year, oldest first (each
    week's change is against the one before); the dashboards draw their trend from them."""
    made = 0
    week = date.fromisocalendar(today.year, 1, 1)
    while week + timedelta(days=6) < today:
        report = report_generate(kind=ReportKind.WEEKLY_SUPERVISION, period=week_of(week))
        report_publish(report=report, user=publisher)
        made += 1
        week += timedelta(days=7)
    return made


def seed_annual_summary(*, today: date) -> None:
    """This year's summary figures so far, generated and waiting to be published."""
    report_generate(kind=ReportKind.ANNUAL_SUMMARY, period=str(today.year))
