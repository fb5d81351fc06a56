"""Supervision (DESIGN.md §4): notices (督办函) with their timeline, evidence, extension
and escalation steps."""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from core.models import BaseModel, Region, Versioned
from core.scoping import CityWideQuerySet, ScopedQuerySet
from core.validators import phone_numbers
from households.models import Household
from projects.models import Project
from projects.querysets import project_scope_q
from supervision.choices import (
    AWAITING_DISTRICT,
    ESCALATION_ORDER,
    GRIEVANCE_OPEN,
    Channel,
    EscalationStep,
    EventKind,
    ExtensionStatus,
    GrievanceCategory,
    GrievanceStatus,
    NoticeLevel,
    NoticeStatus,
    Satisfaction,
)
from supervision.querysets import GrievanceQuerySet, NoticeChildQuerySet, NoticeQuerySet


def _user(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


@tracked()
class SupervisionNotice(Versioned):
    """A supervision notice to one district: drafted by city staff, signed off by a bureau
    leader (when it gets its number), issued, then answered by the district and closed out."""

    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.DISTRICT},
        verbose_name=_("district"),
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="+", verbose_name=_("projects")
    )
    subject = models.CharField(_("subject"), max_length=200)
    problem = models.TextField(_("problem"), max_length=5000)
    requirement = models.TextField(_("requirement"), max_length=5000)
    deadline = models.DateField(_("deadline"))
    level = models.CharField(
        _("supervision level"),
        max_length=10,
        choices=NoticeLevel.choices,
        default=NoticeLevel.GENERAL,
    )
    status = models.CharField(
        _("status"), max_length=15, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True, editable=False)
    serial = models.PositiveIntegerField(_("serial"), null=True, blank=True, editable=False)
    escalation = models.CharField(
        _("escalation"),
        max_length=10,
        choices=EscalationStep.choices,
        blank=True,
        help_text=_("The last step reached against the deadline in force."),
    )
    document = models.FileField(_("printed notice (PDF)"), upload_to="notices/%Y/", blank=True)
    created_by = _user(_("drafted by"))
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    signed_off_by = _user(_("signed off by"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    grievance = models.ForeignKey(
        "supervision.Grievance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("from grievance"),
    )
    finding = models.ForeignKey(
        "supervision.Finding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("from inspection finding"),
    )
    decision = models.ForeignKey(
        "supervision.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("from meeting decision"),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-id"]
        permissions = [
            ("sign_off_supervisionnotice", _("Can sign off a supervision notice")),
            ("issue_supervisionnotice", _("Can issue a supervision notice")),
            ("answer_supervisionnotice", _("Can answer a supervision notice for a district")),
            ("close_supervisionnotice", _("Can close out or return a supervision notice")),
            ("decide_extension", _("Can grant or refuse a deadline extension")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="notice_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status="draft", serial__isnull=True)
                | (~models.Q(status="draft") & models.Q(serial__isnull=False)),
                name="notice_numbered_once_signed_off",
            ),
        ]
        indexes = [models.Index(fields=["district", "status", "deadline"])]
        triggers = [
            # A number once given is the notice's for good: no gap, no reuse.
            pgtrigger.Protect(
                name="notice_number_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__serial__isnull=False)
                & (
                    pgtrigger.Q(old__serial__df=pgtrigger.F("new__serial"))
                    | pgtrigger.Q(old__year__df=pgtrigger.F("new__year"))
                ),
            ),
            pgtrigger.Protect(name="notice_never_deleted", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return self.number or str(_("Draft notice: %(subject)s") % {"subject": self.subject})

    @property
    def number(self) -> str:
        """棚改督〔2026〕12号: the prefix of the bureau, the year in 〔〕, the serial."""
        if self.serial is None:
            return ""
        return f"{settings.NOTICE_NUMBER_PREFIX}〔{self.year}〕{self.serial}号"

    def is_overdue(self, today) -> bool:
        """querysets.overdue_q for one notice in hand."""
        return self.status in AWAITING_DISTRICT and self.deadline < today

    @property
    def escalation_or_none(self) -> str | None:
        return self.escalation or None

    @property
    def escalation_rank(self) -> int:
        return ESCALATION_ORDER.index(self.escalation) + 1 if self.escalation else 0


class NoticeEvent(BaseModel):
    """One step on a notice's timeline: who (nobody for the daily escalation), when, what."""

    notice = models.ForeignKey(SupervisionNotice, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("step"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = _user(_("by"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=5000)
    deadline = models.DateField(_("deadline set"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice step")
        verbose_name_plural = _("notice steps")
        ordering = ["notice", "at", "id"]
        triggers = [
            pgtrigger.Protect(
                name="timeline_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return self.get_kind_display()


def evidence_path(instance, filename):
    """Stored under the notice, never under the name the uploader gave."""
    return f"notices/{instance.notice_id}/evidence/{filename}"


class NoticeEvidence(BaseModel):
    """A scan or photo the district sends with its response; served only through the
    scope-checking view."""

    notice = models.ForeignKey(SupervisionNotice, on_delete=models.CASCADE, related_name="evidence")
    event = models.ForeignKey(NoticeEvent, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=30)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = _user(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = NoticeChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["notice", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@tracked()
class NoticeExtension(BaseModel):
    """The one deadline extension a district may ask for on a notice."""

    notice = models.OneToOneField(
        SupervisionNotice, on_delete=models.CASCADE, related_name="extension"
    )
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = _user(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.REQUESTED,
    )
    decided_by = _user(_("decided by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self):
        return f"{self.notice} → {self.requested_deadline}"


@tracked()
class NoticeEscalation(BaseModel):
    """A step of escalation reached by an overdue notice, recorded once per deadline whatever
    the number of runs; an interview (约谈) is later completed with its date and outcome."""

    notice = models.ForeignKey(
        SupervisionNotice, on_delete=models.CASCADE, related_name="escalations"
    )
    step = models.CharField(_("step"), max_length=10, choices=EscalationStep.choices)
    deadline = models.DateField(_("deadline missed"))
    reached_on = models.DateField(_("reached on"))
    working_days_overdue = models.PositiveIntegerField(_("working days overdue"))
    held_on = models.DateField(_("interview held on"), null=True, blank=True)
    outcome = models.TextField(_("interview outcome"), blank=True, max_length=5000)
    recorded_by = _user(_("recorded by"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["notice", "reached_on", "id"]
        constraints = [
            # Once per step for each deadline: a new deadline (a return, an extension) that is
            # missed again starts again from the reminder.
            models.UniqueConstraint(
                fields=["notice", "deadline", "step"], name="escalation_once_per_step"
            )
        ]

    def __str__(self):
        return f"{self.notice} {self.get_step_display()}"


class EscalationPolicy(BaseModel):
    """How many working days past the deadline each escalation step comes: one row the
    administrator edits in the admin."""

    reminder_after = models.PositiveSmallIntegerField(
        _("reminder (催办) after working days overdue"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    interview_after = models.PositiveSmallIntegerField(
        _("interview (约谈) after working days overdue"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    circular_after = models.PositiveSmallIntegerField(
        _("circulation (通报) after working days overdue"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("escalation thresholds")
        verbose_name_plural = _("escalation thresholds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reminder_after__lt=models.F("interview_after"))
                & models.Q(interview_after__lt=models.F("circular_after")),
                name="escalation_steps_in_order",
            )
        ]

    def __str__(self):
        return str(_("Escalation thresholds"))

    def clean(self):
        if not (self.reminder_after < self.interview_after < self.circular_after):
            raise ValidationError(
                _(
                    "Each step must come later than the one before: reminder, then interview, "
                    "then circulation."
                )
            )

    @classmethod
    def current(cls) -> "EscalationPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

    def thresholds(self) -> list[tuple[str, int]]:
        return [
            (EscalationStep.REMINDER, self.reminder_after),
            (EscalationStep.INTERVIEW, self.interview_after),
            (EscalationStep.CIRCULAR, self.circular_after),
        ]


@tracked()
class Grievance(Versioned):
    """A resident's grievance (群众诉求) about a project, from a visit, a call, a 12345 hotline
    ticket, a meeting or a letter, handled within the statutory deadlines (信访工作条例:
    decide on acceptance within 15 days, handle within 60 of acceptance, one extension of up
    to 30) or the hotline ticket's own. An anonymous one names no person and no household:
    they are never stored."""

    district = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    ticket_no = models.CharField(_("hotline ticket number"), max_length=40, blank=True)
    ticket_deadline = models.DateField(_("ticket deadline"), null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("resident's name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_numbers])
    category = models.CharField(
        _("grievance category"), max_length=15, choices=GrievanceCategory.choices
    )
    content = models.TextField(_("content"), max_length=5000)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=GrievanceStatus.choices,
        default=GrievanceStatus.REGISTERED,
    )
    registered_on = models.DateField(_("registered on"))
    accept_by = models.DateField(_("decide on acceptance by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    handle_by = models.DateField(_("handle by"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extended by (days)"), default=0)
    findings = models.TextField(_("findings"), blank=True, max_length=5000)
    root_cause = models.TextField(_("root cause"), blank=True, max_length=5000)
    reply = models.TextField(_("reply to the resident"), blank=True, max_length=5000)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=15, choices=Satisfaction.choices, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    not_accepted_reason = models.TextField(_("reason not accepted"), blank=True, max_length=2000)
    created_by = _user(_("registered by"))
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    objects = GrievanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False)
                | models.Q(name="", phone="", household__isnull=True),
                name="grievance_anonymous_names_nobody",
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=30), name="grievance_extension_30_days"
            ),
        ]
        indexes = [models.Index(fields=["district", "status", "registered_on"])]

    def __str__(self):
        return f"{self.get_channel_display()} {self.ticket_no or self.pk}"

    @property
    def satisfaction_or_none(self) -> str | None:
        return self.satisfaction or None

    @property
    def deadline(self):
        """The deadline running now: acceptance while registered, handling once accepted."""
        if self.status == GrievanceStatus.REGISTERED:
            return self.accept_by
        if self.status in GRIEVANCE_OPEN:
            return self.handle_by
        return None

    def is_overdue(self, today) -> bool:
        """querysets.grievance_overdue_q for one grievance in hand."""
        return self.deadline is not None and self.deadline < today


class GrievanceStep(BaseModel):
    """One step of a grievance, with who and when."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(
        _("step"),
        max_length=15,
        choices=[*GrievanceStatus.choices, ("extended", _("Deadline extended"))],
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = _user(_("by"))
    text = models.TextField(_("text"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("grievance step")
        verbose_name_plural = _("grievance steps")
        ordering = ["grievance", "at", "id"]
        triggers = [
            pgtrigger.Protect(
                name="grievance_steps_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return self.kind


class InspectionQuerySet(ScopedQuerySet):
    """An inspection is read where one of the projects it visited is."""

    def scope_filter(self, scope):
        visited = Inspection.projects.through.objects.filter(
            project_scope_q(scope, "project__")
        ).values("inspection_id")
        return models.Q(pk__in=visited)

    def with_visible_projects(self, user):
        """Each inspection's visited projects that `user` may see, as `visible_projects`: a
        visit to several districts names to a district only its own projects."""
        return self.prefetch_related(
            models.Prefetch(
                "projects",
                Project.objects.for_user(user).select_related("district").order_by("code"),
                to_attr="visible_projects",
            )
        )


@tracked()
class Inspection(BaseModel):
    """督导检查: a visit by city inspectors to projects, with what they found."""

    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspectors"), max_length=200)
    projects = models.ManyToManyField(Project, related_name="+", verbose_name=_("projects visited"))
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    created_by = _user(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return f"{self.inspected_on:%Y-%m-%d} {self.inspectors}"


def finding_photo_path(instance, filename):
    return f"inspections/{instance.inspection_id}/{filename}"


class FindingQuerySet(ScopedQuerySet):
    def scope_filter(self, scope):
        return project_scope_q(scope, "project__")


@tracked()
class Finding(BaseModel):
    """A problem found at one project on an inspection, with a photo if taken."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("inspection")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    text = models.TextField(_("finding"), max_length=5000)
    photo = models.FileField(_("photo"), upload_to=finding_photo_path, blank=True)
    thumbnail = models.FileField(_("thumbnail"), upload_to=finding_photo_path, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "id"]

    def __str__(self):
        return self.text[:40]


@tracked()
class Meeting(BaseModel):
    """调度会议: a dispatch meeting and what it decided — the record of 高位推动."""

    held_on = models.DateField(_("held on"))
    host = models.CharField(_("host"), max_length=100)
    subject = models.CharField(pgettext_lazy("meeting", "subject"), max_length=200)
    attendees = models.TextField(_("attendees"), blank=True, max_length=2000)
    created_by = _user(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = CityWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispatch meeting")
        verbose_name_plural = _("dispatch meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.subject}"


@tracked()
class Decision(BaseModel):
    """A decision of a meeting, with who carries it out and by when."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(_("decision"), max_length=2000)
    owner = models.CharField(_("owner"), max_length=100)
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Region.Level.DISTRICT},
        verbose_name=_("district concerned"),
    )
    deadline = models.DateField(_("deadline"))

    objects = CityWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["meeting", "id"]

    def __str__(self):
        return self.text[:40]
