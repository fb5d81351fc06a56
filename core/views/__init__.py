"""View helpers every app's pages share: scoping and the one way to call a service."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from core.errors import Conflict, Throttled, duplicate_save, sent_twice
from core.forms import add_service_errors, form_errors_text, joined

logger = logging.getLogger(__name__)

# How long a form's sending is remembered (core.forms.SentOnceMixin): a page left open
# longer and sent again makes its record again.
SENT_ONCE_SECONDS = 24 * 60 * 60


class AnyPageNumberMixin:
    """For list views: a page number that names no page (abc, 0, past the last) shows the
    nearest page, as Paginator.get_page reads it, where ListView answered 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


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
    # A refusal's errors by field, when the service named fields (kept for `refill`).
    errors: dict | None = None

    def __bool__(self) -> bool:
        return self.ok


def call_service(
    request,
    service,
    /,
    *,
    success: str | None = None,
    form=None,
    prefix: str = "",
    labels: dict | None = None,
    once: UUID | None = None,
    **kwargs,
) -> Outcome:
    """Run `service(**kwargs)` and tell the user how it went.

    Success flashes `success`. A refusal — bad input (ValidationError), an action the
    record's state does not allow (Conflict) or one repeated too often (Throttled) — is shown
    on `form` field by field when a form is given, otherwise flashed after `prefix`, each
    field's refusal after its label in `labels` ({field: label}); it is never raised to the
    page. With `once` (the token of a form that makes a record: core.forms.SentOnceMixin),
    the same form sent again while or after its first sending is saved is refused.
    """
    try:
        with _sent_once(once):
            try:
                value = service(**kwargs)
            except IntegrityError as exc:
                duplicate = duplicate_save(exc)
                if duplicate is None:
                    raise
                raise duplicate from exc
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
            messages.error(request, prefix + _refusal_text(exc, labels or {}))
        fields = exc.message_dict if hasattr(exc, "error_dict") else None
        return Outcome(False, errors=fields)
    if success:
        messages.success(request, success)
    return Outcome(True, value)


@contextmanager
def _sent_once(token: UUID | None):
    """The form's token claimed for its sending (atomically, in Redis), and given back when
    the service refuses it, so that the corrected form can be sent."""
    if token is None:
        yield
        return
    key = f"form-sent:{token}"
    try:
        first = cache.add(key, 1, timeout=SENT_ONCE_SECONDS)
    except Exception:  # Redis down: the record is made, unguarded, rather than refused
        logger.warning("A form's sending could not be recorded", exc_info=True)
        yield
        return
    if not first:
        raise sent_twice()
    try:
        yield
    except BaseException:
        try:
            cache.delete(key)
        except Exception:
            logger.warning("A refused form's sending could not be forgotten", exc_info=True)
        raise


def _refusal_text(error: ValidationError, labels: dict) -> str:
    if not hasattr(error, "error_dict"):
        return joined(error.messages)
    return joined(
        f"{labels[field]}：{message}" if field in labels else message
        for field, texts in error.message_dict.items()
        for message in texts
    )


def submit_form(
    request, form, service, /, *, success: str | None, prefix: str = "", **kwargs
) -> Outcome:
    """A posted form that feeds one service: its errors flashed, or the service called with
    its cleaned data (plus `kwargs`) through call_service, once for a form sent twice
    (core.forms.SentOnceMixin). What a refused form held is kept for the page it was posted
    from (see `refill`)."""
    if not form.is_valid():
        messages.error(request, form_errors_text(form, prefix))
        _keep_refused(request, form)
        return Outcome(False)
    shown = {name: f.label for name, f in form.fields.items() if not f.widget.is_hidden}
    outcome = call_service(
        request,
        service,
        success=success,
        prefix=prefix,
        labels=shown,
        once=getattr(form, "sent_once_token", None),
        **form.cleaned_data,
        **kwargs,
    )
    if not outcome:
        _keep_refused(request, form, errors=outcome.errors)
    elif _form_key(form) in request.session.get(_KEPT, {}):  # an earlier refusal, now done
        kept = request.session[_KEPT]
        del kept[_form_key(form)]
        request.session[_KEPT] = kept
    return outcome


def say_files_not_kept(request) -> None:
    """A refused form comes back with what was typed, but a browser never refills a file
    input: say so, or the user sends it again without the file they had chosen."""
    if request.FILES:
        messages.warning(request, _("The files you chose were not saved: choose them again."))


def _keep_refused(request, form, *, errors: dict | None = None) -> None:
    """A refused form: what it held kept for its page, and a word on what was not."""
    _keep_input(request, form, errors=errors)
    say_files_not_kept(request)
    _say_secrets_not_kept(request, form)


def _say_secrets_not_kept(request, form) -> None:
    """An ID or bank account number typed into a refused form is not kept (see NOT_KEPT):
    say so, or its empty box looks like a number lost by mistake."""
    typed = [
        form.fields[name].label
        for name in getattr(form, "NOT_KEPT", ())
        if request.POST.get(form.add_prefix(name), "").strip()
    ]
    if typed:
        messages.warning(
            request,
            _("%(fields)s: not kept, to protect personal data; type it again.")
            % {"fields": "、".join(str(label) for label in typed)},
        )


# A refused form's input, by form, until the page it was posted from is shown again: a page's
# small forms post to their own address and come back to the page (post, redirect, get), which
# otherwise showed them empty again — a date, an amount and a note typed for nothing.
_KEPT = "refused_forms"


def _form_key(form) -> str:
    return f"{type(form).__module__}.{type(form).__qualname__}:{form.prefix or ''}"


def _keep_input(request, form, *, errors: dict | None = None) -> None:
    """Keep what `form` was posted with, but the fields it names in NOT_KEPT (an ID or bank
    account number is not written into the session), for the page it was posted from; and
    the service's refusal by field, to be shown beside the fields again."""
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if not referer.path or (referer.netloc and referer.netloc != request.get_host()):
        return
    secret = {form.add_prefix(name) for name in getattr(form, "NOT_KEPT", ())}
    data = {
        name: values
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken" and name not in secret
    }
    kept = request.session.get(_KEPT, {})
    kept[_form_key(form)] = {
        "page": referer.path,
        "data": data,
        "errors": {field: [str(m) for m in texts] for field, texts in (errors or {}).items()},
    }
    request.session[_KEPT] = kept


def refill(request, form):
    """`form`, built empty for a page, bound again to what it was last posted with from this
    page when that was refused: the user finds what they typed, and the errors beside it —
    the form's own and those the service gave by field."""
    kept = request.session.get(_KEPT)
    entry = kept.get(_form_key(form)) if kept else None
    if not entry or entry["page"] != request.path:
        return form
    del kept[_form_key(form)]
    request.session[_KEPT] = kept
    data = QueryDict(mutable=True)
    for name, values in entry["data"].items():
        data.setlist(name, values)
    form.data, form.is_bound = data, True
    form.full_clean()
    for name in getattr(form, "NOT_KEPT", ()):  # empty because not kept, not left out
        form.errors.pop(name, None)
    if entry.get("errors"):
        add_service_errors(form, ValidationError(entry["errors"]))
    return form
