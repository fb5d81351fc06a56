"""The rules of supervision notices (DESIGN.md §4): each step checks the notice's status and
the actor's role, and leaves a line on the notice's timeline.

draft → signed off (numbered) → issued → acknowledged → responded → closed, or returned and
responded again; one extension per notice; escalation by working days overdue.
"""

import mimetypes
import uuid
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import users_with_role
from core.errors import Conflict
from core.models import Region
from core.services import notifications_settle, notify
from core.uploads import evidence_type, validate_evidence_file
from core.versions import check_version
from projects.models import Project
from supervision import selectors
from supervision.choices import (
    AWAITING_DISTRICT,
    ESCALATION_ORDER,
    EscalationStep,
    EventKind,
    ExtensionStatus,
    NoticeLevel,
    NoticeStatus,
)
from supervision.documents import image_thumbnail, notice_pdf
from supervision.models import (
    EscalationPolicy,
    NoticeEscalation,
    NoticeEvent,
    NoticeEvidence,
    NoticeExtension,
    SupervisionNotice,
)
from supervision.rules import require_permission, required_text

MAX_EVIDENCE_FILES = 10
EDITABLE_FIELDS = ("district", "projects", "subject", "problem", "requirement", "deadline", "level")


# --- Shared checks -----------------------------------------------------------------------


def _locked(notice: SupervisionNotice) -> SupervisionNotice:
    return SupervisionNotice.objects.select_for_update().get(pk=notice.pk)


def _expect(notice: SupervisionNotice, *statuses) -> None:
    if notice.status not in statuses:
        raise Conflict(
            _("This step is not possible while the notice is “%(status)s”.")
            % {"status": notice.get_status_display()}
        )


def _step(notice, kind, user=None, *, text: str = "", deadline: date | None = None, at=None):
    """Record a step; a person's step settles what their side (the district's answerers, or
    the bureau) was told about the notice so far: it asked them to come to it, and they have
    acted. What the notice needs next is told anew; the other side's stays."""
    if user is not None:
        answerers = selectors.district_answerers(notice)
        if user.pk in {answerer.pk for answerer in answerers}:
            notifications_settle(link=_link(notice), recipients=answerers)
        else:
            notifications_settle(link=_link(notice), besides=answerers)
    return NoticeEvent.objects.create(
        notice=notice, kind=kind, by=user, text=text, deadline=deadline, at=at or timezone.now()
    )


def future_deadline(deadline: date, field: str = "deadline") -> date:
    if deadline is None:
        raise ValidationError({field: _("Give a deadline.")})
    if deadline < timezone.localdate():
        raise ValidationError({field: _("The deadline cannot be in the past.")})
    return deadline


def _link(notice) -> str:
    return reverse("supervision:notice", kwargs={"pk": notice.pk})


def _tell(recipients, notice, text: str) -> None:
    notify(recipients=list(recipients), text=text, link=_link(notice), email=True)


def _title(notice) -> str:
    return f"{notice.number or _('Draft')}「{notice.subject}」"


def _checked_together(*checks) -> list:
    """Each check's result, or every check's errors raised at once: a draft with projects of
    another district and a past deadline is told both, not one a round."""
    errors, results = {}, []
    for check in checks:
        try:
            results.append(check())
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return results


def check_notice_projects(district: Region, projects) -> list[Project]:
    """A notice names projects of its own district only (its form asks too, so that the
    refusal comes with the form's other errors)."""
    projects = list(projects or [])
    strays = [p.name for p in projects if p.district_id != district.pk]
    if strays:
        raise ValidationError(
            {
                "projects": _("Not in %(district)s: %(projects)s.")
                % {"district": district.name, "projects": "、".join(strays)}
            }
        )
    return projects


# --- Drafting and sign-off ---------------------------------------------------------------


@transaction.atomic
def notice_draft(
    *,
    user,
    district: Region,
    subject: str,
    problem: str,
    requirement: str,
    deadline: date,
    level: str = NoticeLevel.GENERAL,
    projects=(),
    grievance=None,
    finding=None,
    decision=None,
) -> SupervisionNotice:
    """City staff draft a notice to one district; bureau leaders are told it awaits sign-off."""
    require_permission(user, "supervision.add_supervisionnotice")
    if district is None or district.level != Region.Level.DISTRICT:
        raise ValidationError({"district": _("Choose the district the notice is addressed to.")})
    projects, deadline = _checked_together(
        lambda: check_notice_projects(district, projects), lambda: future_deadline(deadline)
    )
    notice = SupervisionNotice(
        district=district,
        subject=required_text(subject, "subject", _("Give the notice a subject.")),
        problem=required_text(problem, "problem", _("Say what the problem is.")),
        requirement=required_text(requirement, "requirement", _("Say what the district must do.")),
        deadline=deadline,
        level=level,
        created_by=user,
        grievance=grievance,
        finding=finding,
        decision=decision,
    )
    notice.full_clean(exclude=["projects"])
    notice.save()
    notice.projects.set(projects)
    _step(notice, EventKind.DRAFTED, user)
    _tell(
        users_with_role(Role.BUREAU_LEADER),
        notice,
        _("A supervision notice awaits your sign-off: %(title)s") % {"title": _title(notice)},
    )
    return notice


@transaction.atomic
def notice_update(*, notice, user, expected_version, **changes) -> SupervisionNotice:
    """A draft's text, addressee or deadline, on the version the editor read."""
    require_permission(user, "supervision.change_supervisionnotice")
    notice = _locked(notice)
    check_version(notice, expected_version)
    _expect(notice, NoticeStatus.DRAFT)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    projects = changes.pop("projects", None)
    for field in ("subject", "problem", "requirement"):
        if field in changes:
            changes[field] = required_text(changes[field], field, _("This field is required."))
    for field, value in changes.items():
        setattr(notice, field, value)
    if notice.district.level != Region.Level.DISTRICT:
        raise ValidationError({"district": _("Choose the district the notice is addressed to.")})
    projects, _deadline = _checked_together(
        lambda: check_notice_projects(
            notice.district, projects if projects is not None else notice.projects.all()
        ),
        lambda: future_deadline(changes["deadline"]) if "deadline" in changes else None,
    )
    notice.full_clean(exclude=["projects"])
    notice.version += 1
    notice.save()
    notice.projects.set(projects)
    _step(notice, EventKind.EDITED, user)
    return notice


def _next_serial(year: int) -> int:
    """The year's next number, taken under a lock held to the end of the transaction, so two
    sign-offs at once get consecutive numbers and a rolled-back one leaves no gap."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('supervision_notice_number'), %s)", [year]
        )
    last = SupervisionNotice.objects.filter(year=year).aggregate(last=Max("serial"))["last"]
    return (last or 0) + 1


@transaction.atomic
def notice_sign_off(*, notice, user) -> SupervisionNotice:
    """签发: a bureau leader approves the draft, which gets the year's next number."""
    require_permission(user, "supervision.sign_off_supervisionnotice")
    notice = _locked(notice)
    _expect(notice, NoticeStatus.DRAFT)
    year = timezone.localdate().year
    notice.year, notice.serial = year, _next_serial(year)
    notice.status = NoticeStatus.SIGNED_OFF
    notice.signed_off_by, notice.signed_off_at = user, timezone.now()
    notice.version += 1
    notice.save()
    _step(notice, EventKind.SIGNED_OFF, user, text=notice.number)
    _tell(
        [notice.created_by],
        notice,
        _("Signed off, ready to issue: %(title)s") % {"title": _title(notice)},
    )
    return notice


# --- Issue and the district's answer -------------------------------------------------------


@transaction.atomic
def notice_issue(*, notice, user, deadline: date | None = None) -> SupervisionNotice:
    """印发: the notice goes to the district, printed and stored as it went out. A deadline
    that passed while it waited for sign-off must be set anew."""
    require_permission(user, "supervision.issue_supervisionnotice")
    notice = _locked(notice)
    _expect(notice, NoticeStatus.SIGNED_OFF)
    today = timezone.localdate()
    if deadline is not None:
        notice.deadline = future_deadline(deadline)
    elif notice.deadline < today:
        raise ValidationError(
            {"deadline": _("The deadline passed before the notice went out: set a new one.")}
        )
    notice.status = NoticeStatus.ISSUED
    notice.issued_on = today
    notice.version += 1
    notice.document.save(
        f"{notice.year}-{notice.serial:03d}.pdf",
        ContentFile(notice_pdf(notice, issued_on=today)),
        save=False,
    )
    notice.save()
    _step(notice, EventKind.ISSUED, user, deadline=notice.deadline)
    _tell(
        selectors.district_answerers(notice),
        notice,
        _("A supervision notice to answer by %(deadline)s: %(title)s")
        % {"deadline": notice.deadline.isoformat(), "title": _title(notice)},
    )
    return notice


@transaction.atomic
def notice_acknowledge(*, notice, user) -> SupervisionNotice:
    """签收: the district confirms it received the notice."""
    require_permission(user, "supervision.answer_supervisionnotice")
    notice = _locked(notice)
    _expect(notice, NoticeStatus.ISSUED)
    notice.status = NoticeStatus.ACKNOWLEDGED
    notice.version += 1
    notice.save()
    _step(notice, EventKind.ACKNOWLEDGED, user)
    return notice


def _checked_evidence(files) -> list[tuple]:
    """Every file checked before anything is written — size, type by content, an image
    readable and not too large — as (upload, type, thumbnail); the errors of all files at once."""
    files = list(files or [])
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError(
            {"files": _("At most %(count)d files per response.") % {"count": MAX_EVIDENCE_FILES}}
        )
    checked, errors = [], []
    for upload in files:
        try:
            validate_evidence_file(upload)
            content_type = evidence_type(upload)
            thumbnail = image_thumbnail(upload) if content_type.startswith("image/") else None
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            checked.append((upload, content_type, thumbnail))
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _store_evidence(notice, event, user, checked) -> None:
    for upload, content_type, thumbnail in checked:
        stem = uuid.uuid4().hex
        evidence = NoticeEvidence(
            notice=notice,
            event=event,
            original_name=upload.name[-200:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )
        evidence.file.save(
            stem + (mimetypes.guess_extension(content_type) or ""), upload, save=False
        )
        if thumbnail:
            evidence.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(thumbnail), save=False)
        evidence.save()


@transaction.atomic
def notice_respond(*, notice, user, text: str, files=()) -> SupervisionNotice:
    """反馈: what the district did, with scans or photos as evidence; city staff are told."""
    require_permission(user, "supervision.answer_supervisionnotice")
    text = required_text(text, "text", _("Say what was done about the problem."))
    checked = _checked_evidence(files)
    notice = _locked(notice)
    _expect(notice, NoticeStatus.ACKNOWLEDGED, NoticeStatus.RETURNED)
    notice.status = NoticeStatus.RESPONDED
    notice.version += 1
    notice.save()
    # Answered within the deadline in force: a request for a later one waits for nothing.
    NoticeExtension.objects.filter(notice=notice, status=ExtensionStatus.REQUESTED).update(
        status=ExtensionStatus.LAPSED, decided_at=timezone.now()
    )
    event = _step(notice, EventKind.RESPONDED, user, text=text)
    _store_evidence(notice, event, user, checked)
    _tell(
        selectors.bureau_followers(notice),
        notice,
        _("%(district)s responded to %(title)s")
        % {
            "district": notice.district.name,
            "title": _title(notice),
        },
    )
    return notice


# --- Close-out -------------------------------------------------------------------------------


def _move_deadline(notice, deadline: date) -> None:
    """A new deadline starts a new count: the escalation shown is that of the deadline in
    force, none yet (the steps against the old one stay on record)."""
    notice.deadline = deadline
    notice.escalation = ""


@transaction.atomic
def notice_close(*, notice, user, note: str = "") -> SupervisionNotice:
    """销号: city staff accept the response; the notice is done."""
    require_permission(user, "supervision.close_supervisionnotice")
    notice = _locked(notice)
    _expect(notice, NoticeStatus.RESPONDED)
    notice.status = NoticeStatus.CLOSED
    notice.closed_on = timezone.localdate()
    notice.version += 1
    notice.save()
    _step(notice, EventKind.CLOSED, user, text=(note or "").strip())
    return notice


@transaction.atomic
def notice_return(*, notice, user, reason: str, deadline: date | None = None) -> SupervisionNotice:
    """退回: the response is not enough; the district answers again, by a new deadline if set."""
    require_permission(user, "supervision.close_supervisionnotice")
    reason = required_text(reason, "reason", _("Say why the response is returned."))
    if deadline is not None:
        future_deadline(deadline)
    notice = _locked(notice)
    _expect(notice, NoticeStatus.RESPONDED)
    notice.status = NoticeStatus.RETURNED
    if deadline is not None:
        _move_deadline(notice, deadline)
    notice.version += 1
    notice.save()
    _step(notice, EventKind.RETURNED, user, text=reason, deadline=deadline)
    _tell(
        selectors.district_answerers(notice),
        notice,
        _("Returned, answer again by %(deadline)s: %(title)s")
        % {"deadline": notice.deadline.isoformat(), "title": _title(notice)},
    )
    return notice


# --- Extension ---------------------------------------------------------------------------------


@transaction.atomic
def notice_extension_request(*, notice, user, deadline: date, reason: str) -> NoticeExtension:
    """A district asks once for a later deadline; bureau leaders are told."""
    require_permission(user, "supervision.answer_supervisionnotice")
    reason = required_text(reason, "reason", _("Say why more time is needed."))
    notice = _locked(notice)
    _expect(notice, *AWAITING_DISTRICT)
    earlier = NoticeExtension.objects.select_for_update().filter(notice=notice).first()
    # A request that lapsed when the district answered was never decided: a returned answer
    # lets the district ask again.
    if earlier is not None and earlier.status != ExtensionStatus.LAPSED:
        raise Conflict(_("An extension can be asked for once per notice, and it was."))
    future_deadline(deadline)
    if deadline <= notice.deadline:
        raise ValidationError(
            {
                "deadline": _("Ask for a date after the current deadline (%(deadline)s).")
                % {"deadline": notice.deadline.isoformat()}
            }
        )
    extension = earlier or NoticeExtension(notice=notice)
    extension.requested_deadline, extension.reason, extension.requested_by = deadline, reason, user
    extension.requested_at, extension.status = timezone.now(), ExtensionStatus.REQUESTED
    extension.decided_at = None
    extension.save()
    _step(notice, EventKind.EXTENSION_REQUESTED, user, text=reason, deadline=deadline)
    _tell(
        users_with_role(Role.BUREAU_LEADER),
        notice,
        _("%(district)s asks for more time, to %(deadline)s: %(title)s")
        % {
            "district": notice.district.name,
            "deadline": deadline.isoformat(),
            "title": _title(notice),
        },
    )
    return extension


@transaction.atomic
def notice_extension_decide(*, notice, user, grant: bool, note: str = "") -> NoticeExtension:
    """A bureau leader grants the extension (the deadline moves) or refuses it."""
    require_permission(user, "supervision.decide_extension")
    notice = _locked(notice)
    extension = NoticeExtension.objects.select_for_update().filter(notice=notice).first()
    if extension is None or extension.status != ExtensionStatus.REQUESTED:
        raise Conflict(_("No extension request is waiting for a decision on this notice."))
    _expect(notice, *AWAITING_DISTRICT)
    note = (note or "").strip()
    if not grant and not note:
        raise ValidationError({"note": _("Say why the extension is refused.")})
    extension.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    extension.decided_by, extension.decided_at = user, timezone.now()
    extension.decision_note = note
    extension.save()
    if grant and extension.requested_deadline > notice.deadline:  # never earlier than in force
        _move_deadline(notice, extension.requested_deadline)
        notice.version += 1
        notice.save()
    _step(
        notice,
        EventKind.EXTENSION_GRANTED if grant else EventKind.EXTENSION_REFUSED,
        user,
        text=note,
        deadline=extension.requested_deadline if grant else None,
    )
    message = (
        _("Extension granted, the deadline is now %(deadline)s: %(title)s")
        if grant
        else _("Extension refused, the deadline stays %(deadline)s: %(title)s")
    )
    _tell(
        selectors.district_answerers(notice),
        notice,
        message % {"deadline": notice.deadline.isoformat(), "title": _title(notice)},
    )
    return extension


# --- Escalation ---------------------------------------------------------------------------------


@transaction.atomic
def notices_escalate(*, today: date | None = None) -> list[NoticeEscalation]:
    """Every open overdue notice reaches the steps its working days overdue call for; each
    step is recorded once (the notice row is locked while its steps are read and written), so
    a second run the same day, or two runs at once, add nothing."""
    today = today or timezone.localdate()
    # A run for a past day (catching up) records its steps on that morning.
    at = (
        timezone.now()
        if today == timezone.localdate()
        else timezone.make_aware(datetime.combine(today, time(7, 30)))
    )
    thresholds = EscalationPolicy.current().thresholds()
    reached = []
    overdue = (
        SupervisionNotice.objects.overdue(today)
        .select_for_update(of=("self",))
        .select_related("district", "created_by")
        .order_by("pk")
    )
    for notice in overdue:
        days = selectors.working_days_overdue(notice.deadline, today)
        recorded = set(
            notice.escalations.filter(deadline=notice.deadline).values_list("step", flat=True)
        )
        for step, after in thresholds:
            if days >= after and step not in recorded:
                reached.append(_escalate(notice, step, days, today, at))
    return reached


_STEP_EVENT = {
    EscalationStep.REMINDER: EventKind.REMINDER,
    EscalationStep.INTERVIEW: EventKind.INTERVIEW,
    EscalationStep.CIRCULAR: EventKind.CIRCULAR,
}
_STEP_TEXT = {
    EscalationStep.REMINDER: lambda: _(
        "Reminder (催办): %(title)s is %(days)d working days overdue; answer at once."
    ),
    EscalationStep.INTERVIEW: lambda: _(
        "Interview (约谈): %(title)s is %(days)d working days overdue; the district's leader "
        "will be interviewed."
    ),
    EscalationStep.CIRCULAR: lambda: _(
        "Circulated (通报): %(title)s is %(days)d working days overdue and is named in the "
        "weekly report."
    ),
}


def _escalate(notice, step, days, today, at) -> NoticeEscalation:
    escalation = NoticeEscalation.objects.create(
        notice=notice,
        step=step,
        deadline=notice.deadline,
        reached_on=today,
        working_days_overdue=days,
    )
    if ESCALATION_ORDER.index(step) + 1 > notice.escalation_rank:
        notice.escalation = step
        notice.save(update_fields=["escalation"])
    text = _STEP_TEXT[step]() % {"title": _title(notice), "days": days}
    _step(notice, _STEP_EVENT[step], text=text, at=at)
    recipients = list(selectors.district_answerers(notice))
    if step != EscalationStep.REMINDER:
        recipients += selectors.bureau_followers(notice)
    _tell(recipients, notice, text)
    if NoticeExtension.objects.filter(notice=notice, status=ExtensionStatus.REQUESTED).exists():
        # The district asked for more time and waits: the step stands (the rule is the
        # bureau's), and those who decide are told the request still waits for them.
        _tell(
            users_with_role(Role.BUREAU_LEADER),
            notice,
            _("%(step)s while the district's extension request waits for a decision: %(title)s")
            % {"step": EscalationStep(step).label, "title": _title(notice)},
        )
    return escalation


@transaction.atomic
def notice_interview_record(*, notice, user, held_on: date, outcome: str) -> NoticeEscalation:
    """约谈 held: its date and outcome on the notice's record."""
    require_permission(user, "supervision.change_noticeescalation")
    outcome = required_text(outcome, "outcome", _("Say what came of the interview."))
    notice = _locked(notice)
    escalation = (
        NoticeEscalation.objects.select_for_update()
        .filter(notice=notice, step=EscalationStep.INTERVIEW)
        .order_by(F("held_on").asc(nulls_first=True), "-reached_on")  # one not yet held first
        .first()
    )
    if escalation is None:
        raise Conflict(_("This notice has not reached the interview step."))
    if escalation.held_on:
        raise Conflict(_("The interview is already on record."))
    if held_on is None or not escalation.reached_on <= held_on <= timezone.localdate():
        raise ValidationError(
            {
                "held_on": _(
                    "Give the day the interview was held: from %(reached)s, not later than today."
                )
                % {"reached": escalation.reached_on.isoformat()}
            }
        )
    escalation.held_on, escalation.outcome, escalation.recorded_by = held_on, outcome, user
    escalation.save()
    _step(notice, EventKind.INTERVIEW_HELD, user, text=f"{held_on.isoformat()} {outcome}")
    return escalation
