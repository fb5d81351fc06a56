"""Generating and publishing reports: versions built beside the current one, swapped atomically."""

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from reports import annual, daily, weekly
from reports.models import DisplayLink, Report, ReportKind, ReportStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KindSpec:
    """How one kind of report is made."""

    parse_period: Callable[
        [str], object
    ]  # refuses a bad or future period before anything is written
    build_data: Callable[[str], dict]
    write_workbook: Callable[[dict], bytes]
    default_period: Callable[[], str]
    generated: Callable[[str], None]  # told once a version is stored, in the same transaction


KINDS = {
    ReportKind.DAILY_RESUMPTION: KindSpec(
        daily.reportable_day,
        daily.build_data,
        daily.workbook,
        daily.latest_reportable_day,
        daily.mark_generated,
    ),
    ReportKind.WEEKLY_SUPERVISION: KindSpec(
        weekly.parse_period,
        weekly.build_data,
        weekly.workbook,
        weekly.last_week,
        weekly.mark_generated,
    ),
    ReportKind.ANNUAL_SUMMARY: KindSpec(
        annual.parse_period,
        annual.build_data,
        annual.workbook,
        lambda: str(timezone.localdate().year),
        annual.mark_generated,
    ),
}


def parse_period(kind: str, period: str):
    """Refuse a period a report of this kind cannot be made for (ValidationError)."""
    return KINDS[ReportKind(kind)].parse_period(period)


def _lock(kind: str, period: str) -> None:
    """Serialise the runs of one report and period (the 18:00 run and a manual one) until
    the end of the transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"report:{kind}:{period}"])


def default_period(kind: str) -> str:
    return KINDS[ReportKind(kind)].default_period()


def report_runs_mark_abandoned() -> int:
    """A run killed with its worker never says so: once it has been generating longer than
    any run takes, mark it failed, so pages stop waiting for it (beat runs this often)."""
    return Report.objects.abandoned().update(
        status=ReportStatus.FAILED, error=_("The run was interrupted.")
    )


def report_generate_scheduled(*, kind: str) -> Report | None:
    """The scheduled run: the default period's report — for the daily report, today's, on
    working days once the filing has closed (statuses are not due on other days, so there
    is nothing to report)."""
    if kind == ReportKind.DAILY_RESUMPTION:
        today = timezone.localdate().isoformat()
        try:
            daily.reportable_day(today)
        except ValidationError as exc:
            logger.info("Daily resumption report skipped: %s", "；".join(exc.messages))
            return None
        return report_generate(kind=kind, period=today)
    return report_generate(kind=kind, period=default_period(kind))


def report_generate(*, kind: str, period: str) -> Report:
    """Build a new version of a report. Until it is complete the previous version stays
    current; if this run raises (or dies) that version and its file are left as they were."""
    spec = KINDS[ReportKind(kind)]
    spec.parse_period(period)
    report_runs_mark_abandoned()
    with transaction.atomic():
        _lock(kind, period)
        latest = Report.objects.filter(kind=kind, period=period).aggregate(Max("version"))[
            "version__max"
        ]
        report = Report.objects.create(kind=kind, period=period, version=(latest or 0) + 1)
    try:
        data = spec.build_data(period)
        content = spec.write_workbook(data)
        with transaction.atomic():
            _lock(kind, period)
            current = Report.objects.filter(kind=kind, period=period, is_current=True).first()
            report.file.save(f"{kind}-{period}.xlsx", ContentFile(content), save=False)
            report.data = data
            report.status = ReportStatus.READY
            report.generated_at = timezone.now()
            # A published version stays current until a correction is published over it.
            if current is None or not current.is_published:
                if current is not None:
                    Report.objects.filter(pk=current.pk).update(is_current=False)
                report.is_current = True
            report.save()
            spec.generated(period)
    except Exception as exc:
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"
        )
        raise
    return report


@transaction.atomic
def report_publish(*, report: Report, user, correction_note: str = "") -> Report:
    """印发: a published version never changes. Publishing over a published version is a
    correction and must say what changed."""
    _lock(report.kind, report.period)
    report = Report.objects.get(pk=report.pk)
    if report.status == ReportStatus.PUBLISHED:
        raise Conflict(_("This version has already been published."))
    if report.status != ReportStatus.READY:
        raise Conflict(_("Only a complete report can be published."))
    current = (
        Report.objects.select_for_update()
        .filter(kind=report.kind, period=report.period, is_current=True)
        .exclude(pk=report.pk)
        .first()
    )
    newer = Report.objects.filter(
        kind=report.kind,
        period=report.period,
        version__gt=report.version,
        status__in=[ReportStatus.READY, ReportStatus.PUBLISHED],
    ).exists()
    if newer:
        raise Conflict(_("A newer version exists; publish that one."))
    correction_note = correction_note.strip()
    earlier_published = Report.objects.filter(
        kind=report.kind, period=report.period, status=ReportStatus.PUBLISHED
    ).exists()
    if earlier_published and not correction_note:
        raise ValidationError({"correction_note": _("Say what this correction changes.")})
    if current is not None:
        Report.objects.filter(pk=current.pk).update(is_current=False)
    report.is_current = True
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = user
    report.correction_note = correction_note
    report.save()
    return report


# --- Display links of the command-centre screen ---------------------------------------------


def display_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def display_link_create(link: DisplayLink, *, user) -> str:
    """Store a new display link and return its token: shown to the administrator once,
    only its hash kept."""
    token = secrets.token_urlsafe(32)
    link.token_hash = display_token_hash(token)
    link.created_by = user
    link.save()
    return token


def display_link_revoke(*, links) -> int:
    """Revoke links: a screen showing one is refused at its next refresh."""
    return links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def _opened_key(link_id: int) -> str:
    return f"display-link-opened:{link_id}"


def display_link_open(token: str) -> DisplayLink | None:
    """The active link of a token, None for an unknown or revoked one. When it was last
    opened is kept in the cache, not in the database: a database write would put the
    request's address — the token itself — into the change history."""
    link = DisplayLink.objects.active().filter(token_hash=display_token_hash(token)).first()
    if link is not None:
        cache.set(_opened_key(link.pk), timezone.now(), timeout=None)
    return link


def display_link_last_opened(link: DisplayLink):
    return cache.get(_opened_key(link.pk))
