"""The temporary resettlement fee month by month, hand-computed: it accrues from the day the
household vacated, stops at the hand-over (the last month paid by its days), and after the
transition period is raised by the scheme's uplift for the year overdue."""

from datetime import date
from decimal import Decimal as D

from compensation.ledger import MonthlyFee, fee_months

FEE = MonthlyFee(code="temporary", item="临时安置费", monthly=D("1500"), area_fee=D("1500"))


def months(fee=FEE, **kwargs):
    defaults = {"vacated_on": date(2026, 1, 15), "transition_months": 24, "uplifts": [D("100")]}
    return fee_months(fee, **{**defaults, **kwargs})


def test_each_month_falls_due_on_its_first_day():
    assert [m.starts_on for m in months(on=date(2026, 3, 14))] == [
        date(2026, 1, 15),
        date(2026, 2, 15),
    ]
    due = months(on=date(2026, 3, 15))
    assert len(due) == 3 and sum(m.amount for m in due) == D("4500.00")
    assert not any(m.overdue for m in due)
    assert months(on=date(2026, 1, 14)) == []


def test_the_hand_over_stops_it_and_its_month_is_paid_by_the_days():
    due = months(on=date(2026, 6, 1), handed_over_on=date(2026, 3, 25))
    # Mar 15 – Apr 15 has 31 days; 10 of them before the hand-over: 1,500 × 10 / 31 = 483.87
    assert [m.amount for m in due] == [D("1500.00"), D("1500.00"), D("483.87")]
    assert due[-1].ends_on == date(2026, 3, 25)
    assert months(on=date(2026, 6, 1), handed_over_on=date(2026, 3, 15))[-1].starts_on == date(
        2026, 2, 15
    )


def test_the_overdue_fee_starts_the_day_after_the_transition_period():
    vacated = {"vacated_on": date(2024, 1, 15)}
    # 24 months from 2024-01-15: the period's last day is 2026-01-14.
    on_last_day = months(on=date(2026, 1, 14), **vacated)
    assert len(on_last_day) == 24 and not any(m.overdue for m in on_last_day)
    day_after = months(on=date(2026, 1, 15), **vacated)
    assert day_after[-1].uplift == D("100") and day_after[-1].amount == D("3000.00")  # doubled


def test_uplifts_step_up_by_year_overdue_and_the_last_holds():
    due = months(on=date(2029, 1, 15), vacated_on=date(2024, 1, 15), uplifts=[50, 75, 100])
    by_start = {m.starts_on: m.amount for m in due}
    assert by_start[date(2026, 1, 15)] == D("2250.00")  # + 50%
    assert by_start[date(2026, 12, 15)] == D("2250.00")
    assert by_start[date(2027, 1, 15)] == D("2625.00")  # + 75%
    assert by_start[date(2028, 1, 15)] == D("3000.00")  # + 100%
    assert by_start[date(2029, 1, 15)] == D("3000.00")  # the last uplift holds


def test_a_household_on_the_minimum_gets_the_minimum_plus_the_area_fee():
    minimum = MonthlyFee(code="temporary", item="临时安置费", monthly=D("800"), area_fee=D("450"))
    due = months(fee=minimum, on=date(2026, 1, 15), vacated_on=date(2024, 1, 15))
    assert due[0].amount == D("800.00")
    assert due[-1].amount == D("1250.00")  # 800 + 450, not 1,600


def test_a_month_end_vacating_day_keeps_to_month_ends():
    due = months(on=date(2026, 4, 1), vacated_on=date(2026, 1, 31))
    assert [m.starts_on for m in due] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
