"""Stale edits refused: the one check every update service makes (DESIGN.md §7)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import Conflict


def check_version(
    record, expected, *, stale_message: str | None = None, field: str = "version"
) -> None:
    """`record` is the stored, locked row; `expected` the version the edit was made on.
    `field`: where the record counts its edits, for one whose `version` means another thing
    (a compensation scheme's is its number).

    Missing: a 400 naming the field (an API client must send what it read). Stale: a 409,
    with `stale_message` when the record's kind deserves its own words."""
    if expected in (None, ""):
        raise ValidationError(
            {field: _("Send the version of the record you read (its “version”).")}
        )
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        raise ValidationError({field: _("The version must be a whole number.")}) from None
    if expected != getattr(record, field):
        raise Conflict(
            stale_message
            or _(
                "Someone else saved this record after you opened it. Reload it and make your "
                "change again; nothing of yours was saved."
            )
        )
