"""Thin tasks of households: they call a service and own their retries."""

from celery import shared_task

from households import services


@shared_task(name="households.purge_import_previews", ignore_result=True)
def purge_import_previews() -> int:
    """Roster files waiting for confirmation hold ID numbers: none outlives its expiry."""
    return services.import_previews_purge()
