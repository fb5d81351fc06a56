"""Resident ID numbers: validated, stored encrypted, found by a keyed hash, shown masked.

Keys come from the environment (ID_ENCRYPTION_KEYS: comma-separated Fernet keys, newest
first, so keys can be rotated; ID_HASH_KEY for the search hash). Development derives both
from SECRET_KEY so a laptop needs no set-up.
"""

import base64
import hashlib
import hmac
import re
import unicodedata
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric


def normalise(value: str) -> str:
    """Full-width digits and letters to ASCII, spaces dropped, a lower-case x made upper."""
    return unicodedata.normalize("NFKC", value or "").replace(" ", "").strip().upper()


_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def validate_id_number(value: str, *, today: date | None = None) -> str:
    """The normalised number, or a ValidationError saying what is wrong with it in Chinese.

    The checks of python-stdnum's ric.validate(), one at a time so that each failure gets
    its own message, plus no birth date after `today` (a roster passes its day once: the
    local date costs as much as the other checks together); the region code must have
    existed at some time (not in the birth year, see _known_region_code), looked up once
    per code.
    """
    number = normalise(value)
    if len(number) != 18:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(count)d.")
            % {"count": len(number)},
            code="length",
        )
    if not _SHAPE.fullmatch(number):  # ASCII digits only: str.isdigit() also takes ١ or ፩
        raise ValidationError(
            _("A resident ID number is 17 digits and a final digit or X."), code="format"
        )
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(
            _("The check digit of this resident ID number is wrong; please check it."),
            code="checksum",
        )
    try:
        birth_date = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth_date = None
    if birth_date is None or birth_date > (today or timezone.localdate()):
        raise ValidationError(
            _("The birth date in this resident ID number is not a real date."), code="birth_date"
        )
    if not _known_region_code(number[:6]):
        raise ValidationError(
            _("The first six digits of this resident ID number are not a region code."),
            code="region",
        )
    return number


@lru_cache(maxsize=8192)
def _known_region_code(region_code: str) -> bool:
    """The code stood in the national division list at some time (python-stdnum's copy).

    Not necessarily in the birth year: the code is the place of first registration, often
    decades after birth (everyone born in 罗湖区 before it was created carries 440303)."""
    merged = {
        key: value
        for _part, props in numdb.get("cn/loc").info(region_code)
        for key, value in props.items()
    }
    return "county" in merged


def _require_keys() -> None:
    """Production never falls back to keys derived from SECRET_KEY."""
    if settings.PRODUCTION and not (settings.ID_ENCRYPTION_KEYS and settings.ID_HASH_KEY):
        raise ImproperlyConfigured("Set ID_ENCRYPTION_KEYS and ID_HASH_KEY in production.")


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    _require_keys()
    keys = settings.ID_ENCRYPTION_KEYS or [
        base64.urlsafe_b64encode(
            hashlib.sha256(f"id-encryption:{settings.SECRET_KEY}".encode()).digest()
        ).decode()
    ]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _hash_key() -> bytes:
    _require_keys()
    return (settings.ID_HASH_KEY or f"id-hash:{settings.SECRET_KEY}").encode()


def encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def encrypt_bytes(content: bytes) -> bytes:
    """Any confidential content kept for a while (an uploaded roster waiting for confirmation)."""
    return _fernet().encrypt(content)


def decrypt_bytes(token: bytes, *, max_age_seconds: int) -> bytes:
    """The content, or cryptography.fernet.InvalidToken once it is older than max_age_seconds."""
    return _fernet().decrypt(token, ttl=max_age_seconds)


@lru_cache(maxsize=1)
def _keyed_hash():
    """The HMAC with its key already taken in, copied for each number (a roster hashes
    thousands)."""
    return hmac.new(_hash_key(), digestmod=hashlib.sha256)


def search_hash(number: str) -> str:
    digest = _keyed_hash().copy()
    digest.update(normalise(number).encode())
    return digest.hexdigest()


def mask(number: str) -> str:
    """430*************3X: the first three digits and the last two kept, so little is left
    that the rest cannot be guessed from a birth date and the check digit (DESIGN.md §4)."""
    return (
        f"{number[:3]}{'*' * (len(number) - 5)}{number[-2:]}"
        if len(number) > 10
        else "*" * len(number)
    )


PROTECTED_FIELDS = ("id_encrypted", "id_hash", "id_masked")


def protected(number: str) -> tuple[str, str, str]:
    """The three stored forms of a valid number (PROTECTED_FIELDS): encrypted, hash, masked."""
    return encrypt(number), search_hash(number), mask(number)


def protect(number: str) -> dict:
    """The stored forms of a valid number by field name."""
    return dict(zip(PROTECTED_FIELDS, protected(number), strict=True))
