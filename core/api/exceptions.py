"""API errors in the shapes of DESIGN.md §6: 400 {field: [messages]}, 409 {"detail": message}."""

import json
from collections.abc import Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import (
    APIException,
    NotFound,
    ParseError,
    PermissionDenied,
    ValidationError,
)
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.json import NumberOutOfRange
from core.errors import Conflict as StateConflict
from core.errors import duplicate_save


class Conflict(APIException):
    """The action is not allowed in the record's current status."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


@contextmanager
def fields_named(**names: str):
    """A service's field errors under the names the API's caller sent them by
    (`fields_named(paid_on="date")`): the service names the model's fields."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from None


def _unreadable_body(exc: ParseError) -> ParseError:
    """DRF says a body it cannot read in English, in Python's words of the fault."""
    fault = exc.__context__  # the parser's own error, raised while it was handled
    if isinstance(fault, json.JSONDecodeError):
        return ParseError(
            _("The request body is not valid JSON: check line %(line)d, column %(column)d.")
            % {"line": fault.lineno, "column": fault.colno}
        )
    return ParseError(_("The request body could not be read: check its format and encoding."))


def _no_record_sent(exc: ValidationError, request) -> bool:
    """DRF's "No data provided" (a JSON null) or "Invalid data. Expected a dictionary, but
    got Decimal" (a number, a string, a list), in Python's names of what was sent where a
    record was expected."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    errors = detail.get(api_settings.NON_FIELD_ERRORS_KEY) or []
    codes = [getattr(e, "code", None) for e in errors]
    if len(detail) != 1:
        return False
    return codes == ["null"] or (
        codes == ["invalid"] and request is not None and not isinstance(request.data, Mapping)
    )


def exception_handler(exc, context):
    # Django's "No Project matches the given query." is English, and names the model: the
    # caller reads the same translated "not found" whether a record is missing or out of scope.
    if isinstance(exc, Http404):
        exc = NotFound()
    if isinstance(exc, IntegrityError):  # a double submit's unique row, or a fault
        exc = duplicate_save(exc) or exc
    if isinstance(exc, StateConflict):
        exc = Conflict(exc.message)
    # A service's model validation surfaces as a per-field 400, like a serializer's.
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(
            getattr(exc, "message_dict", None) or {"non_field_errors": exc.messages}
        )
    if isinstance(exc, ParseError) and not isinstance(exc, NumberOutOfRange):
        exc = _unreadable_body(exc)
    if isinstance(exc, RecursionError):  # JSON nested a thousand deep: Python gives up reading
        exc = ParseError(_("The request body is nested too deeply to be read."))
    if isinstance(exc, PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = PermissionDenied(  # DRF's words, with Django's reason, are English
            _(
                "CSRF check failed: a call made with a browser's session sends the csrftoken "
                "cookie's value in the X-CSRFToken header, or authenticates with a token instead."
            )
        )
    if isinstance(exc, ValidationError) and _no_record_sent(exc, context.get("request")):
        exc = ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("Send the record as a JSON object.")]}
        )
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    """An address under /api/ that names no resource answers as the API's other 404s do, in
    JSON; a page's reader gets the system's own page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request, *args, **kwargs):
    """A fault answers an API caller in JSON, as every other API answer does (DRF leaves it
    to Django, whose page is HTML); a page's reader gets the system's own page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("The server met an error; it has been logged. Try again later.")},
            status=500,
        )
    return defaults.server_error(request, *args, **kwargs)
