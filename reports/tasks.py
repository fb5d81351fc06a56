"""Thin tasks: the arguments are a kind and a period, never personal data."""

from celery import shared_task

from reports import services


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
    """Generate a new version; the scheduled run passes no period (services decides)."""
    report = (
        services.report_generate_scheduled(kind=kind)
        if period is None
        else services.report_generate(kind=kind, period=period)
    )
    return report.pk if report else None


@shared_task(name="reports.mark_abandoned_runs", ignore_result=True)
def mark_abandoned_runs() -> int:
    return services.report_runs_mark_abandoned()
