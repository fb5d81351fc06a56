"""The refusals services raise, which pages and the API turn into messages and statuses."""

import logging

from django.db import IntegrityError
from django.utils.translation import gettext as _
from psycopg import errors

logger = logging.getLogger(__name__)


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
    logger.warning("A save met a unique row: %s", exc.__cause__.diag.constraint_name)
    return sent_twice()


def sent_twice() -> Conflict:
    """What the user is told of a form whose first sending was saved or is being saved."""
    return Conflict(
        _(
            "Not saved: the same record was saved a moment ago, by you (the form sent twice) "
            "or by someone else. Reload the page to check it before sending it again."
        )
    )
