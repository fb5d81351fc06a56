"""The filters of a list in words (export titles, the full-ID export log), the rows they
select but for some (what a list's tabs count), and whether a list can be exported as filtered."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def with_tie_break(ordering) -> list:
    """`ordering` made total by the id: rows equal in it came in any order, and a list paged
    by page number lost some and showed others twice."""
    ordering = list(ordering)
    if not {"id", "-id", "pk", "-pk"} & set(ordering):
        ordering.append("id")
    return ordering


class TotalOrderingFilter(django_filters.OrderingFilter):
    """A FilterSet's `?ordering=`, made total by the id (see `with_tie_break`); a field it
    does not sort by is refused naming those it does, as the API's other lists do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refusal = lazy(_ordering_refusal, str)("、".join(self.param_map))
        self.extra["error_messages"] = {"invalid_choice": refusal}

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordered = super().filter(qs, value)
        return ordered.order_by(*with_tie_break(ordered.query.order_by))


def _ordering_refusal(valid: str) -> str:
    """The message of a refused `?ordering=`, in the language of the request that reads it
    (the field fills in the value)."""
    return _("Cannot sort by %(asked)s: sort by one of %(valid)s.") % {
        "asked": "%(value)s",
        "valid": valid,
    }


def describe_filters(filterset, *, empty: str) -> str:
    """“label：value；…” for every filter the user set, choices by their labels; `empty` if none."""
    parts = []
    for name, value in (filterset.form.cleaned_data if filterset.is_valid() else {}).items():
        if value in (None, "", []):
            continue
        field = filterset.form.fields[name]
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, str) and hasattr(field, "choices"):
            value = dict(field.choices).get(value, value)
        parts.append(f"{field.label}：{value}")
    return "；".join(parts) or empty


def selected_except(filterset, *names):
    """The rows the list's filters select, those named aside: what its tabs count (a stage,
    a status), so that each tab shows its own number whichever one is chosen, within the
    other filters. Applied as the FilterSet applies them, from the form it has cleaned (an
    unbound one, a list opened without a query, filters nothing)."""
    rows = filterset.queryset
    if not filterset.is_bound:
        return rows
    if not filterset.is_valid() and set(filterset.form.errors) - set(names):
        return rows.none()  # a bad value of a tab's filter leaves the others counted
    for name, value in filterset.form.cleaned_data.items():
        if name not in names:
            rows = filterset.filters[name].filter(rows, value)
    return rows


def export_refused(request, filterset) -> bool:
    """A list's filter the user mistyped selects nothing: its export is not made (an empty
    file looked like "no such records"). The page says so; the list shows the filter's
    errors by their fields."""
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, _("Nothing was exported: correct the filter first."))
        return True
    return False


class YesNoField(forms.NullBooleanField):
    """Yes, no, or not chosen; anything else is refused. Django's reads any other word as
    "not chosen", so `?overdue=maybe` listed every record as if unfiltered."""

    YES, NO, UNCHOSEN = {"true", "1", "是"}, {"false", "0", "否"}, {"", "unknown"}

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.UNCHOSEN:
            return None
        if text in self.YES | self.NO:
            return text in self.YES
        raise ValidationError(  # the value as a parameter: django-filter formats the message
            _("“%(value)s” is not a choice here: use true (yes) or false (no)."),
            code="invalid",
            params={"value": str(value)[:20]},
        )

    def option(self, value) -> str:
        """The option a value chooses in the list's select (是 and 1 choose "true")."""
        try:
            chosen = self.to_python(value)
        except ValidationError:
            return str(value)
        return "" if chosen is None else ("true" if chosen else "false")


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter of a list and the API, shown as a choice of all, yes and no."""

    field_class = YesNoField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(
                choices=[
                    ("", gettext_lazy("All")),
                    ("true", gettext_lazy("Yes")),
                    ("false", gettext_lazy("No")),
                ]
            ),
        )
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year of the programme: a whole number from 2000 to 2100 (2026.5 or 1e400 is told
    it is not one, once, rather than named two limits it broke)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
