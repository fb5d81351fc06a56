"""Form helpers every app's pages share."""

from uuid import UUID, uuid4

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.forms.formsets import TOTAL_FORM_COUNT
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.validators import domain_date, plain_number, text_validators

# Django's empty choice, "---------": a select offering it says what to choose instead.
DASHES = BLANK_CHOICE_DASH[0]


class PageFormMixin:
    """Every page form: Bootstrap classes on every widget (so templates can render fields one
    by one), no control characters in any text, no figure in scientific notation, dates
    inside the programme's range, and a select's empty choice saying what to choose."""

    filters = False  # a filter form's empty choice is "all", not "choose"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if not self.filters:
                _say_what_to_choose(field)
            if isinstance(field, forms.CharField):
                field.validators = text_validators(field.validators)
            if isinstance(field, forms.DecimalField):
                field.validators.append(plain_number)
            if isinstance(field, forms.DateField):
                field.validators.append(domain_date)
                if isinstance(widget, forms.DateInput) and widget.input_type == "text":
                    widget.input_type = "date"
                    widget.format = "%Y-%m-%d"


class SentOnceMixin:
    """A form that makes a record: its page carries a token of its own (`{{ form.sent_once }}`,
    hidden), and the same form sent twice — a double click, a post repeated — makes the
    record once (`core.views.call_service(once=form.sent_once_token)`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_once"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=uuid4
        )

    def clean(self):
        cleaned = super().clean()
        try:  # a token mangled on its way is no token, not an error the page could show
            self.sent_once_token = UUID(self.cleaned_data.pop("sent_once", ""))
        except ValueError:
            self.sent_once_token = None
        return cleaned


def _say_what_to_choose(field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES[1]:
            field.empty_label = _choose(field)
    elif (
        isinstance(field, forms.ChoiceField)
        # not choices read when offered: they may be a query
        and not isinstance(field.choices, CallableChoiceIterator)
        and DASHES in field.choices
    ):
        field.choices = [("", _choose(field)) if c == DASHES else c for c in field.choices]


def _choose(field) -> str:
    return _("Choose the %(field)s") % {"field": field.label} if field.label else _("Choose")


class PageFilterForm(PageFormMixin, forms.Form):
    """A filter form whose fields render one by one with the page's classes (its selects
    offer 全部, core.templatetags.filter_forms)."""

    filters = True


class VersionedFormMixin:
    """An edit form of a core.models.Versioned record carries, hidden, the version it was
    opened on; the update service refuses the edit if the record has moved on since."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput(), required=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class VersionForm(PageFormMixin, forms.Form):
    """The version of the record a page editing part of it (funding, a split) was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)


def joined(messages) -> str:
    """Messages as one line, 甲；乙。: each one's own full stop dropped but the last's, so the
    line does not read 。；"""
    parts = [str(message).rstrip("。") for message in messages if str(message)]
    return "；".join(parts) + "。" if parts else ""


def form_errors_text(form, prefix: str = "") -> str:
    """A form's errors as one line for a flash message, each naming its field."""
    return prefix + joined(
        f"{form.fields[field].label}：{' '.join(errors)}"
        if field in form.fields
        else " ".join(errors)
        for field, errors in form.errors.items()
    )


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form shows one,
    otherwise at the top (a hidden field's error would not be seen)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, messages_)
    else:
        form.add_error(None, error.messages)


CUT_SHORT = _(
    "The form arrived incomplete: nothing has been saved. Open the page again and fill it in "
    "once more."
)
ROWS_CHANGED = _(
    "The sheet arrived with other rows than it has (changed since it was opened, or cut "
    "short): nothing has been saved. Open it again and enter the figures once more."
)


class PageFormSet(forms.BaseFormSet):
    """Every page's formset: one sent without its row count (cut short, or made by hand) is
    refused with a message a user can act on, not Django's about its ManagementForm."""

    default_error_messages = {"missing_management_form": CUT_SHORT}


class RowFormSet(PageFormSet):
    """A sheet of one form for each row the page lists (its `initial`: the districts, the
    funding sources). The count a posted management form claims is not trusted: a sheet sent
    with more or fewer rows, or with no count at all, is refused whole with a message —
    never half read, and never an error page."""

    default_error_messages = {"missing_management_form": ROWS_CHANGED}

    def total_form_count(self) -> int:
        return len(self.initial or ())

    def initial_form_count(self) -> int:
        # Every row is the page's own: none of them may be left out as an untouched extra.
        return self.total_form_count()

    def full_clean(self):
        super().full_clean()
        if (
            self.is_bound
            and not self._non_form_errors
            and self.management_form.cleaned_data[TOTAL_FORM_COUNT] != self.total_form_count()
        ):
            self._non_form_errors.append(ValidationError(ROWS_CHANGED, code="rows_changed"))
