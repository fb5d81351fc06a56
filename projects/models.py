from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.history import tracked
from projects.choices import (
    BuildingMilestone,
    CampaignScope,
    ConstructionStatus,
    DailyStatusKind,
    DemolitionType,
    ExpropriationStatus,
    FundingSource,
    ProjectCategory,
    ResettlementMode,
    StartRule,
)
from projects.querysets import (
    CityWideQuerySet,
    DailyStatusQuerySet,
    DistrictTargetQuerySet,
    ProjectChildQuerySet,
    ProjectQuerySet,
    RegionQuerySet,
    ResettlementSiteQuerySet,
)

# Upper bounds that catch a typo (an extra digit) without limiting a real programme.
MAX_INVESTMENT = Decimal("10000000")  # 万元, i.e. 1,000 亿元
MAX_COUNT = 1_000_000


def money_field(verbose_name, **kwargs):
    """An amount in 万元: not negative and no larger than MAX_INVESTMENT."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_INVESTMENT)],
        **kwargs,
    )


def count_field(verbose_name, **kwargs):
    return models.PositiveIntegerField(
        verbose_name, validators=[MaxValueValidator(MAX_COUNT)], **kwargs
    )


def check_date_order(instance, pairs) -> None:
    """Raise one error per later date that falls before its earlier one."""
    errors = {}
    for earlier, later in pairs:
        first, second = getattr(instance, earlier), getattr(instance, later)
        if first and second and second < first:
            errors[later] = _("%(later)s cannot be before %(earlier)s.") % {
                "later": instance._meta.get_field(later).verbose_name,
                "earlier": instance._meta.get_field(earlier).verbose_name,
            }
    if errors:
        raise ValidationError(errors)


@tracked()
class Region(models.Model):
    """行政区划: city → district (or development zone) → street, with its division code."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")

    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6}(\d{3})?$", _("Enter a 6-digit or 9-digit division code."))],
        help_text=_("6 digits for a city or district (GB/T 2260 style), 9 digits for a street."),
    )
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )
    is_development_zone = models.BooleanField(_("development zone"), default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="region_only_city_without_parent",
                condition=models.Q(level="city", parent__isnull=True)
                | (~models.Q(level="city") & models.Q(parent__isnull=False)),
            )
        ]

    def __str__(self):
        return self.name

    _PARENT_LEVEL = {"district": "city", "street": "district"}

    def clean(self):
        expected = self._PARENT_LEVEL.get(self.level)
        if expected and self.parent and self.parent.level != expected:
            raise ValidationError(
                {"parent": _("A %(level)s must belong to a %(parent)s.")
                 % {"level": self.get_level_display(), "parent": self.Level(expected).label}}
            )


@tracked()
class AnnualPlan(models.Model):
    """年度计划: the city's targets for one year and the rules its figures follow."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("A plan for this year already exists.")},
    )
    target_households = count_field(_("target households"))
    target_households_in_kind = count_field(_("of which in kind"))
    target_households_monetary = count_field(_("of which monetary"))
    target_units = count_field(_("target in-kind units"))
    target_projects = count_field(_("target projects"))
    target_investment = money_field(_("target investment (10k yuan)"))
    start_rule = models.CharField(
        _("monetary start rule"), max_length=20, choices=StartRule.choices,
        default=StartRule.EFFECTIVE_AND_PAID,
    )
    document_number = models.CharField(_("issuing document number"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CityWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)s plan") % {"year": self.year}

    def clean(self):
        if (
            self.target_households is not None
            and self.target_households_in_kind is not None
            and self.target_households_monetary is not None
            and self.target_households_in_kind + self.target_households_monetary != self.target_households
        ):
            raise ValidationError({
                "target_households": _("In-kind and monetary households must add up to the target households.")
            })


@tracked()
class PlanMilestone(models.Model):
    """A start-rate threshold the plan sets for a date (e.g. ≥ 50% by 30 June)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan"))
    due_date = models.DateField(_("due date"))
    start_rate_threshold = models.DecimalField(
        _("start rate threshold (%)"), max_digits=5, decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("plan milestone")
        verbose_name_plural = _("plan milestones")
        ordering = ["due_date"]
        constraints = [models.UniqueConstraint(fields=["plan", "due_date"], name="milestone_unique_date")]

    def clean(self):
        if self.plan_id and self.due_date and self.due_date.year != self.plan.year:
            raise ValidationError({"due_date": _("The due date must fall in the plan's year.")})


# The figures of a plan that are split across districts.
TARGET_FIELDS = ("households", "households_in_kind", "households_monetary", "units", "projects", "investment")


@tracked()
class DistrictTarget(models.Model):
    """任务分解: the plan's targets for one district."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="district_targets", verbose_name=_("plan"))
    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="targets", verbose_name=_("district"),
        limit_choices_to={"level": Region.Level.DISTRICT},
    )
    households = count_field(_("target households"), default=0)
    households_in_kind = count_field(_("of which in kind"), default=0)
    households_monetary = count_field(_("of which monetary"), default=0)
    units = count_field(_("target in-kind units"), default=0)
    projects = count_field(_("target projects"), default=0)
    investment = money_field(_("target investment (10k yuan)"), default=Decimal("0"))

    objects = DistrictTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("district target")
        verbose_name_plural = _("district targets")
        ordering = ["plan", "district__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "district"], name="target_unique_district")]


@tracked()
class Project(models.Model):
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
        _("plan year"), null=True, blank=True, db_index=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    category = models.CharField(_("category"), max_length=20, choices=ProjectCategory.choices, default=ProjectCategory.OLD_RESIDENTIAL)
    demolition_type = models.CharField(_("demolition type"), max_length=10, choices=DemolitionType.choices, default=DemolitionType.URBAN)
    resettlement_mode = models.CharField(_("resettlement mode"), max_length=10, choices=ResettlementMode.choices, default=ResettlementMode.MIXED)
    planned_households = count_field(_("planned households"), default=0)
    planned_units = count_field(_("planned units"), default=0)
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=12, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000000"))],
    )
    planned_investment = money_field(_("planned investment (10k yuan)"), default=Decimal("0"))

    lead_leader_name = models.CharField(_("lead leader"), max_length=50, blank=True)
    lead_leader_post = models.CharField(_("lead leader's post"), max_length=100, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    street_contact_name = models.CharField(_("street responsible person"), max_length=50, blank=True)
    street_contact_phone = models.CharField(_("street responsible person's phone"), max_length=20, blank=True)
    city_liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="liaison_projects", verbose_name=_("city liaison"),
    )

    expropriation_status = models.CharField(
        _("expropriation status"), max_length=20, choices=ExpropriationStatus.choices,
        default=ExpropriationStatus.NOT_STARTED, editable=False,
    )
    construction_status = models.CharField(
        _("construction status"), max_length=20, choices=ConstructionStatus.choices,
        default=ConstructionStatus.NOT_STARTED, editable=False, db_index=True,
    )
    suspension_reason = models.CharField(_("suspension reason"), max_length=500, blank=True, editable=False)

    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    scope_announced_on = models.DateField(_("scope announcement date"), null=True, blank=True)
    freeze_date = models.DateField(
        _("freeze date"), null=True, blank=True,
        help_text=_("After this date new building, renovation and household splitting do not count."),
    )
    decision_announced_on = models.DateField(_("decision announcement date"), null=True, blank=True)
    signing_starts_on = models.DateField(_("signing period start"), null=True, blank=True)
    signing_ends_on = models.DateField(_("signing period end"), null=True, blank=True)
    signing_threshold = models.DecimalField(
        _("signing threshold (%)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
        help_text=_("Agreements stay conditional until this share of households has signed."),
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


class ProjectStatusChange(models.Model):
    """Append-only log of both status lifecycles: who moved a project, when, and why."""

    class Track(models.TextChoices):
        EXPROPRIATION = "expropriation", _("Expropriation")
        CONSTRUCTION = "construction", _("Construction")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("project"))
    track = models.CharField(_("lifecycle"), max_length=20, choices=Track.choices)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    effective_on = models.DateField(_("effective date"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")
        ordering = ["project", "changed_at", "id"]
        indexes = [models.Index(fields=["project", "track", "effective_on"])]

    def status_label(self, value):
        choices = ExpropriationStatus if self.track == self.Track.EXPROPRIATION else ConstructionStatus
        return choices(value).label

    @property
    def from_label(self):
        return self.status_label(self.from_status)

    @property
    def to_label(self):
        return self.status_label(self.to_status)


@tracked()
class ProjectFunding(models.Model):
    """Funding of a project by source, planned and received (到位)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding", verbose_name=_("project"))
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    planned = money_field(_("planned (10k yuan)"), default=Decimal("0"))
    received = money_field(_("received (10k yuan)"), default=Decimal("0"))

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("project funding")
        verbose_name_plural = _("project funding")
        ordering = ["project", "source"]
        constraints = [models.UniqueConstraint(fields=["project", "source"], name="funding_unique_source")]


@tracked()
class ResettlementSite(models.Model):
    """安置小区: an in-kind resettlement estate, which may serve several projects."""

    name = models.CharField(_("site name"), max_length=200)
    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="resettlement_sites", verbose_name=_("district"),
        limit_choices_to={"level": Region.Level.DISTRICT},
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    projects = models.ManyToManyField(Project, related_name="resettlement_sites", blank=True, verbose_name=_("projects served"))

    objects = ResettlementSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("resettlement site")
        verbose_name_plural = _("resettlement sites")
        ordering = ["district__code", "name"]

    def __str__(self):
        return self.name


@tracked()
class ResettlementBuilding(models.Model):
    """A building of a resettlement site with its milestones.

    Foundation structural work started is the official start (开工) of in-kind housing;
    main structure capped is 基本建成.
    """

    site = models.ForeignKey(ResettlementSite, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("site"))
    name = models.CharField(_("building"), max_length=50)
    units = count_field(_("units"), default=0)
    foundation_started_on = models.DateField(_("foundation structural work started"), null=True, blank=True)
    structure_capped_on = models.DateField(_("main structure capped"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over"), null=True, blank=True)

    MILESTONE_FIELDS = {
        BuildingMilestone.FOUNDATION_STARTED: "foundation_started_on",
        BuildingMilestone.STRUCTURE_CAPPED: "structure_capped_on",
        BuildingMilestone.COMPLETED: "completed_on",
        BuildingMilestone.HANDED_OVER: "handed_over_on",
    }

    class Meta:
        verbose_name = _("resettlement building")
        verbose_name_plural = _("resettlement buildings")
        ordering = ["site", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="building_unique_name")]

    def __str__(self):
        return f"{self.site.name} {self.name}"

    def clean(self):
        check_date_order(self, [
            ("foundation_started_on", "structure_capped_on"),
            ("structure_capped_on", "completed_on"),
            ("completed_on", "handed_over_on"),
        ])


def milestone_evidence_path(instance, filename):
    return f"evidence/buildings/{instance.building_id}/{instance.milestone}/{filename}"


class BuildingEvidence(models.Model):
    """A permit scan or photo proving a building milestone, kept through the storage API."""

    building = models.ForeignKey(ResettlementBuilding, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("building"))
    milestone = models.CharField(_("milestone"), max_length=20, choices=BuildingMilestone.choices)
    file = models.FileField(_("file"), upload_to=milestone_evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("milestone evidence")
        verbose_name_plural = _("milestone evidence")
        ordering = ["building", "milestone", "uploaded_at"]


@tracked()
class InvestmentReport(models.Model):
    """Investment completed in one project in one month (完成投资, 万元)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="investment_reports", verbose_name=_("project"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = money_field(_("investment completed (10k yuan)"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly investment")
        verbose_name_plural = _("monthly investment")
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="investment_unique_month"),
            models.CheckConstraint(name="investment_month_first_day", condition=models.Q(month__day=1)),
        ]


@tracked()
class DailyStatus(models.Model):
    """复工日报: one project's construction status for one day; submitting again updates it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="daily_statuses", verbose_name=_("project"))
    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=DailyStatusKind.choices)
    workers_on_site = count_field(_("workers on site"), default=0)
    machinery_on_site = count_field(_("machinery on site"), default=0)
    reason = models.CharField(_("reason not working"), max_length=500, blank=True)
    expected_resumption_on = models.DateField(_("expected resumption date"), null=True, blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reporter"))
    first_submitted_at = models.DateTimeField(_("first submitted at"))
    submitted_at = models.DateTimeField(_("last submitted at"))
    is_late = models.BooleanField(
        _("late"), default=False, help_text=_("First submitted after the cut-off time of its day.")
    )

    objects = DailyStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily resumption status")
        verbose_name_plural = _("daily resumption statuses")
        ordering = ["-date", "district__code", "project__code"]
        constraints = [models.UniqueConstraint(fields=["project", "date"], name="daily_status_unique_day")]
        indexes = [models.Index(fields=["date", "district"])]


@tracked()
class Campaign(models.Model):
    """攻坚行动: a named demolition drive with a period, a scope and district targets."""

    name = models.CharField(_("campaign name"), max_length=100)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    scope = models.CharField(_("scope"), max_length=10, choices=CampaignScope.choices, default=CampaignScope.BOTH)
    description = models.TextField(_("description"), blank=True)

    objects = CityWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.name

    def clean(self):
        check_date_order(self, [("starts_on", "ends_on")])


@tracked()
class CampaignTarget(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name=_("campaign"))
    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"),
        limit_choices_to={"level": Region.Level.DISTRICT},
    )
    households = count_field(_("households to demolish"))

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        ordering = ["campaign", "district__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "district"], name="campaign_unique_district")]
