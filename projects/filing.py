"""The daily status cut-off: a status first submitted after it is late."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from core.workdays import working_day


def daily_status_deadline(day: date) -> datetime:
    """The cut-off for the daily status of `day` (DAILY_STATUS_CUTOFF, local time)."""
    hour, minute = (int(part) for part in settings.DAILY_STATUS_CUTOFF.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_late(day: date, submitted_at: datetime) -> bool:
    return submitted_at > daily_status_deadline(day)


def last_closed_day(now: datetime | None = None) -> date:
    """The latest working day whose cut-off has passed: the day a dashboard shows, so a rate
    is never read off a day still being filed."""
    now = timezone.localtime(now or timezone.now())
    day = now.date()
    if now <= daily_status_deadline(day):
        day -= timedelta(days=1)
    for _ in range(40):  # the longest holiday is well under this
        if working_day(day).is_working_day:
            return day
        day -= timedelta(days=1)
    return day
