import uuid
from datetime import timedelta
from decimal import Decimal
from itertools import pairwise

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.lookups import Characters
from core.models import BaseModel, carried_district
from core.scoping import scope_key, scope_of
from core.validators import phone_numbers
from households.choices import (
    ExportStatus,
    Hardship,
    HouseUse,
    Intention,
    LandType,
    PartyType,
    Recognition,
    Stage,
)
from households.querysets import HouseholdChildQuerySet, HouseholdQuerySet
from projects.models import Project
from projects.querysets import ProjectChildQuerySet

# Bounds that catch a typo without limiting a real house or family (the importer reads them too).
MAX_AREA = Decimal("100000")  # m²
MIN_ROSTER_PEOPLE, MAX_ROSTER_PEOPLE = 1, 99


def area_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AREA)],
    )


class ProtectedIdNumber(BaseModel):
    """The three stored forms of a resident ID number; the clear number is never stored."""

    id_encrypted = models.TextField(_("ID number (encrypted)"), blank=True, editable=False)
    id_hash = models.CharField(
        _("ID number search hash"), max_length=64, blank=True, editable=False
    )
    id_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)

    class Meta:
        abstract = True
        # Only equality lookups on the hash, so a plain b-tree (no pattern-ops twin of db_index).
        indexes = [models.Index(fields=["id_hash"], name="%(class)s_id_hash")]


# The error code of a household code another household of its project has.
CODE_TAKEN = "household_code_taken"


@tracked(exclude=["id_encrypted"])
class Household(ProtectedIdNumber):
    """被征收户: one expropriated party's house in one project, and its progress."""

    # Both foreign keys lead the composite indexes below, which serve their lookups too.
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("project"),
        db_index=False,
    )
    district = carried_district()
    code = models.CharField(_("household code"), max_length=32)
    party_type = models.CharField(
        _("expropriated party"), max_length=20, choices=PartyType.choices, default=PartyType.OWNER
    )
    party_name = models.CharField(_("name of the expropriated party"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    co_owners = models.CharField(_("co-owners"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_numbers])
    property_certificate_no = models.CharField(
        _("property certificate number"), max_length=60, blank=True
    )
    address = models.CharField(_("address of the house"), max_length=200, blank=True)
    land_type = models.CharField(
        _("land type"), max_length=12, choices=LandType.choices, default=LandType.STATE
    )
    use = models.CharField(
        _("use"), max_length=16, choices=HouseUse.choices, default=HouseUse.RESIDENTIAL
    )
    legal_area = area_field(_("legal floor area (m²)"))
    unregistered_area = area_field(_("unregistered floor area (m²)"))
    storage_area = area_field(_("storage rooms (m²)"))
    unregistered_recognition = models.CharField(
        _("recognition of unregistered area"),
        max_length=20,
        choices=Recognition.choices,
        default=Recognition.PENDING,
    )
    hardship_types = ArrayField(
        models.CharField(max_length=20, choices=Hardship.choices),
        default=list,
        blank=True,
        verbose_name=_("hardship types"),
    )
    intention = models.CharField(
        _("resettlement intention"),
        max_length=12,
        choices=Intention.choices,
        default=Intention.UNDECIDED,
    )
    roster_people = models.PositiveSmallIntegerField(
        _("people on the roster"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_ROSTER_PEOPLE), MaxValueValidator(MAX_ROSTER_PEOPLE)],
        help_text=_("家庭人口 as the roster states it, until the members are recorded one by one."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.REGISTERED, editable=False
    )
    stage_changed_on = models.DateField(
        _("stage changed on"), null=True, blank=True, editable=False
    )
    no_agreement_on = models.DateField(
        _("date the signing period ended unsigned"), null=True, blank=True
    )
    decision_issued_on = models.DateField(
        _("date of the compensation decision"), null=True, blank=True
    )
    enforcement_applied_on = models.DateField(
        _("date court enforcement was applied for"), null=True, blank=True
    )
    enforced_on = models.DateField(_("date enforced"), null=True, blank=True)
    added_after_freeze = models.BooleanField(
        _("added after the freeze date"), default=False, editable=False
    )
    # Facts the compensation, ledger and units work set through households.services, so the
    # rules of this app (no "signed" by hand, the start date) read them without importing up.
    agreement_mode = models.CharField(
        _("compensation mode"), max_length=10, blank=True, editable=False
    )
    agreement_effective_on = models.DateField(
        _("agreement effective on"), null=True, blank=True, editable=False
    )
    fully_paid_on = models.DateField(_("fully paid on"), null=True, blank=True, editable=False)
    unit_handed_over_on = models.DateField(
        _("unit handed over on"), null=True, blank=True, editable=False
    )
    resettlement_building = models.ForeignKey(
        "projects.ResettlementBuilding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("building of the allocated unit"),
    )
    started_on = models.DateField(
        _("started on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the household counted as started (开工, DESIGN.md §5)."),
    )
    has_duplicate_id = models.BooleanField(
        _("ID number also on another household"), default=False, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta(ProtectedIdNumber.Meta):
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["project", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="household_unique_code",
                violation_error_message=_("This household code already exists in the project."),
                violation_error_code=CODE_TAKEN,
            ),
        ]
        indexes = [
            *ProtectedIdNumber.Meta.indexes,
            # A district's households in id order (its official's list, page by page): the
            # primary key alone made the last district's first page read the 275,000
            # households of the districts before it. With each one's project, the campaigns'
            # demolitions counted by district and project type read this index, not the
            # 300,000 rows of the table (90 → 63 ms for the city).
            models.Index(
                fields=["district", "id"], include=["project"], name="household_district_order"
            ),
            # A district's households by stage in id order: a filtered keyset page reads
            # its 50 rows, not the stage's tens of thousands.
            models.Index(fields=["district", "stage", "id"], name="household_district_stage"),
            models.Index(fields=["project", "stage"]),
            # The list's search: any part of a name (core.lookups `__text`), a code's start.
            GinIndex(Characters("party_name"), name="household_name_chars"),
            models.Index(
                OpClass(Upper("code"), name="text_pattern_ops"), name="household_code_prefix"
            ),
            # Started households as of a day (the start rate): a range on this index, which
            # holds the district and the stage too, so the count by district and the stage
            # counts above the households behind it (a dashboard's drill-down) read it alone.
            models.Index(
                fields=["project", "started_on"],
                include=["district", "stage"],
                condition=models.Q(started_on__isnull=False),
                name="household_started",
            ),
            models.Index(
                fields=["district"],
                condition=models.Q(has_duplicate_id=True),
                name="household_duplicate_id",
            ),
        ]
        permissions = [
            ("revert_progress", _("Can move a household back a stage")),
            ("reveal_id_number", _("Can reveal full ID numbers")),
        ]

    def __str__(self):
        return f"{self.code} {self.party_name}"

    # The steps of expropriation by decision (依法征收), in the order the law takes them: a
    # compensation decision, then court enforcement applied for, then carried out.
    PROCEDURE = ("decision_issued_on", "enforcement_applied_on", "enforced_on")

    def validate_constraints(self, exclude=None):
        """A code another household of the project has is the code field's error (a form
        marks the field), not one of the whole record."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            taken = [e for e in general if e.code == CODE_TAKEN]
            if taken:
                errors.setdefault("code", []).extend(taken)
            if rest := [e for e in general if e.code != CODE_TAKEN]:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors) from None

    def clean(self):
        """The legal procedure's dates are records of what happened: none in the future, and
        no step without the one before it, nor before it (an enforcement dated next March
        on a household with no decision was saved)."""
        today = timezone.localdate()
        errors = {}
        for name in ("no_agreement_on", *self.PROCEDURE):
            day = getattr(self, name)
            if day and day > today:
                errors[name] = _("The date cannot be in the future.")
        for before, name in pairwise(self.PROCEDURE):
            day, earlier = getattr(self, name), getattr(self, before)
            if name in errors or not day:
                continue
            if not earlier:
                errors[name] = _("Record the %(step)s first.") % {
                    "step": self._meta.get_field(before).verbose_name
                }
            elif day < earlier:
                errors[name] = _("This cannot be before the %(step)s.") % {
                    "step": self._meta.get_field(before).verbose_name
                }
        if errors:
            raise ValidationError(errors)

    @property
    def recognised_unregistered_area(self) -> Decimal:
        """Unregistered area counts (in compensation and appraisal) only once recognised
        as legal or temporarily legal; pending or illegal area counts as none."""
        if self.unregistered_recognition in (Recognition.LEGAL, Recognition.TEMPORARY_LEGAL):
            return self.unregistered_area
        return Decimal("0")

    def get_hardship_labels(self) -> list[str]:
        labels = dict(Hardship.choices)
        return [str(labels.get(value, value)) for value in self.hardship_types]


@tracked(exclude=["id_encrypted"])
class HouseholdMember(ProtectedIdNumber):
    """A person of the household, head included; the people count is the members."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation to the head"), max_length=20, default="户主")
    is_resettlement_person = models.BooleanField(_("eligible resettlement person"), default=True)
    added_after_freeze = models.BooleanField(
        _("added after the freeze date"), default=False, editable=False
    )

    objects = HouseholdChildQuerySet.as_manager()

    class Meta(ProtectedIdNumber.Meta):
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "id"]

    def __str__(self):
        return f"{self.name}（{self.relation}）"


class ProgressEvent(BaseModel):
    """Append-only log of a household's stages; its stage is the latest event."""

    # Looked up through the (household, effective date) index below, not one of its own.
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="progress_events",
        db_index=False,
        verbose_name=_("household"),
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    effective_on = models.DateField(_("effective date"))
    note = models.CharField(_("note or reason"), max_length=500, blank=True)
    is_reversal = models.BooleanField(_("moved back"), default=False)
    recorded_by = models.ForeignKey(  # shown with the event, never searched by: no index
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress event")
        verbose_name_plural = _("progress events")
        ordering = ["household", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["household", "effective_on"]),
            # Households reaching a stage over a period (a campaign's demolitions): read from
            # the index alone, not from the city's million events.
            models.Index(
                fields=["to_stage", "effective_on"],
                include=["household"],
                condition=models.Q(is_reversal=False),
                name="progress_reached_on",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_from_stage_display()} → {self.get_to_stage_display()} {self.effective_on}"
        )


class IdRevealLog(BaseModel):
    """Every full-ID reveal or export: who, when, which records, why."""

    class Kind(models.TextChoices):
        REVEAL = "reveal", _("Reveal")
        EXPORT = "export", _("Export")
        SEARCH = "search", _("Exact search")
        SEARCH_REFUSED = "search_refused", _("Exact search refused (too many)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REVEAL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    member = models.ForeignKey(
        HouseholdMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    record_count = models.PositiveIntegerField(_("records"), default=1)
    household_ids = ArrayField(
        models.BigIntegerField(),
        default=list,
        blank=True,
        verbose_name=_("households"),
        help_text=_("The households written to an export, or found by a search."),
    )
    filters = models.CharField(
        _("filters"),
        max_length=500,
        blank=True,
        help_text=_("The list filters an export was made with."),
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ID reveal log")
        verbose_name_plural = _("ID reveal log")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ImportPreview(BaseModel):
    """A checked roster file waiting for its importer to confirm it: encrypted (it holds ID
    numbers in clear), usable once, by its importer only, and purged after PREVIEW_HOURS."""

    PREVIEW_HOURS = 2

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    filename = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file (encrypted)"), upload_to="imports/")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")

    def __str__(self):
        return self.filename


class RosterExportQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own exports, made in the scope they hold now: a roster file is its
        requester's, and not theirs any more once they were moved to another district."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user, scope_key=scope_key(scope_of(user)))

    def unfinished(self):
        """Waiting or being written, and not given up on (see RosterExport.ABANDONED)."""
        return self.filter(
            status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
            created_at__gte=timezone.now() - RosterExport.ABANDONED,
        )


class RosterExport(BaseModel):
    """A roster too large to write while the page waits, written by the worker: the list's
    filters as they were asked for, read in the requester's scope when it runs; the file is
    kept KEEP_HOURS for its requester only (it names people and their phones)."""

    INLINE_ROWS = 5000  # up to this many rows the page writes the file at once (about 1 s)
    KEEP_HOURS = 24
    WRITING_LIMIT = timedelta(minutes=10)  # the task's time limit: the city's takes ~70 s
    # Not written by then (a lost task, a worker gone with it): shown as failed.
    ABANDONED = timedelta(minutes=30)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    query = models.TextField(_("filters"), blank=True)
    scope_key = models.CharField(_("scope"), max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("households"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = RosterExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster export")
        verbose_name_plural = _("roster exports")

    def __str__(self):
        return f"{self.requested_by} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def is_abandoned(self) -> bool:
        return not self.is_finished and self.created_at < timezone.now() - self.ABANDONED


class RosterImport(BaseModel):
    """A roster file written into a project: what it did, by whom, when (the clerk's home
    page lists the recent ones; the rows themselves keep their history)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    filename = models.CharField(_("file name"), max_length=200)
    created = models.PositiveIntegerField(_("new households"))
    updated = models.PositiveIntegerField(_("updated households"))
    unchanged = models.PositiveIntegerField(_("unchanged households"))

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return self.filename
