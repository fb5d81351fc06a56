"""Percentages as DESIGN.md §5 defines them: Decimal, half-up to one decimal, None for x/0."""

from decimal import ROUND_HALF_UP, Decimal


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def json_percent(value: Decimal | None) -> float | None:
    """A percentage as JSON carries it: a number in percent (87.5), or null for x/0."""
    return None if value is None else float(value)
