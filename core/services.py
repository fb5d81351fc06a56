"""Notifications: the in-app inbox every app writes to (reminders, notices awaiting an answer)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Notification


def _check_link(link: str) -> str:
    """Only a page of this system: a path, never another site (no open redirect)."""
    link = (link or "").strip()
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValidationError({"link": _("A notification can only link to a page of this system.")})
    return link


@transaction.atomic
def notify(*, recipients, text: str, link: str = "") -> list[Notification]:
    """One notification per recipient (each user once), in one statement."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A notification needs a text.")})
    link = _check_link(link)
    unique = {user.pk: user for user in recipients}
    return Notification.objects.bulk_create(
        Notification(recipient=user, text=text[:500], link=link) for user in unique.values()
    )


@transaction.atomic
def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's own notifications read (all of them when no ids are given)."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
