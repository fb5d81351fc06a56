"""How a page writes a percentage (DESIGN.md §5): "87.5%", or "—" when there is none."""

from django import template

register = template.Library()


@register.filter
def rate(value) -> str:
    return "—" if value is None or value == "" else f"{value}%"
