"""The items of a compensation scheme computed into an agreement's lines.

Pure functions over Decimal: no database, so every formula kind is checked by hand-computed
cases. Each line's amount is rounded half-up to the fen (四舍五入到分) and the total is the sum
of the lines (DESIGN.md §4). An item reads the household's facts (`Facts`) and, for a
percentage or a minimum, the amount of an earlier line.
"""

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

from compensation.choices import AppliesTo, AreaClass, ItemKind
from households.choices import Mode

FEN = Decimal("0.01")
ZERO = Decimal("0")
AMOUNT_LIMIT = Decimal("1000000000000")  # an amount column holds 14 digits, 2 of them fen


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def shown(value: Decimal) -> str:
    """A number as the formula text prints it: 12,345.67 (no trailing zeros beyond the fen)."""
    value = Decimal(value)
    if value == value.to_integral():
        return f"{value:,.0f}"
    if value.as_tuple().exponent >= -2:
        return f"{value:,.2f}"
    return f"{value.normalize():,f}"  # a rate such as 0.125 is shown whole, never rounded


@dataclass(frozen=True)
class Facts:
    """What a computation reads: the household, its appraisal, the agreement's choices and
    the project's signing period."""

    mode: str
    signed_on: date
    moving_on: date | None = None
    registered_area: Decimal = ZERO
    unregistered_area: Decimal = ZERO  # recognised only
    storage_area: Decimal = ZERO
    appraised_unit_price: Decimal | None = None
    eligible_people: int = 0
    hardships: frozenset = frozenset()
    signing_starts_on: date | None = None
    signing_ends_on: date | None = None


@dataclass
class Line:
    code: str
    item: str
    basis: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    formula: str
    # A line whose condition is not known at signing (the project's signing rate reaching
    # `condition_rate`): signed as conditional, due when the condition is met.
    condition_rate: Decimal | None = None


@dataclass
class Computation:
    lines: list = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


class SchemeError(ValueError):
    """The scheme cannot be computed for this household (a missing appraisal, an unknown
    referenced item): the message names the item."""


def _area(item, facts: Facts, gettext) -> tuple[Decimal, str]:
    if item.area_class == AreaClass.UNREGISTERED:
        return facts.unregistered_area, gettext("recognised unregistered area")
    if item.area_class == AreaClass.STORAGE:
        fraction = item.fraction if item.fraction is not None else Decimal("1")
        return facts.storage_area * fraction, gettext(
            "storage rooms %(area)s m² × %(fraction)s"
        ) % {
            "area": shown(facts.storage_area),
            "fraction": shown(fraction),
        }
    return facts.registered_area, gettext("registered area")


def _unit_price(item, facts: Facts, gettext) -> tuple[Decimal, str]:
    if item.use_appraisal:
        if facts.appraised_unit_price is None:
            raise SchemeError(
                gettext("“%(item)s” uses the appraised unit price: record the appraisal first.")
                % {"item": item.name}
            )
        return facts.appraised_unit_price, gettext("appraised unit price")
    return item.unit_price or ZERO, gettext("unit price")


def tier_amount(tiers: list, on: date | None) -> Decimal | None:
    """The amount of the first tier whose `until` date the day is not after; None past them."""
    if on is None:
        return None
    for tier in sorted(tiers, key=lambda t: t["until"]):
        if on <= date.fromisoformat(tier["until"]):
            return Decimal(tier["amount"])
    return None


def _line(item, basis, quantity, unit_price, amount, formula, condition_rate=None) -> Line:
    return Line(
        code=item.code,
        item=item.name,
        basis=basis,
        quantity=quantity,
        unit_price=unit_price,
        amount=money(amount),
        formula=formula,
        condition_rate=condition_rate,
    )


def _compute_item(item, facts: Facts, earlier: dict, gettext) -> Line:
    kind = item.kind
    if kind == ItemKind.AREA:
        area, area_name = _area(item, facts, gettext)
        price, price_name = _unit_price(item, facts, gettext)
        amount = area * price
        # A storage room's basis already shows its area and fraction.
        counted = (
            area_name if item.area_class == AreaClass.STORAGE else f"{area_name} {shown(area)} m²"
        )
        formula = f"{counted} × {price_name} {shown(price)}"
        return _line(item, area_name, area, price, amount, f"{formula} = {shown(money(amount))}")
    if kind == ItemKind.FIXED:
        return _line(
            item, gettext("per household"), Decimal(1), item.amount, item.amount, shown(item.amount)
        )
    if kind == ItemKind.PER_PERSON:
        people = Decimal(facts.eligible_people)
        if item.area_per_person:
            quantity = people * item.area_per_person
            return _line(
                item,
                gettext("eligible people × area per person"),
                quantity,
                item.unit_price,
                quantity * item.unit_price,
                gettext("%(people)s people × %(area)s m² × %(price)s = %(amount)s")
                % {
                    "people": facts.eligible_people,
                    "area": shown(item.area_per_person),
                    "price": shown(item.unit_price),
                    "amount": shown(money(quantity * item.unit_price)),
                },
            )
        return _line(
            item,
            gettext("eligible people"),
            people,
            item.unit_price,
            people * item.unit_price,
            gettext("%(people)s people × %(price)s = %(amount)s")
            % {
                "people": facts.eligible_people,
                "price": shown(item.unit_price),
                "amount": shown(money(people * item.unit_price)),
            },
        )
    if kind == ItemKind.MONTHLY:
        months = item.months_swap if facts.mode == Mode.SWAP else item.months_monetary
        area, area_name = _area(item, facts, gettext)
        amount = area * item.unit_price * months
        return _line(
            item,
            area_name,
            area,
            item.unit_price,
            amount,
            gettext("%(area)s m² × %(price)s a month × %(months)s months = %(amount)s")
            % {
                "area": shown(area),
                "price": shown(item.unit_price),
                "months": months,
                "amount": shown(money(amount)),
            },
        )
    if kind in (ItemKind.PERCENT_OF, ItemKind.HARDSHIP):
        if kind == ItemKind.HARDSHIP and not facts.hardships & set(item.hardship_types):
            return _line(item, gettext("no qualifying hardship"), ZERO, ZERO, ZERO, "0")
        if kind == ItemKind.HARDSHIP and item.amount is not None:
            return _line(
                item,
                gettext("qualifying hardship"),
                Decimal(1),
                item.amount,
                item.amount,
                shown(item.amount),
            )
        base = _earlier(item, earlier, gettext)
        amount = base.amount * item.percent / 100
        return _line(
            item,
            base.item,
            base.amount,
            item.percent,
            amount,
            f"{base.item} {shown(base.amount)} × {shown(item.percent)}% = {shown(money(amount))}",
        )
    if kind == ItemKind.MINIMUM:
        if item.min_area is not None:
            short = max(item.min_area - facts.registered_area, ZERO)
            price, price_name = _unit_price(item, facts, gettext)
            shown_areas = {"minimum": shown(item.min_area), "area": shown(facts.registered_area)}
            return _line(
                item,
                gettext("minimum area %(area)s m²") % {"area": shown(item.min_area)},
                short,
                price,
                short * price,
                gettext("(%(minimum)s − %(area)s) m² × %(price_name)s %(price)s = %(amount)s")
                % {
                    **shown_areas,
                    "price_name": price_name,
                    "price": shown(price),
                    "amount": shown(money(short * price)),
                }
                if short
                else gettext("%(area)s m² is not below the minimum %(minimum)s m²: nothing to add")
                % shown_areas,
            )
        base = _earlier(item, earlier, gettext)
        top_up = max(item.amount - base.amount, ZERO)
        return _line(
            item,
            gettext("minimum %(amount)s") % {"amount": shown(item.amount)},
            Decimal(1),
            top_up,
            top_up,
            (
                gettext("%(minimum)s − %(item)s %(base)s = %(amount)s")
                if top_up
                else gettext(
                    "%(item)s %(base)s is not below the minimum %(minimum)s: nothing to add"
                )
            )
            % {
                "minimum": shown(item.amount),
                "item": base.item,
                "base": shown(base.amount),
                "amount": shown(money(top_up)),
            },
        )
    if kind in (ItemKind.SIGNING_TIERS, ItemKind.MOVING_TIERS):
        on = facts.signed_on if kind == ItemKind.SIGNING_TIERS else facts.moving_on
        amount = tier_amount(item.tiers, on)
        label = gettext("signed on") if kind == ItemKind.SIGNING_TIERS else gettext("moving by")
        if amount is None:
            return _line(
                item,
                f"{label} {on or '—'}",
                Decimal(1),
                ZERO,
                ZERO,
                gettext("after the last tier: none"),
            )
        return _line(item, f"{label} {on}", Decimal(1), amount, amount, shown(amount))
    if kind == ItemKind.DAILY:
        start = facts.signing_starts_on or facts.signed_on
        late_days = max((facts.signed_on - start).days + 1 - item.grace_days, 0)
        amount = item.amount + item.daily_step * late_days
        limit = item.daily_limit
        if limit is not None:
            amount = max(amount, limit) if item.daily_step < 0 else min(amount, limit)
        amount = max(amount, ZERO)
        return _line(
            item,
            gettext("day %(day)s of the signing period")
            % {"day": (facts.signed_on - start).days + 1},
            Decimal(late_days),
            item.daily_step,
            amount,
            gettext("%(base)s %(sign)s %(step)s × %(days)s days after day %(grace)s = %(amount)s")
            % {
                "base": shown(item.amount),
                "sign": "−" if item.daily_step < 0 else "+",
                "step": shown(abs(item.daily_step)),
                "days": late_days,
                "grace": item.grace_days,
                "amount": shown(money(amount)),
            },
        )
    if kind == ItemKind.SIGNING_RATE:
        return _line(
            item,
            gettext("project signing rate ≥ %(rate)s%%") % {"rate": shown(item.rate_level)},
            Decimal(1),
            item.amount,
            item.amount,
            gettext("%(amount)s, due when the project's signing rate reaches %(rate)s%%")
            % {"amount": shown(item.amount), "rate": shown(item.rate_level)},
            condition_rate=item.rate_level,
        )
    raise SchemeError(gettext("Unknown item kind: %(kind)s") % {"kind": kind})


def _earlier(item, earlier: dict, gettext) -> Line:
    try:
        return earlier[item.of_item]
    except KeyError:
        raise SchemeError(
            gettext("“%(item)s” refers to “%(of)s”, which is not an earlier item of the scheme.")
            % {"item": item.name, "of": item.of_item}
        ) from None


@functools.cache
def _texts_in(language: str | None):
    """gettext for one language, each text looked up once: a computation asks for about
    twenty, and finding the active language costs each gettext call 2.5 µs — half the time
    of computing a city's 200,000 agreements. The helpers take it as `gettext`."""

    @functools.cache
    def text(message: str) -> str:
        with translation.override(language):
            return translation.gettext(message)

    return text


TRANSLATION_SETTINGS = {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}


def forget_texts(sender, *, setting=None, file_path=None, **kwargs) -> None:
    """A changed translation setting (tests) or .mo file (runserver): texts looked up again."""
    if setting in TRANSLATION_SETTINGS or (file_path is not None and file_path.suffix == ".mo"):
        _texts_in.cache_clear()


def _times(item, facts: Facts) -> int:
    return item.times_swap if facts.mode == Mode.SWAP else item.times_monetary


def compute(items, facts: Facts) -> Computation:
    """The lines of an agreement: each item in order, for the agreement's mode.

    After its formula an item gets, in order: its floor (at least this much), its times
    (paid twice, say, for a swap's relocation fee), and forfeiture when the agreement is
    signed after the project's signing period (the whole item, not only a reward)."""
    gettext = _texts_in(translation.get_language())
    result = Computation()
    earlier: dict = {}
    for item in items:
        if item.applies_to not in (AppliesTo.BOTH, facts.mode):
            continue
        line = _compute_item(item, facts, earlier, gettext)
        if item.floor is not None and line.amount < item.floor:
            line.formula += gettext("; at least %(floor)s") % {"floor": shown(item.floor)}
            line.amount = money(item.floor)
        times = _times(item, facts)
        if times != 1:
            line.formula += gettext("; × %(times)s times") % {"times": times}
            line.amount = money(line.amount * times)
        late = facts.signing_ends_on is not None and facts.signed_on > facts.signing_ends_on
        if item.forfeit_after_period and late:
            line.formula = gettext("signed after the signing period (ends %(day)s): forfeited") % {
                "day": facts.signing_ends_on
            }
            line.amount = money(ZERO)
            line.condition_rate = None
        earlier[item.code] = line
        result.lines.append(line)
    if result.total >= AMOUNT_LIMIT:
        raise SchemeError(
            gettext(
                "The agreement comes to %(total)s yuan, more than an agreement can hold: "
                "check the scheme's prices and the household's areas."
            )
            % {"total": shown(result.total)}
        )
    return result
