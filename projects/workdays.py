"""Working days of the official calendar (statutory holidays and 调休 working weekends).

chinese-calendar knows the years the State Council has published; for a year it does not
know yet we fall back to Monday–Friday and say so, instead of guessing holidays.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

import chinese_calendar
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class WorkingDay:
    date: date
    is_working_day: bool
    is_official: bool  # False when the calendar for that year is not published yet


def working_day(day: date) -> WorkingDay:
    try:
        return WorkingDay(day, chinese_calendar.is_workday(day), True)
    except NotImplementedError:
        return WorkingDay(day, day.weekday() < 5, False)


def daily_status_deadline(day: date) -> datetime:
    """The cut-off for the daily status of `day` (DAILY_STATUS_CUTOFF, local time)."""
    hour, minute = (int(part) for part in settings.DAILY_STATUS_CUTOFF.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_late(day: date, submitted_at: datetime) -> bool:
    return submitted_at > daily_status_deadline(day)
