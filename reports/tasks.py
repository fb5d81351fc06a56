"""Thin tasks: the arguments are a kind and a period, never personal data."""

import logging

from celery import shared_task
from django.utils import timezone

from projects.workdays import working_day
from reports import services
from reports.models import ReportKind

logger = logging.getLogger(__name__)


@shared_task(
    name="reports.generate_report",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def generate_report(kind: str, period: str | None = None) -> int | None:
    """Generate a new version. The scheduled run passes no period: it makes today's daily
    report, on working days only (statuses are not due on other days)."""
    if period is None:
        if kind == ReportKind.DAILY_RESUMPTION and not working_day(timezone.localdate()).is_working_day:
            logger.info("Daily resumption report skipped: %s is not a working day", timezone.localdate())
            return None
        period = services.default_period(kind)
    return services.report_generate(kind=kind, period=period).pk
