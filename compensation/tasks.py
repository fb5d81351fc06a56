"""Thin tasks of compensation: they call a service and own their retries."""

from celery import shared_task

from compensation import services


@shared_task(name="compensation.lapse_agreements", ignore_result=True)
def lapse_agreements() -> int:
    """失效: the conditional agreements of projects whose signing period ended below the
    threshold lapse, and those projects are flagged."""
    return len(services.agreements_lapse())
