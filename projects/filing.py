"""Which daily statuses are due, and the cut-off: a due status first submitted after it is
late."""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from core.workdays import working_day
from projects.choices import ConstructionStatus


def daily_status_deadline(day: date) -> datetime:
    """The cut-off for the daily status of `day` (DAILY_STATUS_CUTOFF, local time)."""
    hour, minute = (int(part) for part in settings.DAILY_STATUS_CUTOFF.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_due(state: str, *, on_working_day: bool) -> bool:
    """A status is due from a project under construction that day, on a working day of the
    official calendar (DESIGN.md §5): a suspended one files its reason, but owes nothing."""
    return on_working_day and state == ConstructionStatus.UNDER_CONSTRUCTION


def is_late(
    day: date, submitted_at: datetime, state: str = ConstructionStatus.UNDER_CONSTRUCTION
) -> bool:
    """A due status submitted after the day's cut-off. One that was not due is never late:
    filed on a non-working day, or by a suspended project (both were marked 补报)."""
    return submitted_at > daily_status_deadline(day) and is_due(
        state, on_working_day=working_day(day).is_working_day
    )
