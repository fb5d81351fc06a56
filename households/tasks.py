"""Thin tasks of households: they call a service and own their retries."""

from celery import shared_task

from households import services
from households.models import RosterExport


@shared_task(name="households.purge_import_previews", ignore_result=True)
def purge_import_previews() -> int:
    """Roster files waiting for confirmation hold ID numbers: none outlives its expiry."""
    return services.import_previews_purge()


@shared_task(
    name="households.export_roster",
    ignore_result=True,
    acks_late=True,
    time_limit=RosterExport.WRITING_LIMIT.total_seconds(),
)
def export_roster(export_id: int) -> None:
    services.roster_export_write(export_id=export_id)


@shared_task(name="households.purge_roster_exports", ignore_result=True)
def purge_roster_exports() -> int:
    """Roster files name people and their phones: none outlives KEEP_HOURS."""
    return services.roster_exports_purge()
