"""The rules of residents' grievances (DESIGN.md §4): registered → accepted (or not accepted,
with a reason) → investigated → resolved → closed with the resident's satisfaction, within the
deadlines of the 信访工作条例 in calendar days — decide on acceptance within 15 days of
registration, handle within 60 days of acceptance, one extension of up to 30 — or, for a
12345 hotline ticket, the ticket's own deadline.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from households.models import Household
from projects.models import Project
from supervision.choices import Channel, GrievanceStatus
from supervision.models import Grievance, GrievanceStep
from supervision.rules import require_permission, required_text

ACCEPT_WITHIN_DAYS = 15
HANDLE_WITHIN_DAYS = 60
MAX_EXTENSION_DAYS = 30


def _locked(grievance) -> Grievance:
    return Grievance.objects.select_for_update().get(pk=grievance.pk)


def _expect(grievance, *statuses) -> None:
    if grievance.status not in statuses:
        raise Conflict(
            _("This step is not possible while the grievance is “%(status)s”.")
            % {"status": grievance.get_status_display()}
        )


def _day(value: date | None, field: str, *, not_before: date | None = None) -> date:
    """A step's date: today when not given, never in the future, never before the last step."""
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be later than today.")})
    if not_before and value < not_before:
        raise ValidationError(
            {field: _("The date cannot be before %(day)s.") % {"day": not_before.isoformat()}}
        )
    return value


def _step(grievance, kind, user, text="") -> None:
    GrievanceStep.objects.create(grievance=grievance, kind=kind, by=user, text=text)


def _save(grievance) -> None:
    grievance.version += 1
    # A step never changes who is reached or how: a phone stored before its check came in
    # (supervision 0005) does not stop the grievance's handling.
    settled = [] if grievance._state.adding else ["phone"]
    grievance.full_clean(exclude=["household", "project", "district", *settled])
    grievance.save()


def _registration(
    *,
    user,
    project: Project | None,
    channel: str,
    category: str,
    content: str,
    registered_on: date | None = None,
    anonymous: bool = False,
    name: str = "",
    phone: str = "",
    household: Household | None = None,
    ticket_no: str = "",
    ticket_deadline: date | None = None,
) -> tuple[Grievance, dict[str, list]]:
    """The grievance as it would be registered, and every refusal of it at once ({field:
    [messages]}): a clerk typing a call in mends all of it in one go. Without a project (a
    form sent without one) the rest is checked all the same."""
    name, phone, ticket_no = (name or "").strip(), (phone or "").strip(), (ticket_no or "").strip()
    refused: dict[str, list] = {}

    def refuse(error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            refused.setdefault(field, []).extend(messages)

    if anonymous and (name or phone or household):
        refused["anonymous"] = [_("An anonymous grievance records no name, phone or household.")]
    if household is not None and project is not None and household.project_id != project.pk:
        refused["household"] = [_("The household is not one of this project's.")]
    if channel == Channel.HOTLINE and not ticket_no:
        refused["ticket_no"] = [_("Give the 12345 hotline ticket number.")]
    if channel != Channel.HOTLINE and (ticket_no or ticket_deadline):
        refused["ticket_no"] = [_("Only a 12345 hotline grievance has a ticket.")]
    try:
        registered_on = _day(registered_on, "registered_on")
    except ValidationError as error:
        refuse(error)
        registered_on = timezone.localdate()  # checked against the rest, never saved
    if ticket_deadline and ticket_deadline < registered_on and "registered_on" not in refused:
        refused["ticket_deadline"] = [
            _("The ticket's deadline cannot be before it was registered.")
        ]
    if not (content or "").strip():
        refused["content"] = [_("Say what the resident asks for.")]
    grievance = Grievance(
        district_id=project.district_id if project else None,
        project=project,
        household=household,
        channel=channel,
        ticket_no=ticket_no,
        ticket_deadline=ticket_deadline,
        anonymous=anonymous,
        name=name,
        phone=phone,
        category=category,
        content=(content or "").strip(),
        registered_on=registered_on,
        accept_by=acceptance_deadline(registered_on, ticket_deadline),
        created_by=user,
    )
    try:
        grievance.full_clean(exclude=["household", "project", "district", *refused])
    except ValidationError as error:
        refuse(error)
    return grievance, refused


def registration_refusals(**fields) -> dict[str, list]:
    """What registering the grievance would refuse ({field: [messages]}), for a form to show
    beside its own checks in one round."""
    return _registration(**fields)[1]


@transaction.atomic
def grievance_register(*, user, **fields) -> Grievance:
    """登记: the grievance about a project (and a household, unless anonymous), with its
    acceptance deadline; a hotline ticket keeps its number and its own deadline."""
    require_permission(user, "supervision.add_grievance")
    grievance, refused = _registration(user=user, **fields)
    if refused:
        raise ValidationError(refused)
    grievance.save()
    _step(grievance, GrievanceStatus.REGISTERED, user)
    return grievance


def acceptance_deadline(registered_on: date, ticket_deadline: date | None) -> date:
    """Acceptance is decided within ACCEPT_WITHIN_DAYS, and a hotline ticket's acceptance by
    its own deadline when that comes first: the ticket must be done by then."""
    within = registered_on + timedelta(days=ACCEPT_WITHIN_DAYS)
    return min(within, ticket_deadline) if ticket_deadline else within


@transaction.atomic
def grievance_accept(*, grievance, user, accepted_on: date | None = None) -> Grievance:
    """受理: the handling deadline runs from today (60 days), or is the ticket's own."""
    require_permission(user, "supervision.change_grievance")
    grievance = _locked(grievance)
    _expect(grievance, GrievanceStatus.REGISTERED)
    grievance.accepted_on = _day(accepted_on, "accepted_on", not_before=grievance.registered_on)
    grievance.handle_by = grievance.ticket_deadline or (
        grievance.accepted_on + timedelta(days=HANDLE_WITHIN_DAYS)
    )
    grievance.status = GrievanceStatus.ACCEPTED
    _save(grievance)
    _step(grievance, GrievanceStatus.ACCEPTED, user)
    return grievance


@transaction.atomic
def grievance_decline(*, grievance, user, reason: str) -> Grievance:
    """不予受理, with the reason the resident is told."""
    require_permission(user, "supervision.change_grievance")
    reason = required_text(reason, "reason", _("Say why the grievance is not accepted."))
    grievance = _locked(grievance)
    _expect(grievance, GrievanceStatus.REGISTERED)
    grievance.status = GrievanceStatus.NOT_ACCEPTED
    grievance.not_accepted_reason = reason
    _save(grievance)
    _step(grievance, GrievanceStatus.NOT_ACCEPTED, user, reason)
    return grievance


@transaction.atomic
def grievance_investigate(*, grievance, user, findings: str, root_cause: str) -> Grievance:
    """调查核实: what was found and why it happened."""
    require_permission(user, "supervision.change_grievance")
    findings = required_text(findings, "findings", _("Say what the investigation found."))
    root_cause = required_text(root_cause, "root_cause", _("Say what caused the problem."))
    grievance = _locked(grievance)
    _expect(grievance, GrievanceStatus.ACCEPTED)
    grievance.findings, grievance.root_cause = findings, root_cause
    grievance.status = GrievanceStatus.INVESTIGATED
    _save(grievance)
    _step(grievance, GrievanceStatus.INVESTIGATED, user, findings)
    return grievance


@transaction.atomic
def grievance_extend(*, grievance, user, days: int, reason: str) -> Grievance:
    """延期: once, by up to 30 days, with a reason."""
    require_permission(user, "supervision.change_grievance")
    reason = required_text(reason, "reason", _("Say why more time is needed."))
    if not days or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError(
            {"days": _("An extension is 1 to %(max)d days.") % {"max": MAX_EXTENSION_DAYS}}
        )
    grievance = _locked(grievance)
    _expect(grievance, GrievanceStatus.ACCEPTED, GrievanceStatus.INVESTIGATED)
    if grievance.extension_days:
        raise Conflict(_("A grievance's deadline can be extended once, and it was."))
    grievance.extension_days = days
    grievance.handle_by += timedelta(days=days)
    _save(grievance)
    _step(grievance, "extended", user, f"+{days} {reason}")
    return grievance


@transaction.atomic
def grievance_resolve(*, grievance, user, reply: str, resolved_on: date | None = None) -> Grievance:
    """办结: the reply the resident is given."""
    require_permission(user, "supervision.change_grievance")
    reply = required_text(reply, "reply", _("Give the reply to the resident."))
    grievance = _locked(grievance)
    _expect(grievance, GrievanceStatus.INVESTIGATED)
    grievance.resolved_on = _day(resolved_on, "resolved_on", not_before=grievance.accepted_on)
    grievance.reply = reply
    grievance.status = GrievanceStatus.RESOLVED
    _save(grievance)
    _step(grievance, GrievanceStatus.RESOLVED, user, reply)
    return grievance


@transaction.atomic
def grievance_close(*, grievance, user, satisfaction: str) -> Grievance:
    """回访与销号: the resident's satisfaction recorded, the grievance closed."""
    require_permission(user, "supervision.change_grievance")
    if not satisfaction:
        raise ValidationError({"satisfaction": _("Record what the resident said of the outcome.")})
    grievance = _locked(grievance)
    _expect(grievance, GrievanceStatus.RESOLVED)
    grievance.satisfaction = satisfaction
    grievance.closed_on = timezone.localdate()
    grievance.status = GrievanceStatus.CLOSED
    _save(grievance)
    _step(grievance, GrievanceStatus.CLOSED, user, grievance.get_satisfaction_display())
    return grievance
