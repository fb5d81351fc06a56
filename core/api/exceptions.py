"""API errors in the shapes of DESIGN.md §6: 400 {field: [messages]}, 409 {"detail": message}."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import Conflict as StateConflict


class Conflict(APIException):
    """The action is not allowed in the record's current status."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(exc, context):
    # Django's "No Project matches the given query." is English, and names the model: the
    # caller reads the same translated "not found" whether a record is missing or out of scope.
    if isinstance(exc, Http404):
        exc = NotFound()
    if isinstance(exc, StateConflict):
        exc = Conflict(exc.message)
    # A service's model validation surfaces as a per-field 400, like a serializer's.
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(
            getattr(exc, "message_dict", None) or {"non_field_errors": exc.messages}
        )
    return drf_exception_handler(exc, context)
