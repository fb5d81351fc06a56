"""The settlement sheet's bands against examples computed by hand, in both directions."""

from decimal import Decimal as D

from compensation.settlement import Terms, settle

TERMS = Terms(
    entitled_price=D("0"),  # area for area
    added_area=D("10"),
    cost_price=D("3200"),
    market_price=D("8600"),
    free_area=D("36"),
)


def bands(result):
    return [(b.label, b.area, b.price, b.amount) for b in result.bands]


def test_a_larger_unit_pays_the_added_area_at_cost_and_the_rest_at_market():
    # Entitled 75.46, unit 89.90: 10 m² at 3,200 = 32,000; 4.44 m² at 8,600 = 38,184.
    result = settle(
        entitled=D("75.46"), unit_area=D("89.90"), terms=TERMS, old_unit_price=D("7000")
    )
    assert bands(result) == [
        ("entitled", D("75.46"), D("0"), D("0.00")),
        ("added", D("10"), D("3200"), D("32000.00")),
        ("market", D("4.44"), D("8600"), D("38184.00")),
    ]
    assert result.net == D("70184.00")


def test_a_smaller_unit_is_paid_the_shortfall_at_the_old_houses_price():
    # Entitled 80, unit 75.46: 4.54 m² short at 7,000 = 31,780 owed to the household.
    result = settle(entitled=D("80"), unit_area=D("75.46"), terms=TERMS, old_unit_price=D("7000"))
    assert bands(result) == [
        ("entitled", D("75.46"), D("0"), D("0.00")),
        ("shortfall", D("4.54"), D("7000"), D("-31780.00")),
    ]
    assert result.net == D("-31780.00")


def test_the_free_minimum_and_rounding_up_to_a_size_on_offer():
    # Entitled 30 becomes 36 (the free minimum), then 60.12 (the next size on offer); the
    # 60.12 m² unit costs nothing and no shortfall is paid for area never owned.
    rounding = Terms(**{**TERMS.__dict__, "round_up": True})
    result = settle(
        entitled=D("30"),
        unit_area=D("60.12"),
        terms=rounding,
        old_unit_price=D("7000"),
        sizes_on_offer=[D("60.12"), D("75.46")],
    )
    assert (result.entitled_used, result.net) == (D("60.12"), D("0.00"))
    # Without rounding: 36 free, 10 at cost (32,000), 14.12 at market (121,432).
    plain = settle(entitled=D("30"), unit_area=D("60.12"), terms=TERMS, old_unit_price=D("7000"))
    assert plain.net == D("153432.00")


def test_a_value_difference_on_the_entitled_area_is_rounded_to_the_fen():
    priced = Terms(**{**TERMS.__dict__, "entitled_price": D("333.3333")})
    result = settle(entitled=D("50"), unit_area=D("50"), terms=priced, old_unit_price=D("7000"))
    assert result.net == D("16666.67")  # 16,666.665 rounded half up, not to even
