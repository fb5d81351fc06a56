"""The daily status cut-off: a status first submitted after it is late."""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from core.workdays import working_day


def daily_status_deadline(day: date) -> datetime:
    """The cut-off for the daily status of `day` (DAILY_STATUS_CUTOFF, local time)."""
    hour, minute = (int(part) for part in settings.DAILY_STATUS_CUTOFF.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_late(day: date, submitted_at: datetime) -> bool:
    """After the cut-off of a working day. A non-working day owes no status (DESIGN.md §5),
    so one filed that evening is not late (it was marked 补报)."""
    return submitted_at > daily_status_deadline(day) and working_day(day).is_working_day
