"""A list's links to its rows' pages, reversed once rather than once a row.

    {% load row_urls %}<a href="{{ household.pk|url_of:'households:detail' }}">

is `{% url 'households:detail' household.pk %}` for a view that takes one integer id. A
`{% url %}` resolves its arguments and runs `reverse()` (17 µs) for every row; here the address
is reversed once per URL configuration and script prefix, and a row's id written into it.
"""

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

register = template.Library()

# Reversed in place of a row's id and then replaced by each row's: a number no address
# holds otherwise (the address is split where it stands).
_MARK = "918273645546372819"
_addresses: dict[tuple, tuple[str, str]] = {}


@register.filter
def url_of(pk, viewname: str) -> str:
    key = (get_resolver(get_urlconf()), get_script_prefix(), viewname)
    around = _addresses.get(key)
    if around is None:
        around = _addresses[key] = tuple(reverse(viewname, args=[int(_MARK)]).split(_MARK))
    before, after = around
    return f"{before}{int(pk)}{after}"
