"""The settlement sheet's arithmetic (结算单, DESIGN.md §4): what a swap household pays or is
paid for the unit it chose, by the bands of the project's scheme. Pure Decimal, no database;
each band rounded half up to the fen.

On the unit's measured area A against the entitled area E of the agreement:
- the entitlement first becomes at least the scheme's free minimum (e.g. 36 m²) and, where
  the scheme says so, the next unit size on offer at or above it (E');
- up to E' the area is settled at the entitled price (the value difference; 0 = area for
  area);
- area added to reach the unit (上靠/扩面), up to the scheme's added area above E', at cost
  price; the rest at market price;
- a unit smaller than E leaves the household the shortfall (E − A), paid at the appraised
  unit price of its old house.
The net is what the household owes (above 0) or is owed (below 0).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Terms:
    entitled_price: Decimal
    added_area: Decimal
    cost_price: Decimal
    market_price: Decimal
    free_area: Decimal = ZERO
    round_up: bool = False


@dataclass(frozen=True)
class Band:
    label: str
    area: Decimal
    price: Decimal
    amount: Decimal  # + the household pays, − it is paid

    @property
    def formula(self) -> str:
        return f"{self.area} m² × {self.price} 元/m² = {abs(self.amount)} 元"


@dataclass
class Settlement:
    entitled: Decimal
    entitled_used: Decimal  # E' after the free minimum and rounding up
    unit_area: Decimal
    bands: list = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return sum((band.amount for band in self.bands), ZERO)


def _money(area: Decimal, price: Decimal) -> Decimal:
    return (area * price).quantize(FEN, rounding=ROUND_HALF_UP)


def settle(
    *,
    entitled: Decimal,
    unit_area: Decimal,
    terms: Terms,
    old_unit_price: Decimal,
    sizes_on_offer=(),
) -> Settlement:
    used = max(entitled, terms.free_area)
    if terms.round_up:
        larger = sorted(size for size in sizes_on_offer if size >= used)
        used = larger[0] if larger else used
    result = Settlement(entitled=entitled, entitled_used=used, unit_area=unit_area)
    within = min(unit_area, used)
    if within > 0:
        result.bands.append(
            Band("entitled", within, terms.entitled_price, _money(within, terms.entitled_price))
        )
    added = min(max(unit_area - used, ZERO), terms.added_area)
    if added > 0:
        result.bands.append(Band("added", added, terms.cost_price, _money(added, terms.cost_price)))
    beyond = max(unit_area - used - terms.added_area, ZERO)
    if beyond > 0:
        result.bands.append(
            Band("market", beyond, terms.market_price, _money(beyond, terms.market_price))
        )
    shortfall = max(entitled - unit_area, ZERO)
    if shortfall > 0:
        result.bands.append(
            Band("shortfall", shortfall, old_unit_price, -_money(shortfall, old_unit_price))
        )
    return result
