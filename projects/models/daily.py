from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.models import BaseModel, Region, Versioned
from projects.choices import DailyStatusKind
from projects.models.fields import count_field
from projects.models.projects import Project
from projects.querysets import CarriesDistrictQuerySet, DistrictRowQuerySet


@tracked()
class DailyStatus(Versioned):
    """复工日报: one project's construction status for one day; submitting again updates it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="daily_statuses", verbose_name=_("project")
    )
    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=DailyStatusKind.choices)
    workers_on_site = count_field(_("workers on site"), default=0)
    machinery_on_site = count_field(_("machinery on site"), default=0)
    reason = models.CharField(_("reason not working"), max_length=500, blank=True)
    expected_resumption_on = models.DateField(_("expected resumption date"), null=True, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporter"),
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"))
    submitted_at = models.DateTimeField(_("last submitted at"))
    is_late = models.BooleanField(
        _("late"), default=False, help_text=_("First submitted after the cut-off time of its day.")
    )
    corrected_at = models.DateTimeField(
        _("corrected at"),
        null=True,
        blank=True,
        help_text=_("Filed or changed after the day's report was generated."),
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)

    objects = CarriesDistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily resumption status")
        verbose_name_plural = _("daily resumption statuses")
        ordering = ["-date", "district__code", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "date"], name="daily_status_unique_day")
        ]
        indexes = [models.Index(fields=["date", "district"])]

    def __str__(self):
        return f"{self.project} {self.date}"


class ReportedDay(BaseModel):
    """A day whose daily resumption report has been generated: a status filed or changed for
    it afterwards is a correction, with a reason, shown as such. The reports app marks the
    day through projects.services.daily_day_mark_reported."""

    date = models.DateField(_("date"), unique=True)
    reported_at = models.DateTimeField(_("report generated at"))

    class Meta:
        verbose_name = _("reported day")
        verbose_name_plural = _("reported days")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date}"


class FilingReminder(BaseModel):
    """催报: city staff reminded a district's clerks of the day's statuses not yet filed.
    The reminder itself reaches them in their inbox (core notifications)."""

    date = models.DateField(_("date"))
    district = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("district")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    projects_missing = count_field(_("projects not filed"), default=0)
    recipients = count_field(_("recipients"), default=0)

    objects = DistrictRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("filing reminder")
        verbose_name_plural = _("filing reminders")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["date", "district"])]

    def __str__(self):
        return f"{self.district} {self.date}"
