"""A step taken from a record's page (a notice's sign-off, a grievance's acceptance): the
role, the form it posts, the service it calls; a refusal shows the page again with the form
as typed and its errors."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from core.forms import form_errors_text
from core.views import call_service, say_files_not_kept


@dataclass(frozen=True)
class Step:
    permission: str
    service: Callable
    success: str
    form_class: type | None = None
    form_name: str = ""

    def check_role(self, user) -> None:
        """Before the record is looked up: a role that may not is 403 whatever the record."""
        if not user.has_perm(self.permission):
            raise PermissionDenied


def take_step(request, step: Step, *, done, refused, **record):
    """Call the step's service on `record` with the posted form; `done()` answers a success,
    `refused(bound_forms)` a refusal."""
    if step.form_class is None:
        call_service(request, step.service, success=str(step.success), **record)
        return done()
    form = step.form_class(request.POST, request.FILES)
    if form.is_valid():
        outcome = call_service(
            request,
            step.service,
            success=str(step.success),
            form=form,
            **record,
            **form.cleaned_data,
        )
        if outcome:
            return done()
    messages.error(request, form_errors_text(form))
    say_files_not_kept(request)
    return refused({step.form_name: form})
