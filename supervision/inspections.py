"""Inspections (督导检查) with their findings, and dispatch meetings (调度会议) with their
decisions: what the bureau saw and decided, each of which can become a supervision notice."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Region
from core.uploads import evidence_type, validate_evidence_file
from supervision.documents import image_thumbnail
from supervision.models import Decision, Finding, Inspection, Meeting
from supervision.rules import require_permission, required_text


def _past(day: date | None, field: str) -> date:
    if day is None:
        raise ValidationError({field: _("Give the date.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be later than today.")})
    return day


@transaction.atomic
def inspection_record(
    *, user, inspected_on: date, inspectors: str, projects, summary: str = ""
) -> Inspection:
    require_permission(user, "supervision.add_inspection")
    projects = list(projects or [])
    if not projects:
        raise ValidationError({"projects": _("Choose the projects visited.")})
    inspection = Inspection.objects.create(
        inspected_on=_past(inspected_on, "inspected_on"),
        inspectors=required_text(inspectors, "inspectors", _("Name the inspectors.")),
        summary=(summary or "").strip(),
        created_by=user,
    )
    inspection.projects.set(projects)
    return inspection


@transaction.atomic
def finding_add(*, user, inspection: Inspection, project, text: str, photo=None) -> Finding:
    """A problem found at one of the projects visited, with a photo (JPEG or PNG) if taken."""
    require_permission(user, "supervision.add_inspection")
    text = required_text(text, "text", _("Say what was found."))
    if project is None or not inspection.projects.filter(pk=project.pk).exists():
        raise ValidationError({"project": _("Choose one of the projects this inspection visited.")})
    thumbnail = None
    if photo is not None:
        validate_evidence_file(photo)
        if not (evidence_type(photo) or "").startswith("image/"):
            raise ValidationError({"photo": _("A photo is a JPEG or PNG file.")})
        thumbnail = image_thumbnail(photo)
    finding = Finding(inspection=inspection, project=project, text=text)
    if photo is not None:
        stem = uuid.uuid4().hex
        finding.photo.save(
            f"{stem}.jpg" if "jpeg" in evidence_type(photo) else f"{stem}.png", photo, save=False
        )
        finding.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(thumbnail), save=False)
    finding.save()
    return finding


@transaction.atomic
def meeting_record(*, user, held_on: date, host: str, subject: str, attendees: str = "") -> Meeting:
    require_permission(user, "supervision.add_meeting")
    return Meeting.objects.create(
        held_on=_past(held_on, "held_on"),
        host=required_text(host, "host", _("Name who hosted the meeting.")),
        subject=required_text(subject, "subject", _("Give the meeting's subject.")),
        attendees=(attendees or "").strip(),
        created_by=user,
    )


@transaction.atomic
def decision_add(
    *,
    user,
    meeting: Meeting,
    text: str,
    owner: str,
    deadline: date,
    district: Region | None = None,
) -> Decision:
    """A decision with who carries it out and by when (the district, where it is one's)."""
    require_permission(user, "supervision.add_meeting")
    if deadline is None:
        raise ValidationError({"deadline": _("Give a deadline.")})
    if deadline < meeting.held_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the meeting.")})
    if district is not None and district.level != Region.Level.DISTRICT:
        raise ValidationError({"district": _("Choose a district.")})
    return Decision.objects.create(
        meeting=meeting,
        text=required_text(text, "text", _("Say what was decided.")),
        owner=required_text(owner, "owner", _("Name who carries it out.")),
        district=district,
        deadline=deadline,
    )
