"""The daily status cut-off: a status first submitted after it is late."""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone


def daily_status_deadline(day: date) -> datetime:
    """The cut-off for the daily status of `day` (DAILY_STATUS_CUTOFF, local time)."""
    hour, minute = (int(part) for part in settings.DAILY_STATUS_CUTOFF.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_late(day: date, submitted_at: datetime) -> bool:
    return submitted_at > daily_status_deadline(day)
