"""Thin tasks of supervision: they call a service and own their retries."""

from celery import shared_task

from supervision import services


@shared_task(name="supervision.escalate_notices", ignore_result=False)
def escalate_notices() -> int:
    """Each morning: open overdue notices reach the escalation steps their working days
    overdue call for (each step once, however often it runs)."""
    return len(services.notices_escalate())
