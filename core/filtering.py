"""The filters of a list in words (export titles, the full-ID export log), and the rows they
select but for some (what a list's tabs count)."""

from django.utils.translation import gettext as _


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
