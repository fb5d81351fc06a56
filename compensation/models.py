"""Compensation (DESIGN.md §4): schemes per project, appraisals, agreements and their lines,
and the work teams of a signing campaign."""

from datetime import date
from decimal import Decimal, InvalidOperation

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from compensation.choices import (
    OPEN_STATUSES,
    AgreementStatus,
    AppliesTo,
    AreaClass,
    EntryKind,
    EntryStatus,
    ItemKind,
    LotteryStatus,
    PaymentRunStatus,
    SchemeStatus,
    SelectionMethod,
    TemporaryHousing,
    UnitStatus,
)
from compensation.formulas import money, shown
from core.history import tracked
from core.models import BaseModel, Region, Versioned, carried_district
from core.scoping import ScopedQuerySet
from households.choices import Hardship, Mode
from households.models import Household
from households.querysets import HouseholdChildCarriesDistrictQuerySet, HouseholdChildQuerySet
from projects.choices import FundingSource
from projects.models import Project, ResettlementBuilding
from projects.querysets import (
    CarriesDistrictQuerySet,
    ProjectChildQuerySet,
    SiteChildQuerySet,
    project_scope_q,
)

MAX_MONEY = Decimal("10000000000")  # 100 亿元: catches a typo, limits no real house
# How far an appraisal's total may stand from unit price × area: rounding and an appraiser's
# small adjustments, never a slipped digit.
APPRAISAL_TOLERANCE = Decimal("0.10")


def default_overdue_uplifts() -> list:
    return [Decimal("100")]


def money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MONEY)],
        **kwargs,
    )


def signed_money_field(verbose_name, **kwargs):
    """An amount that may be negative (a reward falling by the day)."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(-MAX_MONEY), MaxValueValidator(MAX_MONEY)],
        **kwargs,
    )


def measure_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
        **kwargs,
    )


@tracked()
class CompensationScheme(BaseModel):
    """补偿方案: one version of a project's compensation rules. A draft is edited by the
    project's district; once approved by city staff it is frozen, and a change is a new
    version. An agreement keeps the version it was computed with."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    version = models.PositiveIntegerField(_("version"))
    # The draft's settings saved so many times: an edit says which it was made on
    # (core.versions.check_version), as a Versioned record's does with its `version`.
    edits = models.PositiveIntegerField(_("edits"), default=1, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    name = models.CharField(_("name"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    appraisal_base_date = models.DateField(
        _("appraisal base date"),
        null=True,
        blank=True,
        help_text=_("The decision's announcement date: the house is valued as of this day."),
    )
    # What the later work reads: the transition period and overdue temporary fee (the
    # ledger), and the bands of a swap's settlement (units and selection).
    transition_months = models.PositiveSmallIntegerField(
        _("transition period (months)"), default=24, validators=[MaxValueValidator(120)]
    )
    overdue_uplifts = ArrayField(
        models.DecimalField(
            max_digits=5,
            decimal_places=1,
            validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))],
        ),
        default=default_overdue_uplifts,
        size=10,
        verbose_name=_("overdue temporary fee uplift by year (%)"),
        help_text=_(
            "After the transition period the area fee is raised by these percentages, one per "
            "year overdue, the last for every later year: 100 doubles it; 50, 75, 100 steps up. "
            "A household on the minimum fee gets the minimum plus the raised part."
        ),
    )
    settlement_added_area = measure_field(
        _("area added at cost price (m²)"),
        default=Decimal("10"),
        help_text=_("Area a swap unit exceeds the entitlement by that is settled at cost price."),
    )
    settlement_cost_price = money_field(_("cost price per m²"), default=Decimal("0"))
    settlement_market_price = money_field(_("market price per m²"), default=Decimal("0"))
    settlement_entitled_price = money_field(
        _("price of the entitled area per m²"),
        default=Decimal("0"),
        help_text=_("The value difference on the entitled area; 0 swaps area for area."),
    )
    settlement_free_area = measure_field(
        _("minimum entitled area (m²)"),
        default=Decimal("0"),
        help_text=_("A smaller entitlement is raised to this area free of charge."),
    )
    settlement_round_up = models.BooleanField(
        _("entitlement rounds up to the next unit size on offer"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("compensation scheme")
        verbose_name_plural = _("compensation schemes")
        permissions = [("approve_compensationscheme", _("Can approve a compensation scheme"))]
        ordering = ["project", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="scheme_unique_version"),
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status="draft"),
                name="scheme_one_draft_per_project",
            ),
        ]

    def __str__(self):
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}


class SchemeItem(Versioned):
    """科目: one item of a scheme with its formula kind and the numbers that kind reads."""

    scheme = models.ForeignKey(
        CompensationScheme, on_delete=models.CASCADE, related_name="items", verbose_name=_("scheme")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(
        _("code"), max_length=30, help_text=_("Short name other items refer to, e.g. house_value.")
    )
    name = models.CharField(_("item"), max_length=60)
    kind = models.CharField(_("formula kind"), max_length=20, choices=ItemKind.choices)
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.BOTH
    )
    area_class = models.CharField(
        _("area class"),
        max_length=20,
        choices=AreaClass.choices,
        default=AreaClass.REGISTERED,
    )
    fraction = models.DecimalField(
        _("fraction of the area"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    use_appraisal = models.BooleanField(_("use the appraised unit price"), default=False)
    unit_price = money_field(_("unit price"), null=True, blank=True)
    area_per_person = measure_field(_("area per person (m²)"), null=True, blank=True)
    amount = signed_money_field(_("amount"), null=True, blank=True)
    percent = models.DecimalField(
        _("percentage"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )
    of_item = models.SlugField(_("of the item"), max_length=30, blank=True)
    months_monetary = models.PositiveSmallIntegerField(
        _("months (monetary)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    months_swap = models.PositiveSmallIntegerField(
        _("months (swap)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    hardship_types = ArrayField(
        models.CharField(max_length=20, choices=Hardship.choices),
        default=list,
        blank=True,
        verbose_name=_("hardship types"),
    )
    min_area = measure_field(_("minimum area (m²)"), null=True, blank=True)
    tiers = models.JSONField(
        _("tiers"),
        default=list,
        blank=True,
        help_text=_('[{"until": "2026-03-31", "amount": "20000"}, …], earliest first.'),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days at the full amount"), default=0, validators=[MaxValueValidator(3650)]
    )
    daily_step = signed_money_field(
        _("change per day"),
        default=Decimal("0"),
        help_text=_("Negative: the reward falls by the day; positive: it grows."),
    )
    daily_limit = money_field(_("limit (floor or cap)"), null=True, blank=True)
    rate_level = models.DecimalField(
        _("signing rate reached (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
    )
    floor = money_field(_("at least"), null=True, blank=True)
    times_monetary = models.PositiveSmallIntegerField(
        _("times paid (monetary)"), default=1, validators=[MaxValueValidator(10)]
    )
    times_swap = models.PositiveSmallIntegerField(
        _("times paid (swap)"), default=1, validators=[MaxValueValidator(10)]
    )
    forfeit_after_period = models.BooleanField(
        _("forfeited when signed after the signing period"), default=False
    )

    class Meta:
        verbose_name = _("scheme item")
        verbose_name_plural = _("scheme items")
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="scheme_item_unique_code"),
        ]

    def __str__(self):
        return self.name

    # What each kind needs, as (field, label) pairs; checked by clean().
    REQUIRED = {
        ItemKind.AREA: [],
        ItemKind.FIXED: ["amount"],
        ItemKind.PER_PERSON: ["unit_price"],
        ItemKind.MONTHLY: ["unit_price", "months_monetary", "months_swap"],
        ItemKind.PERCENT_OF: ["percent", "of_item"],
        ItemKind.HARDSHIP: ["hardship_types"],
        ItemKind.MINIMUM: [],
        ItemKind.SIGNING_TIERS: ["tiers"],
        ItemKind.MOVING_TIERS: ["tiers"],
        ItemKind.DAILY: ["amount"],
        ItemKind.SIGNING_RATE: ["amount", "rate_level"],
    }

    def clean(self):
        errors = {}
        for name in self.REQUIRED.get(self.kind, []):
            if getattr(self, name) in (None, "", []):
                errors[name] = _("Required for this formula kind.")
        if self.kind == ItemKind.AREA and not self.use_appraisal and self.unit_price is None:
            errors["unit_price"] = _("Give a unit price, or use the appraised one.")
        if self.kind == ItemKind.HARDSHIP and (self.amount is None) == (self.percent is None):
            errors["percent"] = _("Give either a percentage of an item or a fixed amount.")
        if self.kind == ItemKind.HARDSHIP and self.percent is not None and not self.of_item:
            errors["of_item"] = _("Name the item the percentage is of.")
        if self.kind == ItemKind.MINIMUM:
            if (self.min_area is None) == (self.amount is None):
                errors["min_area"] = _("Give either a minimum area or a minimum amount.")
            elif self.min_area is not None and not self.use_appraisal and self.unit_price is None:
                errors["unit_price"] = _("Give a unit price, or use the appraised one.")
            elif self.amount is not None and not self.of_item:
                errors["of_item"] = _("Name the item the minimum amount is of.")
        if self.tiers:
            errors.update(self._tier_errors())
        if errors:
            raise ValidationError(errors)

    @property
    def hardship_labels(self) -> list:
        return [Hardship(value).label for value in self.hardship_types]

    @property
    def daily_rule(self) -> str:
        """A daily item in words, as the scheme's reader says it: its amount, less (or more)
        each day after the grace days, down (or up) to its limit."""
        if not self.daily_step:
            return shown(self.amount)
        less = self.daily_step < 0
        facts = {
            "base": shown(self.amount),
            "step": shown(abs(self.daily_step)),
            "days": self.grace_days,
            "limit": shown(self.daily_limit) if self.daily_limit is not None else "",
        }
        if less:
            rule = _("%(base)s, %(step)s less a day after day %(days)s") % facts
        else:
            rule = _("%(base)s, %(step)s more a day after day %(days)s") % facts
        if self.daily_limit is None:
            return rule
        return (_("%(rule)s, down to %(limit)s") if less else _("%(rule)s, up to %(limit)s")) % {
            **facts,
            "rule": rule,
        }

    def _tier_errors(self) -> dict:
        """Tiers are stored as written: "until" a day in the ISO form (compared as a day), an
        amount from 0 to the money ceiling."""
        message = _(
            'Tiers are a list of {"until": "YYYY-MM-DD", "amount": "number"}, '
            "each amount from 0 to 10,000,000,000."
        )
        if not isinstance(self.tiers, list):
            return {"tiers": message}
        for tier in self.tiers:
            try:
                until = tier["until"]
                amount = Decimal(str(tier["amount"]))
                if date.fromisoformat(until).isoformat() != until:
                    return {"tiers": message}
                if not amount.is_finite() or not 0 <= amount <= MAX_MONEY:
                    return {"tiers": message}
            except (KeyError, TypeError, ValueError, InvalidOperation):
                return {"tiers": message}
        return {}


@tracked()
class Appraisal(BaseModel):
    """评估: a qualified appraiser's valuation of one household's house."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    district = carried_district()  # read by appraisal_district_order
    firm = models.CharField(_("appraisal firm"), max_length=100)
    report_no = models.CharField(_("report number"), max_length=60)
    appraised_on = models.DateField(_("appraisal date"))
    value = money_field(_("appraised value (yuan)"))
    unit_price = money_field(_("appraised unit price (yuan/m²)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = HouseholdChildCarriesDistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-appraised_on", "-id"]
        indexes = [models.Index(fields=["district", "id"], name="appraisal_district_order")]

    def __str__(self):
        return f"{self.firm} {self.report_no}"

    def clean(self):
        """The total is the unit price times the area valued (the legal area, and the
        unregistered area once recognised): a slipped digit in either would otherwise
        print a tenfold price into every agreement drawn from this appraisal. A figure of 0
        is no appraisal: it drew an agreement paying nothing for the house."""
        nothing = {
            field: _("Enter the appraisal report's figure: it cannot be 0.")
            for field in ("value", "unit_price")
            if getattr(self, field) == 0  # below 0: the field's own "not less than 0"
        }
        if nothing:
            raise ValidationError(nothing)
        if self.household_id is None or self.value is None or self.unit_price is None:
            return
        if self.value < 0 or self.unit_price < 0:  # refused by the field, nothing to compare
            return
        household = self.household
        widest = household.legal_area + household.recognised_unregistered_area
        if not widest:
            return  # the roster gives no area yet: nothing to check against
        narrowest = household.legal_area or widest
        low = self.unit_price * narrowest * (1 - APPRAISAL_TOLERANCE)
        high = self.unit_price * widest * (1 + APPRAISAL_TOLERANCE)
        if low <= self.value <= high:
            return
        areas = [narrowest] if narrowest == widest else [narrowest, widest]
        raise ValidationError(
            {
                "unit_price": _(
                    "The total %(value)s yuan is more than %(tolerance)s%% off the unit price × "
                    "the house's area (%(price)s yuan/m² × %(area)s m² = %(product)s yuan): "
                    "check the unit price and the total for a slipped digit."
                )
                % {
                    "tolerance": shown(APPRAISAL_TOLERANCE * 100),
                    "value": shown(self.value),
                    "price": shown(self.unit_price),
                    "area": "–".join(shown(area) for area in areas),
                    "product": "–".join(shown(money(self.unit_price * a)) for a in areas),
                }
            }
        )


@tracked()
class Agreement(Versioned):
    """征收补偿协议: the figures computed from a scheme version, the appraisal and the
    household, with the contents Art. 25 of the 2011 regulation requires."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        db_index=False,  # led by agreement_district_order
    )
    scheme = models.ForeignKey(
        CompensationScheme,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("scheme version"),
    )
    appraisal = models.ForeignKey(
        Appraisal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appraisal"),
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    total = money_field(_("total (yuan)"), default=Decimal("0"))
    # Art. 25: amount and payment deadline, swap entitlement, moving deadline, transition.
    payment_due_on = models.DateField(_("payment deadline"), null=True, blank=True)
    moving_deadline = models.DateField(_("moving deadline"), null=True, blank=True)
    swap_area = measure_field(_("entitled area (m²)"), null=True, blank=True)
    swap_unit_type = models.CharField(_("unit type"), max_length=40, blank=True)
    temporary_housing = models.CharField(
        _("temporary resettlement"),
        max_length=10,
        choices=TemporaryHousing.choices,
        default=TemporaryHousing.FEE,
    )
    transition_months = models.PositiveSmallIntegerField(
        _("transition period (months)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    other_terms = models.TextField(_("other terms"), blank=True, max_length=2000)
    planned_sign_on = models.DateField(
        _("figures computed for signing on"),
        help_text=_("Rewards tiered by the signing date are computed for this day."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Whoever last changed the terms and computed the figures again: a reviewer must be
    # someone else than both the drafter and this official.
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed again by"),
    )
    computed_at = models.DateTimeField(_("computed again at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signing recorded by"),
    )
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=500, blank=True)
    document = models.FileField(_("signed agreement (PDF)"), upload_to="agreements/%Y/", blank=True)

    objects = CarriesDistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        permissions = [
            ("review_agreement", _("Can review an agreement")),
            ("sign_agreement", _("Can record the signing of an agreement")),
            ("void_agreement", _("Can void an agreement")),
        ]
        ordering = ["project", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="agreement_unique_number_per_project"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="agreement_one_open_per_household",
            ),
        ]
        indexes = [
            # A project's agreements by status, and the signed ones counted by signing date
            # from the index alone (the signing rate of every dashboard).
            models.Index(
                fields=["project", "status", "signed_on"], name="agreement_project_status"
            ),
            # The agreement list, latest signed first: its page of 50 read from an index,
            # for the city and for a district.
            models.Index(fields=["signed_on", "created_at"], name="agreement_latest"),
            models.Index(
                fields=["district", "signed_on", "created_at"], name="agreement_district_latest"
            ),
            # A district's agreements in id order (the API's pages): the primary key alone
            # read the city's agreements before the last district's.
            models.Index(fields=["district", "id"], name="agreement_district_order"),
        ]

    def clean(self):
        """Its deadlines run from the signing: neither can fall before the day it is
        computed for (agreement_sign checks them against the day it is signed)."""
        errors = {
            name: _("A deadline cannot be before the day the agreement is signed.")
            for name in self.deadlines_before(self.planned_sign_on)
        }
        if errors:
            raise ValidationError(errors)

    # Art. 25 of the expropriation regulation: an agreement states when the household is paid
    # and by when it moves. A draft may leave them open; review and signing may not.
    REQUIRED_TERMS = ("payment_due_on", "moving_deadline")

    def terms_missing(self) -> dict[str, str]:
        """{field: its label} of the required terms (REQUIRED_TERMS) not filled in."""
        return {
            name: self._meta.get_field(name).verbose_name
            for name in self.REQUIRED_TERMS
            if getattr(self, name) is None
        }

    def deadlines_before(self, day: date | None) -> list[str]:
        """The deadline fields set to a day before `day`."""
        return [
            name
            for name in ("payment_due_on", "moving_deadline")
            if day and getattr(self, name) and getattr(self, name) < day
        ]

    def __str__(self):
        return self.display_number or _("unsigned agreement of %(code)s") % {
            "code": self.household.code
        }

    @property
    def unnumbered_label(self) -> str:
        """What an agreement without a number is called: to be signed once reviewed, a
        draft before."""
        if self.status == AgreementStatus.REVIEWED:
            return _("Unsigned agreement")
        return _("Draft agreement")

    @property
    def display_number(self) -> str:
        """征补协字 PROJECTCODE-0007: the number per project, once signed."""
        if self.number is None:
            return ""
        return _("Agreement %(project)s-%(number)04d") % {
            "project": self.project.code,
            "number": self.number,
        }


class AgreementLine(BaseModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="lines", verbose_name=_("agreement")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    # Never looked up by: a line is read with its agreement (a city has millions of lines).
    code = models.SlugField(_("item code"), max_length=30, db_index=False)
    item = models.CharField(_("item"), max_length=60)
    basis = models.CharField(_("basis"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=4)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    amount = money_field(_("amount (yuan)"))
    formula = models.CharField(_("formula"), max_length=300)
    condition_rate = models.DecimalField(
        _("due when the signing rate reaches (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    condition_met_on = models.DateField(_("condition met on"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement line")
        verbose_name_plural = _("agreement lines")
        ordering = ["agreement", "order"]

    def __str__(self):
        return f"{self.item} {self.amount}"


class WorkTeam(BaseModel):
    """工作组: a team of a project's signing campaign."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=60)
    leader = models.CharField(_("team leader"), max_length=50, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("work team")
        verbose_name_plural = _("work teams")
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="work_team_unique_name")
        ]

    def __str__(self):
        return self.name


@tracked()
class Assignment(BaseModel):
    """包户: the team and the responsible official a household is assigned to."""

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="+", verbose_name=_("household")
    )
    team = models.ForeignKey(
        WorkTeam, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("work team")
    )
    official = models.CharField(_("responsible official"), max_length=50)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.team} {self.official}"


@tracked()
class PayeeAccount(Versioned):
    """The bank account a household is paid into (收款账户): the default of its payments and
    the row of a batch payment; the number is kept encrypted and shown masked."""

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="+", verbose_name=_("household")
    )
    name = models.CharField(_("account holder"), max_length=100)
    bank = models.CharField(_("bank"), max_length=100)
    account_masked = models.CharField(_("account"), max_length=40)
    account_encrypted = models.TextField(editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("payee account")
        verbose_name_plural = _("payee accounts")

    def __str__(self):
        return f"{self.name} {self.bank} {self.account_masked}"


@tracked()
class PaymentRun(BaseModel):
    """A batch payment (代发) of a project: one entered entry per household and item whose
    fixed amount is due and unpaid, approved by a second person, sent to the bank as one
    sheet, and closed by the bank's results (each entry final, or failed and unpaid)."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    number = models.PositiveIntegerField(_("run number"))
    paid_on = models.DateField(_("transfer date"))
    purpose = models.CharField(_("purpose"), max_length=50)
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentRunStatus.choices, default="draft"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        permissions = [("approve_paymentrun", _("Can approve a payment run"))]
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="paymentrun_unique_number")
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """The run's name on the bank sheet and in the entries' voucher numbers."""
        return f"{self.project.code}-ZF{self.number:03d}"


@tracked()
class LedgerEntry(BaseModel):
    """One movement of compensation money for a household, against one item of its effective
    agreement: entered by the district, approved (复核) by a second person, then final. A
    final entry is corrected only by a reversing entry (its amount negative) with a reason."""

    # Looked up through the (household, item code) index below; one of its own would only
    # cost every entry written.
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("household"),
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="entries", verbose_name=_("agreement")
    )
    district = carried_district()  # read by ledgerentry_district_order
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    item_code = models.CharField(_("item code"), max_length=40)
    item = models.CharField(_("item"), max_length=100)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("date paid"))
    voucher_no = models.CharField(_("voucher number"), max_length=50)
    payee_name = models.CharField(_("payee"), max_length=100, blank=True)
    payee_bank = models.CharField(_("bank"), max_length=100, blank=True)
    payee_account_masked = models.CharField(_("account"), max_length=40, blank=True)
    payee_account_encrypted = models.TextField(blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.ENTERED
    )
    # Who entered and approved an entry are shown with it, never searched by: no index
    # (deleting a user, refused anyway while they have entries, scans the table).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, blank=True
    )
    run = models.ForeignKey(
        PaymentRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("payment run"),
    )
    run_row = models.PositiveIntegerField(_("row on the bank sheet"), null=True, blank=True)
    bank_note = models.CharField(_("bank's remark"), max_length=200, blank=True)

    objects = HouseholdChildCarriesDistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        permissions = [
            ("approve_ledgerentry", _("Can approve a ledger entry")),
            ("reverse_ledgerentry", _("Can reverse a ledger entry")),
        ]
        ordering = ["household", "paid_on", "id"]
        constraints = [
            # A reversal takes back what its entry paid; any other entry pays something.
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=True, amount__gt=0)
                | models.Q(reverses__isnull=False, amount__lt=0),
                name="ledgerentry_amount_sign",
            ),
        ]
        indexes = [
            models.Index(fields=["household", "item_code"]),
            models.Index(fields=["district", "id"], name="ledgerentry_district_order"),
            # A voucher looked up within its district: the duplicate remarks read it.
            models.Index(fields=["district", "voucher_no"], name="ledgerentry_voucher"),
        ]

    def __str__(self):
        return f"{self.voucher_no} {self.item} {self.amount}"

    @property
    def status_label(self) -> str:
        """The status as a reader should take it: an entered entry of a payment run waits
        for the run's approval, then is at the bank until its results come back (read with
        the run selected, as the ledger pages do; ENTERED_STAGES filters by the same)."""
        if self.status == EntryStatus.ENTERED and self.run_id is not None:
            if self.run.status == PaymentRunStatus.APPROVED:
                return ENTERED_STAGES["at_bank"][1]
            if self.run.status == PaymentRunStatus.DRAFT:
                return ENTERED_STAGES["in_run"][1]
        return self.get_status_display()


# Where an entered entry stands, as its status label says and the ledger filters it: waiting
# for a second person, in a run waiting for the run's approval, or at the bank.
ENTERED_STAGES = {
    "awaiting_approval": (models.Q(run=None), _("Waiting for approval")),
    "in_run": (
        models.Q(run__status=PaymentRunStatus.DRAFT),
        _("In a payment run awaiting approval"),
    ),
    "at_bank": (models.Q(run__status=PaymentRunStatus.APPROVED), _("At the bank")),
}


def _changed(*fields) -> pgtrigger.Q:
    condition = pgtrigger.Q()
    for name in fields:
        condition |= pgtrigger.Q(**{f"old__{name}__df": pgtrigger.F(f"new__{name}")})
    return condition


@tracked()
class Lottery(BaseModel):
    """The order in which a project's swap households choose their units (DESIGN.md §4
    selection): the list of eligible households frozen and published with its SHA-256 hash;
    then, for a public lottery, a seed nobody could choose is entered and the order follows
    from list and seed by the published algorithm (compensation.lottery). The list and, once
    drawn, the seed and order can never change — the database refuses it; a new list is a new
    lottery."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    number = models.PositiveIntegerField(_("number"))
    method = models.CharField(_("method"), max_length=10, choices=SelectionMethod.choices)
    status = models.CharField(_("status"), max_length=10, choices=LotteryStatus.choices)
    list_content = models.BinaryField(_("published list"), editable=False)
    list_hash = models.CharField(_("SHA-256 of the list"), max_length=64, editable=False)
    households = models.PositiveIntegerField(_("households"), editable=False)
    algorithm = models.TextField(_("algorithm"), editable=False)
    seed = models.CharField(_("seed"), max_length=200, blank=True)
    seed_source = models.CharField(_("how the seed was drawn"), max_length=500, blank=True)
    order = ArrayField(
        models.CharField(max_length=40), verbose_name=_("order"), default=list, blank=True
    )
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("selection order")
        verbose_name_plural = _("selection orders")
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="lottery_unique_number")
        ]
        triggers = [
            pgtrigger.Protect(
                name="lottery_list_frozen",
                operation=pgtrigger.Update,
                condition=_changed(
                    "project_id",
                    "number",
                    "method",
                    "list_content",
                    "list_hash",
                    "households",
                    "algorithm",
                    "frozen_by_id",
                    "frozen_at",
                ),
            ),
            pgtrigger.Protect(
                name="lottery_drawn_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status=LotteryStatus.DRAWN)
                & _changed("status", "seed", "seed_source", "order", "drawn_by_id", "drawn_at"),
            ),
            pgtrigger.Protect(name="lottery_kept", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return _("%(project)s selection order %(number)d") % {
            "project": self.project.code,
            "number": self.number,
        }


@tracked()
class ResettlementUnit(BaseModel):
    """安置房源: one unit of a resettlement building, from the developer's list; chosen by a
    swap household in the selection order."""

    building = models.ForeignKey(
        ResettlementBuilding,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("building"),
    )
    unit_no = models.CharField(_("unit number"), max_length=20)
    floor = models.SmallIntegerField(
        _("floor"), validators=[MinValueValidator(-5), MaxValueValidator(150)]
    )
    area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("10")), MaxValueValidator(Decimal("1000"))],
    )
    layout = models.CharField(_("layout"), max_length=30)
    orientation = models.CharField(_("orientation"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE
    )

    objects = SiteChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("resettlement unit")
        verbose_name_plural = _("resettlement units")
        ordering = ["building", "-floor", "unit_no"]
        constraints = [
            models.UniqueConstraint(fields=["building", "unit_no"], name="unit_unique_number")
        ]

    def __str__(self):
        return f"{self.building.name} {self.unit_no}"


class SessionQuerySet(ScopedQuerySet):
    """Selection sessions: seen by whoever sees their project."""

    def scope_filter(self, scope):
        return project_scope_q(scope, "lottery__project__")


@tracked()
class SelectionSession(BaseModel):
    """选房: a selection order's session in the hall. Households are called in the drawn order;
    one absent when called moves to the end of the queue (recorded as an event)."""

    lottery = models.OneToOneField(
        Lottery, on_delete=models.PROTECT, related_name="session", verbose_name=_("selection order")
    )
    queue = ArrayField(models.IntegerField(), verbose_name=_("households still to choose"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("selection session")
        verbose_name_plural = _("selection sessions")

    def __str__(self):
        return str(self.lottery)


class SelectionEvent(BaseModel):
    """What happened in the hall, in order: a household called and absent, or a unit chosen."""

    class Kind(models.TextChoices):
        ABSENT = "absent", _("Absent when called: moved to the end")
        CHOSE = "chose", _("Chose a unit")

    session = models.ForeignKey(
        SelectionSession, on_delete=models.PROTECT, related_name="hall_events"
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        ResettlementUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        ordering = ["session", "recorded_at", "id"]

    def __str__(self):
        return f"{self.household} {self.get_kind_display()}"


@tracked()
class Allocation(BaseModel):
    """A unit allocated to a swap household: one unit per household, one household per unit
    (the database refuses a second either way)."""

    household = models.OneToOneField(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    unit = models.OneToOneField(
        ResettlementUnit,
        on_delete=models.PROTECT,
        related_name="allocation",
        verbose_name=_("unit"),
    )
    session = models.ForeignKey(
        SelectionSession,
        on_delete=models.PROTECT,
        related_name="allocations",
        null=True,
        blank=True,
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(_("allocated at"), auto_now_add=True)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.household} → {self.unit}"


@tracked()
class SettlementSheet(BaseModel):
    """结算单: after selection, the price difference of a swap household's unit on its
    measured area by the scheme's bands (compensation.settlement); what it comes to is due in
    the ledger — to the household, or from it."""

    allocation = models.OneToOneField(
        Allocation, on_delete=models.PROTECT, related_name="settlement", verbose_name=_("unit")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="+", verbose_name=_("agreement")
    )
    measured_area = models.DecimalField(
        _("measured area (m²)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("10")), MaxValueValidator(Decimal("1000"))],
    )
    entitled_area = models.DecimalField(_("entitled area (m²)"), max_digits=8, decimal_places=2)
    entitled_used = models.DecimalField(
        _("entitlement settled (m²)"), max_digits=8, decimal_places=2
    )
    bands = models.JSONField(_("bands"))  # [{label, area, price, amount}] as decimal strings
    terms = models.JSONField(_("terms"))  # the scheme's figures it was settled with
    net = signed_money_field(_("net (+ owed by the household)"))
    # The district's expropriation department as it was named the day the sheet was issued:
    # a sheet printed again later still bears its issuer (blank on sheets issued before).
    issuer = models.CharField(_("issuer"), max_length=100, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    # 更正: settled again on a corrected surveyed area before anything was paid on it (the
    # sheet's history keeps what it said before).
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("corrected by"),
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("settlement sheet")
        verbose_name_plural = _("settlement sheets")

    def __str__(self):
        return f"{self.household} {self.net}"

    @property
    def difference(self) -> Decimal:
        """What the sheet comes to, without its sign: who owes it is `receivable`."""
        return abs(self.net)

    @property
    def receivable(self) -> bool:
        """The household owes the difference (a receipt is due), rather than being owed it."""
        return self.net > 0
