"""View helpers every app's pages share: scoping and the one way to call a service."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404

from core.errors import Conflict, Throttled
from core.forms import add_service_errors, form_errors_text


class ScopedQuerysetMixin:
    """For class-based views: the queryset is the model's rows in the user's scope."""

    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError):
            raise Http404 from None


@dataclass(frozen=True)
class Outcome:
    """How a service call went: true when it succeeded, with what it returned; `status`
    is the HTTP status a refusal deserves (429 for one repeated too often)."""

    ok: bool
    value: Any = None
    status: int = 200

    def __bool__(self) -> bool:
        return self.ok


def call_service(
    request, service, /, *, success: str | None = None, form=None, prefix: str = "", **kwargs
) -> Outcome:
    """Run `service(**kwargs)` and tell the user how it went.

    Success flashes `success`. A refusal — bad input (ValidationError), an action the
    record's state does not allow (Conflict) or one repeated too often (Throttled) — is shown
    on `form` field by field when a form is given, otherwise flashed after `prefix`; it is
    never raised to the page.
    """
    try:
        value = service(**kwargs)
    except (Conflict, Throttled) as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, prefix + exc.message)
        return Outcome(False, status=429 if isinstance(exc, Throttled) else 200)
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
        else:
            messages.error(request, prefix + "；".join(exc.messages))
        return Outcome(False)
    if success:
        messages.success(request, success)
    return Outcome(True, value)


def submit_form(request, form, service, /, *, success: str, prefix: str = "", **kwargs) -> Outcome:
    """A posted form that feeds one service: its errors flashed, or the service called with
    its cleaned data (plus `kwargs`) through call_service."""
    if not form.is_valid():
        messages.error(request, form_errors_text(form, prefix))
        return Outcome(False)
    return call_service(
        request, service, success=success, prefix=prefix, **form.cleaned_data, **kwargs
    )
