from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.models import BaseModel, Region, Versioned
from projects.choices import (
    ConstructionStatus,
    DemolitionType,
    ExpropriationStatus,
    FundingSource,
    ProjectCategory,
    ResettlementMode,
)
from projects.models.fields import check_date_order, count_field, money_field
from projects.querysets import ProjectChildQuerySet, ProjectQuerySet


@tracked()
class Project(Versioned):
    """A shantytown redevelopment project (棚改项目) of one district.

    Expropriation and construction run side by side (先建后拆 is common), so each has its own
    status; both change only through projects.services, which enforce their lifecycles.
    """

    code = models.CharField(
        _("project code"),
        max_length=32,
        unique=True,
        error_messages={"unique": _("A project with this code already exists.")},
    )
    name = models.CharField(_("project name"), max_length=200)
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"level": Region.Level.DISTRICT},
        verbose_name=_("district"),
    )
    street = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="street_projects",
        limit_choices_to={"level": Region.Level.STREET},
        verbose_name=_("street"),
    )
    plan_year = models.PositiveSmallIntegerField(
        _("plan year"),
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=ProjectCategory.choices,
        default=ProjectCategory.OLD_RESIDENTIAL,
    )
    demolition_type = models.CharField(
        _("demolition type"),
        max_length=10,
        choices=DemolitionType.choices,
        default=DemolitionType.URBAN,
    )
    resettlement_mode = models.CharField(
        _("resettlement mode"),
        max_length=10,
        choices=ResettlementMode.choices,
        default=ResettlementMode.MIXED,
    )
    planned_households = count_field(_("planned households"), default=0)
    planned_units = count_field(_("planned units"), default=0)
    floor_area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000000"))],
    )
    planned_investment = money_field(_("planned investment (10k yuan)"), default=Decimal("0"))

    lead_leader_name = models.CharField(_("lead leader"), max_length=50, blank=True)
    lead_leader_post = models.CharField(_("lead leader's post"), max_length=100, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    street_contact_name = models.CharField(
        _("street responsible person"), max_length=50, blank=True
    )
    street_contact_phone = models.CharField(
        _("street responsible person's phone"), max_length=20, blank=True
    )
    city_liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="liaison_projects",
        verbose_name=_("city liaison"),
    )
    scope_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="scope_projects",
        verbose_name=_("project HQ staff"),
        help_text=_(
            "Users who reach this project in addition to their scope region (project HQ staff)."
        ),
    )

    expropriation_status = models.CharField(
        _("expropriation status"),
        max_length=20,
        choices=ExpropriationStatus.choices,
        default=ExpropriationStatus.NOT_STARTED,
        editable=False,
    )
    construction_status = models.CharField(
        _("construction status"),
        max_length=20,
        choices=ConstructionStatus.choices,
        default=ConstructionStatus.NOT_STARTED,
        editable=False,
        db_index=True,
    )
    suspension_reason = models.CharField(
        _("suspension reason"), max_length=500, blank=True, editable=False
    )

    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    scope_announced_on = models.DateField(_("scope announcement date"), null=True, blank=True)
    freeze_date = models.DateField(
        _("freeze date"),
        null=True,
        blank=True,
        help_text=_(
            "After this date new building, renovation and household splitting do not count."
        ),
    )
    decision_announced_on = models.DateField(_("decision announcement date"), null=True, blank=True)
    signing_starts_on = models.DateField(_("signing period start"), null=True, blank=True)
    signing_ends_on = models.DateField(_("signing period end"), null=True, blank=True)
    signing_threshold = models.DecimalField(
        _("signing threshold (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
        help_text=_("Agreements stay conditional until this share of households has signed."),
    )
    signing_lapsed_on = models.DateField(
        _("agreements lapsed on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The signing period ended below the threshold: its agreements lapsed."),
    )
    construction_started_on = models.DateField(_("construction start date"), null=True, blank=True)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    accepted_on = models.DateField(_("acceptance date"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    DATE_ORDER = [
        ("approved_on", "scope_announced_on"),
        ("approved_on", "freeze_date"),
        ("approved_on", "signing_ends_on"),
        ("scope_announced_on", "decision_announced_on"),
        ("freeze_date", "decision_announced_on"),
        ("decision_announced_on", "signing_starts_on"),
        ("signing_starts_on", "signing_ends_on"),
        ("construction_started_on", "completed_on"),
        ("completed_on", "accepted_on"),
    ]

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["district__code", "code"]
        indexes = [models.Index(fields=["district", "code"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.street_id and self.district_id and self.street.parent_id != self.district_id:
            raise ValidationError({"street": _("The street is not in the project's district.")})
        check_date_order(self, self.DATE_ORDER)
        if self.signing_threshold is not None and not self.signing_ends_on:
            # Agreements stay conditional until the threshold or the period's end: without
            # an end they could wait for ever.
            raise ValidationError(
                {"signing_ends_on": _("A signing threshold needs the signing period's end.")}
            )


class ProjectStatusChange(BaseModel):
    """Append-only log of both status lifecycles: who moved a project, when, and why."""

    class Track(models.TextChoices):
        EXPROPRIATION = "expropriation", _("Expropriation")
        CONSTRUCTION = "construction", _("Construction")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("project")
    )
    track = models.CharField(_("lifecycle"), max_length=20, choices=Track.choices)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    effective_on = models.DateField(_("effective date"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")
        ordering = ["project", "changed_at", "id"]
        indexes = [models.Index(fields=["project", "track", "effective_on"])]

    def __str__(self):
        return f"{self.project} {self.from_label} → {self.to_label}"

    def status_label(self, value):
        choices = (
            ExpropriationStatus if self.track == self.Track.EXPROPRIATION else ConstructionStatus
        )
        return choices(value).label

    @property
    def from_label(self):
        return self.status_label(self.from_status)

    @property
    def to_label(self):
        return self.status_label(self.to_status)


@tracked()
class ProjectFunding(BaseModel):
    """Funding of a project by source, planned and received (到位)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding", verbose_name=_("project")
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    planned = money_field(_("planned (10k yuan)"), default=Decimal("0"))
    received = money_field(_("received (10k yuan)"), default=Decimal("0"))

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("project funding")
        verbose_name_plural = _("project funding")
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="funding_unique_source")
        ]

    def __str__(self):
        return f"{self.project} {self.get_source_display()}"

    def clean(self):
        if self.planned is not None and self.received is not None and self.received > self.planned:
            raise ValidationError(
                {"received": _("Received funds cannot exceed the planned amount.")}
            )


@tracked()
class InvestmentReport(BaseModel):
    """Investment completed in one project in one month (完成投资, 万元)."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="investment_reports",
        verbose_name=_("project"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = money_field(_("investment completed (10k yuan)"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly investment")
        verbose_name_plural = _("monthly investment")
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="investment_unique_month"),
            models.CheckConstraint(
                name="investment_month_first_day", condition=models.Q(month__day=1)
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.month:%Y-%m}"
