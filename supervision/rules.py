"""The checks every supervision service opens with: the role, and text that must be given."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def require_permission(user, permission: str) -> None:
    """A role that may not take the step: 403, whatever the record's status."""
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role may not take this step."))


def required_text(value: str, field: str, message: str) -> str:
    """The text stripped, or a 400 naming the field with `message`."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
