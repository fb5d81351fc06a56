from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.models import BaseModel, Region, Versioned
from core.scoping import CityWideQuerySet
from projects.choices import StartRule
from projects.models.fields import count_field, money_field
from projects.querysets import DistrictRowQuerySet

HOUSEHOLD_SPLIT_MESSAGE = _("In-kind and monetary households must add up to the target households.")


def household_split_adds_up(total, in_kind, monetary) -> bool:
    """In-kind + monetary = target households (true while any of them is still empty)."""
    return None in (total, in_kind, monetary) or in_kind + monetary == total


@tracked()
class AnnualPlan(Versioned):
    """年度计划: the city's targets for one year and the rules its figures follow."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("A plan for this year already exists.")},
    )
    target_households = count_field(_("target households"))
    target_households_in_kind = count_field(_("of which in kind"))
    target_households_monetary = count_field(_("of which monetary"))
    target_units = count_field(_("target in-kind units"))
    target_projects = count_field(_("target projects"))
    target_investment = money_field(_("target investment (10k yuan)"))
    start_rule = models.CharField(
        _("monetary start rule"),
        max_length=20,
        choices=StartRule.choices,
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
        if not household_split_adds_up(
            self.target_households, self.target_households_in_kind, self.target_households_monetary
        ):
            raise ValidationError({"target_households": HOUSEHOLD_SPLIT_MESSAGE})

    def target_values(self) -> dict:
        """The plan's figures under the names a district's share uses (TARGET_FIELDS)."""
        return {field: getattr(self, f"target_{field}") for field in TARGET_FIELDS}


@tracked()
class PlanMilestone(BaseModel):
    """A start-rate threshold the plan sets for a date (e.g. ≥ 50% by 30 June)."""

    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan")
    )
    due_date = models.DateField(_("due date"))
    start_rate_threshold = models.DecimalField(
        _("start rate threshold (%)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("plan milestone")
        verbose_name_plural = _("plan milestones")
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "due_date"], name="milestone_unique_date")
        ]

    def __str__(self):
        return f"{self.due_date} ≥ {self.start_rate_threshold}%"

    def clean(self):
        if self.plan_id and self.due_date and self.due_date.year != self.plan.year:
            raise ValidationError({"due_date": _("The due date must fall in the plan's year.")})


# The figures of a plan that are split across districts.
TARGET_FIELDS = (
    "households",
    "households_in_kind",
    "households_monetary",
    "units",
    "projects",
    "investment",
)


@tracked()
class DistrictTarget(BaseModel):
    """任务分解: the plan's targets for one district."""

    plan = models.ForeignKey(
        AnnualPlan,
        on_delete=models.CASCADE,
        related_name="district_targets",
        verbose_name=_("plan"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("district"),
        limit_choices_to={"level": Region.Level.DISTRICT},
    )
    households = count_field(_("target households"), default=0)
    households_in_kind = count_field(_("of which in kind"), default=0)
    households_monetary = count_field(_("of which monetary"), default=0)
    units = count_field(_("target in-kind units"), default=0)
    projects = count_field(_("target projects"), default=0)
    investment = money_field(_("target investment (10k yuan)"), default=Decimal("0"))

    objects = DistrictRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("district target")
        verbose_name_plural = _("district targets")
        ordering = ["plan", "district__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "district"], name="target_unique_district")
        ]

    def __str__(self):
        return f"{self.plan} {self.district}"

    def clean(self):
        if not household_split_adds_up(
            self.households, self.households_in_kind, self.households_monetary
        ):
            raise ValidationError(HOUSEHOLD_SPLIT_MESSAGE)  # about three fields at once
