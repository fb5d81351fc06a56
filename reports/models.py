from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.models import BaseModel
from core.scoping import CityWideQuerySet


class ReportKind(models.TextChoices):
    DAILY_RESUMPTION = "daily_resumption", _("Daily resumption report")
    WEEKLY_SUPERVISION = "weekly_supervision", _("Weekly supervision circular")
    ANNUAL_SUMMARY = "annual_summary", _("Annual summary figures")


class ReportStatus(models.TextChoices):
    GENERATING = "generating", _("Generating")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")


# No run takes this long (the weekly report at city scale builds in seconds): one still
# "generating" after it was killed with its worker.
RUN_TIME_LIMIT = timedelta(minutes=10)


class ReportQuerySet(CityWideQuerySet):
    """The bureau distributes its reports to every district: anyone with a scope reads them
    (the one deliberate exception to district scoping, DESIGN.md §7)."""

    def current(self):
        return self.filter(is_current=True)

    def live(self):
        """Runs still going: generating, and not for longer than a run can take."""
        return self.filter(
            status=ReportStatus.GENERATING, started_at__gte=timezone.now() - RUN_TIME_LIMIT
        )

    def abandoned(self):
        """Runs whose worker died: generating for longer than any run takes."""
        return self.filter(
            status=ReportStatus.GENERATING, started_at__lt=timezone.now() - RUN_TIME_LIMIT
        )

    def complete(self):
        """Versions with figures: ready or published (not generating, not failed)."""
        return self.filter(status__in=[ReportStatus.READY, ReportStatus.PUBLISHED])


def report_file_path(instance, filename):
    return f"reports/{instance.kind}/{instance.period}/v{instance.version}-{filename}"


def week_label(period: str) -> str:
    """An ISO week (2026-W48) as the bureau writes it, 2026年第48周: the code stays the
    period in the data, the API and the file names."""
    year, week = period.split("-W")
    return _("%(year)s, week %(week)d") % {"year": year, "week": int(week)}


@tracked()
class Report(BaseModel):
    """One version of a generated report for a kind and period.

    A new version is built beside the current one and takes over in one transaction, so a
    run that fails or dies leaves the previous version current. Published versions are
    never changed: a correction is a new version, published with a note of what changed.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind.choices)
    period = models.CharField(
        _("period"), max_length=20, help_text=_("2026-11-20, 2026-W47 or 2026")
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.GENERATING
    )
    is_current = models.BooleanField(_("current"), default=False)
    data = models.JSONField(_("data"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to=report_file_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    correction_note = models.TextField(_("what changed"), blank=True, max_length=2000)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period", "kind", "-version"]
        permissions = [("publish_report", _("Can publish reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "version"], name="report_unique_version"
            ),
            models.UniqueConstraint(
                fields=["kind", "period"],
                condition=models.Q(is_current=True),
                name="report_one_current",
            ),
        ]
        indexes = [models.Index(fields=["kind", "period", "is_current"])]

    def __str__(self):
        return _("%(kind)s %(period)s version %(version)d") % {
            "kind": self.get_kind_display(),
            "period": self.period,
            "version": self.version,
        }

    @property
    def period_label(self) -> str:
        """The period as the pages name it (a week in words, a day or year as it is)."""
        if self.kind == ReportKind.WEEKLY_SUPERVISION:
            return week_label(self.period)
        return self.period

    def download_name(self) -> str:
        """The name its workbook downloads under (the page and the API alike)."""
        return _("%(kind)s-%(period)s-version %(version)d.xlsx") % {
            "kind": self.get_kind_display(),
            "period": self.period,
            "version": self.version,
        }

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class DisplayLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


@tracked()
class DisplayLink(BaseModel):
    """A link that opens the command-centre screen on a meeting-room wall with no session
    (DESIGN.md §7, big screen). It shows aggregate figures only and can do nothing else; an
    administrator creates it, sees its address once, and revokes it. Only a hash of its
    token is kept, so a copy of the database opens no screen."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Where it is shown, e.g. the command centre's wall")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = DisplayLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("display link")
        verbose_name_plural = _("display links")
        ordering = ["-created_at"]
        permissions = [("revoke_displaylink", _("Can revoke display links"))]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
