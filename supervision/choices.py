from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeLevel(models.TextChoices):
    GENERAL = "general", _("General")
    KEY = "key", _("Key")
    LISTED = "listed", _("Listed (挂牌)")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED_OFF = "signed_off", _("Signed off")
    ISSUED = "issued", _("Issued")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESPONDED = "responded", _("Responded")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed")


# The district has the next move: these run against the deadline and escalate when late.
AWAITING_DISTRICT = (NoticeStatus.ISSUED, NoticeStatus.ACKNOWLEDGED, NoticeStatus.RETURNED)
# What a district sees: a notice reaches it only once issued.
DISTRICT_VISIBLE = (
    NoticeStatus.ISSUED,
    NoticeStatus.ACKNOWLEDGED,
    NoticeStatus.RESPONDED,
    NoticeStatus.RETURNED,
    NoticeStatus.CLOSED,
)


class EscalationStep(models.TextChoices):
    """Steps in the order they are reached (催办 → 约谈 → 通报)."""

    REMINDER = "reminder", _("Reminder (催办)")
    INTERVIEW = "interview", _("Interview (约谈)")
    CIRCULAR = "circular", _("Circulated (通报)")


ESCALATION_ORDER = [step.value for step in EscalationStep]


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    # The district answered while the request waited: no later deadline is needed any more.
    LAPSED = "lapsed", _("Lapsed: answered before a decision")


class EventKind(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    EDITED = "edited", _("Draft edited")
    SIGNED_OFF = "signed_off", _("Signed off")
    ISSUED = "issued", _("Issued")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESPONDED = "responded", _("Responded")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")
    REMINDER = "reminder", _("Reminder (催办)")
    INTERVIEW = "interview", _("Interview due (约谈)")
    INTERVIEW_HELD = "interview_held", _("Interview held")
    CIRCULAR = "circular", _("Circulated (通报)")


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    HOTLINE = "hotline", _("12345 hotline")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")


class GrievanceCategory(models.TextChoices):
    COMPENSATION = "compensation", _("Compensation and appraisal")
    PAYMENT = "payment", _("Payment of compensation")
    TRANSITION = "transition", _("Temporary housing and its fee")
    RESETTLEMENT = "resettlement", _("Resettlement housing")
    CONSTRUCTION = "construction", _("Construction nuisance and safety")
    PROCEDURE = "procedure", _("Procedure and disclosure")
    OTHER = "other", _("Other")


class GrievanceStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted for handling")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    INVESTIGATED = "investigated", _("Investigated")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# Still being handled: these run against a deadline.
GRIEVANCE_OPEN = (
    GrievanceStatus.REGISTERED,
    GrievanceStatus.ACCEPTED,
    GrievanceStatus.INVESTIGATED,
)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")
