"""Percentages as DESIGN.md §5 defines them: Decimal, half-up to one decimal, None for x/0."""

from decimal import ROUND_HALF_UP, Decimal


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
