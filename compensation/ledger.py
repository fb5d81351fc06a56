"""What a temporary resettlement fee comes to by a day: pure date and Decimal arithmetic,
no database (the ledger's selectors feed it the agreement's figures and the household's
dates).

A swap household is paid its temporary fee (临时安置费) month by month from the day it
vacated until its new unit is handed over. Each month falls due on its first day; the month
in which the unit is handed over is paid for the days up to it. After the agreed transition
period the fee is overdue (超期临时安置费): the area fee is raised by the scheme's uplift for
that year overdue (100% doubles it; 50, 75, 100 step up year by year), and a household on a
minimum fee gets the minimum plus the raised part, not the minimum doubled.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from dateutil.relativedelta import relativedelta

FEN = Decimal("0.01")


@dataclass(frozen=True)
class MonthlyFee:
    """One agreement line's fee a month: as agreed (a minimum included) and the area part
    an overdue uplift raises."""

    code: str
    item: str
    monthly: Decimal
    area_fee: Decimal


@dataclass(frozen=True)
class FeeMonth:
    """One month of fee: the days it covers [starts_on, ends_on), what it comes to and,
    when overdue, the uplift applied."""

    code: str
    item: str
    starts_on: date
    ends_on: date
    amount: Decimal
    uplift: Decimal | None = None

    @property
    def overdue(self) -> bool:
        return self.uplift is not None


def _uplift(uplifts: list, year_overdue: int) -> Decimal:
    """The uplift of the given year overdue (0 = the first); the last one holds on."""
    if not uplifts:
        return Decimal("0")
    return Decimal(uplifts[min(year_overdue, len(uplifts) - 1)])


@cache
def _months(count: int) -> relativedelta:
    """`count` months, made once: a city's fees add hundreds of thousands of them."""
    return relativedelta(months=count)


def fee_months(
    fee: MonthlyFee,
    *,
    vacated_on: date,
    transition_months: int,
    uplifts: list,
    on: date,
    handed_over_on: date | None = None,
) -> list[FeeMonth]:
    """The months of `fee` due by the day `on`, oldest first."""
    transition_ends = vacated_on + _months(transition_months)
    months = []
    index = 0
    next_starts = vacated_on
    while True:
        # Each month counted from the day vacated (31 Jan, 28 Feb, 31 Mar), not from the last.
        starts = next_starts
        ends = next_starts = vacated_on + _months(index + 1)
        if starts > on or (handed_over_on is not None and starts >= handed_over_on):
            return months
        monthly, uplift = fee.monthly, None
        if starts >= transition_ends:
            years = relativedelta(starts, transition_ends).years
            uplift = _uplift(uplifts, years)
            monthly = fee.monthly + fee.area_fee * uplift / 100
        amount = monthly
        if handed_over_on is not None and handed_over_on < ends:
            amount = monthly * (handed_over_on - starts).days / (ends - starts).days
            ends = handed_over_on
        months.append(
            FeeMonth(
                code=fee.code,
                item=fee.item,
                starts_on=starts,
                ends_on=ends,
                amount=amount.quantize(FEN, rounding=ROUND_HALF_UP),
                uplift=uplift,
            )
        )
        index += 1
