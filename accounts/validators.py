import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
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
