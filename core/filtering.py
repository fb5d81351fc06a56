"""The filters of a list in words, for export titles and the full-ID export log."""

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
