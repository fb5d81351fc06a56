"""The refusals services raise, which pages and the API turn into messages and statuses."""

from django.db import IntegrityError
from django.utils.translation import gettext as _
from psycopg import errors


class Conflict(Exception):
    """An action the record's current state does not allow (the API answers 409).

    Services raise it; bad input is a ValidationError instead (the API answers 400).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Throttled(Exception):
    """Too many of one action in a period (the API and the pages answer 429)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def duplicate_save(exc: IntegrityError) -> Conflict | None:
    """A unique constraint hit by two saves of the same thing at once (a double click, a
    form sent twice): the Conflict that tells the user, who saved nothing twice. None for any
    other integrity error, which is a fault to be raised."""
    if not isinstance(exc.__cause__, errors.UniqueViolation):
        return None
    return Conflict(
        _(
            "The same record was saved a moment ago (the form was probably sent twice): "
            "reload the page to check it; there is no need to send it again."
        )
    )
