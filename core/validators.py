"""Checks every typed or uploaded value passes, whatever the path (page, API, import)."""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. Text pasted from Word
# carries some (\x0b), and one stored in a name would stop every spreadsheet it goes into.
# And the direction overrides and isolates, which reorder how the text around them shows (a
# notice's subject or number could read otherwise than it is stored).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# The dates a record of the programme can carry: the first plans are from the 2000s, and a
# date beyond 2100 is a typing slip (year 0001, 20260 …), never a plan.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def without_null_check(validators: list) -> list:
    """The validators but Django's null-character check, which no_control_characters
    covers: both refused a pasted NUL, Django's in words a clerk cannot act on."""
    return [v for v in validators if not isinstance(v, ProhibitNullCharactersValidator)]


# Characters that show nothing: zero-width space, non-joiner and joiner, direction marks,
# word joiner, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad"))


def visible_text(value) -> None:
    """Text of invisible characters alone (a zero-width space) is refused: as a required
    reason it passed for one, and nobody can read it."""
    if isinstance(value, str) and value and not value.translate(_INVISIBLE).strip():
        raise ValidationError(
            _("Contains only invisible characters: type the text itself."),
            code="invisible",
        )


def text_validators(validators: list) -> list:
    """A text field's validators as every page form and API serializer checks them: its own,
    then no control characters and not invisible characters alone."""
    return [*without_null_check(validators), no_control_characters, visible_text]


def no_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "Contains invisible control characters (often pasted from Word); "
                "delete them and type the text again."
            ),
            code="control_characters",
        )


# A mobile number (1 and ten digits, +86 before it allowed) or a fixed line with its area code
# (0571-88886666, the hyphen optional, an extension after a second one); several numbers
# separated by / 、 , ; or spaces.
_PHONE = re.compile(r"(?:\+?86[- ]?)?1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?")
_PHONE_SEPARATORS = re.compile(r"[/、,，;；\s]+")


def phone_numbers(value) -> None:
    """Numbers a household can be called on: "abc" or seven digits are typing slips."""
    if not value:
        return
    numbers = [part for part in _PHONE_SEPARATORS.split(value.strip()) if part]
    if not all(_PHONE.fullmatch(number) for number in numbers):
        raise ValidationError(
            _(
                "Enter a mobile number or a fixed line with its area code (e.g. 13800000000, "
                "0571-88886666); separate several numbers with “/”."
            ),
            code="phone",
        )


def plain_number(value) -> None:
    """A figure typed in scientific notation (1e5, 1.5E3) is refused: the field would read it
    as 100,000 without a word, where a clerk has slipped a key. A number keeps the exponent
    it was typed with until it is rounded, so 1e5 is told from 100000."""
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent > 0:
        raise ValidationError(
            _("Type the number in full (such as 100000), not as %(typed)s.")
            % {"typed": f"{value:e}".replace("+", "")},
            code="scientific_notation",
        )


def domain_date(value) -> None:
    if isinstance(value, date) and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="date_out_of_range",
        )
