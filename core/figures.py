"""Percentages as DESIGN.md §5 defines them: Decimal, half-up to one decimal, None for x/0."""

from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def json_percent(value: Decimal | None) -> float | None:
    """A percentage as JSON carries it: a number in percent (87.5), or null for x/0."""
    return None if value is None else float(value)


def threshold_text(value: Decimal | float) -> str:
    """A milestone's threshold as every page and workbook writes it: 100, 92.5 (as the
    templates' `floatformat:"-1"`), not 100.0 in one place and 100 in another."""
    return floatformat(value, -1)
