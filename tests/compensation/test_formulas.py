"""Every formula kind of a compensation scheme, each against a hand-computed agreement: every
line and the total, with floors, times, tiers, daily decay and growth, forfeiture."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.autoreload import file_changed

from compensation import formulas
from compensation.formulas import Facts, SchemeError, compute
from compensation.models import SchemeItem

PERIOD = {"signing_starts_on": date(2026, 3, 1), "signing_ends_on": date(2026, 4, 30)}


def facts(**overrides):
    values = dict(
        mode="monetary",
        signed_on=date(2026, 3, 10),
        moving_on=date(2026, 4, 15),
        registered_area=D("85.50"),
        unregistered_area=D("12.00"),
        storage_area=D("8.00"),
        appraised_unit_price=D("8600.00"),
        eligible_people=4,
        hardships=frozenset(),
        **PERIOD,
    )
    values.update(overrides)
    return Facts(**values)


def item(code, kind, **fields):
    return SchemeItem(code=code, name=fields.pop("name", code), kind=kind, **fields)


def amounts(result):
    return [(line.code, line.amount) for line in result.lines]


def test_formula_texts_are_in_the_language_active_at_each_computation():
    """The texts are looked up once per language, never carried into another."""
    storage = [item("storage", "area", area_class="storage", unit_price=D("2000"))]
    with translation.override("en"):
        assert compute(storage, facts()).lines[0].formula.startswith("storage rooms 8 m²")
    assert compute(storage, facts()).lines[0].formula.startswith("杂物间 8 m²")
    with translation.override("en"):
        assert compute(storage, facts()).lines[0].formula.startswith("storage rooms 8 m²")
    with translation.override(None):  # translation off: the texts as written
        assert compute(storage, facts()).lines[0].formula.startswith("storage rooms 8 m²")


def test_formula_texts_are_looked_up_again_when_django_drops_its_translations(settings):
    compute([item("f", "fixed", amount=D("1"))], facts())
    assert formulas._texts_in.cache_info().currsize
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]  # a test changing translation settings
    assert formulas._texts_in.cache_info().currsize == 0
    compute([item("f", "fixed", amount=D("1"))], facts())
    file_changed.send(sender=None, file_path=Path("locale/zh_Hans/LC_MESSAGES/django.mo"))
    assert formulas._texts_in.cache_info().currsize == 0


def test_area_by_class_at_the_appraised_or_a_set_price():
    result = compute(
        [
            item("house", "area", use_appraisal=True),
            item("unreg", "area", area_class="unregistered", unit_price=D("3000")),
            item("storage", "area", area_class="storage", fraction=D("0.5"), unit_price=D("2000")),
            item("decoration", "area", unit_price=D("333.33")),
        ],
        facts(),
    )
    # 85.50 × 8,600 = 735,300; 12 × 3,000 = 36,000; 8 × 0.5 × 2,000 = 8,000;
    # 85.50 × 333.33 = 28,499.715 → 28,499.72 (half up to the fen)
    assert amounts(result) == [
        ("house", D("735300.00")),
        ("unreg", D("36000.00")),
        ("storage", D("8000.00")),
        ("decoration", D("28499.72")),
    ]
    assert result.total == D("807799.72")
    assert "85.50 m²" in result.lines[0].formula.replace("85.5 m²", "85.50 m²")
    assert result.lines[2].formula == "杂物间 8 m² × 0.50 × 单价 2,000 = 8,000"


def test_fixed_and_per_person_by_amount_or_area():
    result = compute(
        [
            item("moving", "fixed", amount=D("3000")),
            item("people", "per_person", unit_price=D("5000")),
            item("rural", "per_person", area_per_person=D("40"), unit_price=D("2500")),
        ],
        facts(eligible_people=3),
    )
    # 3,000; 3 × 5,000 = 15,000; 3 × 40 m² × 2,500 = 300,000
    assert amounts(result) == [
        ("moving", D("3000.00")),
        ("people", D("15000.00")),
        ("rural", D("300000.00")),
    ]
    assert result.total == D("318000.00")


@pytest.mark.parametrize(
    "mode, months, amount", [("monetary", 6, "7695.00"), ("swap", 24, "30780.00")]
)
def test_temporary_resettlement_is_area_by_monthly_price_by_the_modes_months(mode, months, amount):
    [line] = compute(
        [item("temp", "monthly", unit_price=D("15"), months_monetary=6, months_swap=24)],
        facts(mode=mode),
    ).lines
    # 85.50 m² × 15 a month × 6 or 24 months
    assert line.amount == D(amount) and f"{months} " in line.formula


def test_a_percentage_of_an_earlier_item_and_a_missing_reference():
    result = compute(
        [
            item("house", "area", use_appraisal=True),
            item(
                "cash_bonus", "percent_of", percent=D("10"), of_item="house", applies_to="monetary"
            ),
        ],
        facts(),
    )
    assert amounts(result) == [("house", D("735300.00")), ("cash_bonus", D("73530.00"))]
    with pytest.raises(SchemeError, match="house"):
        compute([item("cash_bonus", "percent_of", percent=D("10"), of_item="house")], facts())


def test_an_item_for_one_mode_is_left_out_of_the_other():
    items = [
        item("house", "area", use_appraisal=True),
        item("cash_bonus", "percent_of", percent=D("10"), of_item="house", applies_to="monetary"),
    ]
    assert [line.code for line in compute(items, facts(mode="swap")).lines] == ["house"]


def test_hardship_uplift_as_a_percentage_or_a_fixed_amount():
    items = [
        item("house", "area", use_appraisal=True),
        item(
            "uplift", "hardship", hardship_types=["dibao", "tekun"], percent=D("5"), of_item="house"
        ),
        item("relief", "hardship", hardship_types=["disability"], amount=D("10000")),
    ]
    poor = compute(items, facts(hardships=frozenset({"dibao", "disability"})))
    # 735,300 × 5% = 36,765; 10,000 fixed
    assert amounts(poor)[1:] == [("uplift", D("36765.00")), ("relief", D("10000.00"))]
    others = compute(items, facts())
    assert amounts(others)[1:] == [("uplift", D("0.00")), ("relief", D("0.00"))]


def test_a_minimum_area_is_settled_as_that_area():
    # "settled as 46 m²": a 38.20 m² house gets the 7.80 m² short at the appraised price
    result = compute(
        [
            item("house", "area", use_appraisal=True),
            item("guarantee", "minimum", min_area=D("46"), use_appraisal=True),
        ],
        facts(registered_area=D("38.20")),
    )
    # 38.20 × 8,600 = 328,520; (46 − 38.20) × 8,600 = 67,080
    assert amounts(result) == [("house", D("328520.00")), ("guarantee", D("67080.00"))]
    assert result.total == D("395600.00")
    big = compute([item("guarantee", "minimum", min_area=D("46"), unit_price=D("8600"))], facts())
    assert amounts(big) == [("guarantee", D("0.00"))]
    # said as a sum only when there is one to add: "(46 − 85.50) m² × … = 0" read negative
    assert big.lines[0].formula == "合法面积 85.50 m² 不低于保底面积 46 m²，无需补足"


def test_a_minimum_amount_tops_an_item_up():
    items = [
        item("house", "area", unit_price=D("1000")),
        item("floor_total", "minimum", amount=D("100000"), of_item="house"),
    ]
    # 85.50 × 1,000 = 85,500, topped up by 14,500
    assert amounts(compute(items, facts())) == [
        ("house", D("85500.00")),
        ("floor_total", D("14500.00")),
    ]
    above = compute(
        [items[0], item("floor_total", "minimum", amount=D("50000"), of_item="house")], facts()
    )
    assert amounts(above)[1] == ("floor_total", D("0.00"))
    assert "−" not in above.lines[1].formula and "无需补足" in above.lines[1].formula


def test_a_floor_per_item_and_paid_twice_for_a_swap():
    items = [
        item("moving", "area", unit_price=D("20"), floor=D("2000"), times_swap=2),
    ]
    # 85.50 × 20 = 1,710 < 2,000: at least 2,000; a swap pays it twice: 4,000
    assert amounts(compute(items, facts())) == [("moving", D("2000.00"))]
    swap = compute(items, facts(mode="swap"))
    assert amounts(swap) == [("moving", D("4000.00"))] and "2 次" in swap.lines[0].formula


TIERS = [
    {"until": "2026-03-15", "amount": "30000"},
    {"until": "2026-03-31", "amount": "20000"},
    {"until": "2026-04-30", "amount": "10000"},
]


@pytest.mark.parametrize(
    "signed_on, amount",
    [
        (date(2026, 3, 15), "30000.00"),  # the last day of a tier counts in it
        (date(2026, 3, 16), "20000.00"),
        (date(2026, 4, 30), "10000.00"),
        (date(2026, 5, 1), "0.00"),  # after the last tier
    ],
)
def test_signing_reward_by_tier(signed_on, amount):
    [line] = compute(
        [item("early", "signing_tiers", tiers=TIERS)], facts(signed_on=signed_on)
    ).lines
    assert line.amount == D(amount)


def test_moving_reward_by_the_agreed_moving_date():
    items = [item("move", "moving_tiers", tiers=TIERS)]
    assert amounts(compute(items, facts(moving_on=date(2026, 3, 20)))) == [("move", D("20000.00"))]
    assert amounts(compute(items, facts(moving_on=None))) == [("move", D("0.00"))]


@pytest.mark.parametrize(
    "signed_on, amount",
    [
        (date(2026, 3, 20), "50000.00"),  # day 20: still the full amount
        (date(2026, 3, 21), "49000.00"),  # day 21: 1,000 less
        (date(2026, 4, 30), "9000.00"),  # day 61: 41 days late, 41,000 less
    ],
)
def test_a_reward_that_falls_by_the_day_after_day_20(signed_on, amount):
    decaying = item(
        "prompt",
        "daily",
        amount=D("50000"),
        grace_days=20,
        daily_step=D("-1000"),
        daily_limit=D("0"),
    )
    [line] = compute([decaying], facts(signed_on=signed_on)).lines
    assert line.amount == D(amount)


def test_a_reward_that_grows_by_the_day_up_to_a_cap():
    growing = item(
        "stay", "daily", amount=D("1000"), grace_days=0, daily_step=D("500"), daily_limit=D("5000")
    )
    # day 5: 1,000 + 5 × 500 = 3,500; day 30: capped at 5,000
    assert compute([growing], facts(signed_on=date(2026, 3, 5))).lines[0].amount == D("3500.00")
    assert compute([growing], facts(signed_on=date(2026, 3, 30))).lines[0].amount == D("5000.00")


def test_a_reward_for_the_projects_signing_rate_is_conditional():
    [line] = compute(
        [item("all_in", "signing_rate", amount=D("8000"), rate_level=D("90"))], facts()
    ).lines
    assert line.amount == D("8000.00") and line.condition_rate == D("90")


def test_items_forfeited_whole_when_signed_after_the_period():
    items = [
        item("house", "area", use_appraisal=True),
        item("moving", "fixed", amount=D("3000")),
        item("subsidy", "fixed", amount=D("20000"), forfeit_after_period=True),
        item(
            "all_in",
            "signing_rate",
            amount=D("8000"),
            rate_level=D("90"),
            forfeit_after_period=True,
        ),
    ]
    on_time = compute(items, facts(signed_on=date(2026, 4, 30)))
    assert on_time.total == D("766300.00")  # 735,300 + 3,000 + 20,000 + 8,000
    late = compute(items, facts(signed_on=date(2026, 5, 1)))
    assert amounts(late) == [
        ("house", D("735300.00")),
        ("moving", D("3000.00")),
        ("subsidy", D("0.00")),
        ("all_in", D("0.00")),
    ]
    assert late.total == D("738300.00") and "逾期" in late.lines[2].formula
    assert late.lines[3].condition_rate is None


def test_the_appraised_price_is_needed_when_an_item_uses_it():
    with pytest.raises(SchemeError, match="评估"):
        compute([item("house", "area", use_appraisal=True)], facts(appraised_unit_price=None))


def test_a_published_scheme_combining_the_kinds():
    """Most published city schemes combine these: value, bonus, moving twice for a swap,
    temporary fee, hardship, signing tier, decay and a signing-rate reward."""
    items = [
        item("house", "area", use_appraisal=True),
        item("cash_bonus", "percent_of", percent=D("10"), of_item="house", applies_to="monetary"),
        item("moving", "area", unit_price=D("20"), floor=D("2000"), times_swap=2),
        item("temp", "monthly", unit_price=D("15"), months_monetary=6, months_swap=24),
        item("uplift", "hardship", hardship_types=["dibao"], amount=D("10000")),
        item("early", "signing_tiers", tiers=TIERS),
        item(
            "prompt",
            "daily",
            amount=D("50000"),
            grace_days=20,
            daily_step=D("-1000"),
            daily_limit=D("0"),
        ),
        item("all_in", "signing_rate", amount=D("8000"), rate_level=D("90")),
    ]
    result = compute(items, facts(signed_on=date(2026, 3, 22), hardships=frozenset({"dibao"})))
    # house 735,300; bonus 73,530; moving max(1,710, 2,000) = 2,000; temp 85.5 × 15 × 6 =
    # 7,695; uplift 10,000; early (22 Mar) 20,000; prompt day 22: 50,000 − 2 × 1,000 =
    # 48,000; all_in 8,000
    assert [line.amount for line in result.lines] == [
        D("735300.00"),
        D("73530.00"),
        D("2000.00"),
        D("7695.00"),
        D("10000.00"),
        D("20000.00"),
        D("48000.00"),
        D("8000.00"),
    ]
    assert result.total == D("904525.00")
