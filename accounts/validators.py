import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterClassValidator:
    """Require characters from several classes: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes_in(password: str) -> int:
        checks = (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or c.isspace() for c in password),
        )
        return sum(checks)

    def validate(self, password, user=None):
        if self.classes_in(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_classes")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(count)d kind of character: lower-case letters, "
            "upper-case letters, digits, symbols.",
            "Your password must mix at least %(count)d kinds of characters: lower-case letters, "
            "upper-case letters, digits, symbols.",
            self.min_classes,
        ) % {"count": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a message of our own: Django 5.2's text has no Chinese yet."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Your password must have at least %(min_length)d character.",
            "Your password must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonWordValidator:
    """A common word dressed up with capitals, digits and symbols is still a common password:
    "Password123!", "Admin@123", "Passw0rd!", "Qwerty123!" pass the class and length rules
    but fall to the first guesses of any attacker. The letters of the password, with the
    usual look-alike digits read back as letters, must not be a common password (Django's
    list of 20,000) nor shorter than `min_letters`."""

    LOOK_ALIKES = str.maketrans(
        {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
    )

    def __init__(self, min_letters: int = 4):
        self.min_letters = min_letters
        self.common = password_validation.CommonPasswordValidator().passwords

    def _words(self, password: str) -> set[str]:
        lowered = password.lower().strip()
        plain = "".join(c for c in lowered if c.isalpha())
        read_back = "".join(c for c in lowered.translate(self.LOOK_ALIKES) if c.isalpha())
        return {plain, read_back}

    def validate(self, password, user=None):
        words = self._words(password)
        if min(len(w) for w in words) < self.min_letters or words & self.common:
            raise ValidationError(self.get_help_text(), code="password_common_word")

    def get_help_text(self):
        return _(
            "Your password must not be a common word (or a few letters) with digits and symbols "
            "added, such as Password123! or Admin@123."
        )
