"""Notifications: the in-app inbox every app writes to (reminders, notices awaiting an answer),
and the e-mail that goes with it where a step calls for one."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Notification

logger = logging.getLogger(__name__)


def _check_link(link: str) -> str:
    """Only a page of this system: a path, never another site (no open redirect)."""
    link = (link or "").strip()
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValidationError({"link": _("A notification can only link to a page of this system.")})
    return link


def _send_mails(messages: list[EmailMessage]) -> None:
    """Sent once the step is committed, each on its own; a relay that is down loses the
    e-mail, never the step or its in-app notification (which stays the record)."""
    with get_connection() as connection:
        for message in messages:
            try:
                connection.send_messages([message])
            except Exception:  # any relay failure: logged, never raised into the finished step
                logger.exception("notification e-mail to %s not sent", message.to)


@transaction.atomic
def notify(*, recipients, text: str, link: str = "", email: bool = False) -> list[Notification]:
    """One notification per recipient (each user once), in one statement; with `email`, the
    same text (and the page's address) also by e-mail to each recipient who has an address."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A notification needs a text.")})
    link = _check_link(link)
    unique = {user.pk: user for user in recipients}
    created = Notification.objects.bulk_create(
        Notification(recipient=user, text=text[:500], link=link) for user in unique.values()
    )
    if email:
        body = f"{text}\n\n{settings.SITE_URL.rstrip('/')}{link}" if link else text
        one_line = " ".join(text.split())  # a header never holds a line break
        subject = _("[Penggaitong] %(text)s") % {"text": one_line[:60]}
        messages = [
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            for user in unique.values()
            if user.email
        ]
        if messages:
            transaction.on_commit(lambda: _send_mails(messages))
    return created


def notifications_settle(*, link: str, recipients=None, besides=None) -> int:
    """Mark read the unread notifications that point to `link` (only `recipients`', if
    given; none of `besides`'): what they asked for has been done, and the bell stops
    counting it."""
    unread = Notification.objects.unread().filter(link=link)
    if recipients is not None:
        unread = unread.filter(recipient__in=recipients)
    if besides is not None:
        unread = unread.exclude(recipient__in=besides)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's own notifications read (all of them when no ids are given)."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
