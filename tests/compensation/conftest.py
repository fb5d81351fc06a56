"""A project of 江东区 under compensation: a scheme, households with appraisals, two officials
(one drafts, another reviews)."""

import threading
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection

from compensation import services
from compensation.models import SchemeItem
from households import services as household_services
from tests.factories import ProjectFactory, UserFactory
from tests.households.conftest import person_id

TODAY = "2026-03-10 10:00 +0800"


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def reviewer(district_1):
    return UserFactory(username="district_1b", role="district_official", scope_region=district_1)


@pytest.fixture
def signing_project(district_1, street_1):
    return ProjectFactory(
        code="PG-01-009",
        name="江东区纺织厂片区",
        district=district_1,
        street=street_1,
        approved_on=date(2025, 6, 1),
        decision_announced_on=date(2026, 2, 20),
        signing_starts_on=date(2026, 3, 1),
        signing_ends_on=date(2026, 4, 30),
        signing_threshold=D("60"),
    )


def approved_scheme(project, user, city_staff, items):
    scheme = services.scheme_new_version(project=project, user=user, name="纺织厂片区补偿方案")
    for order, fields in enumerate(items):
        services.scheme_item_save(scheme=scheme, item=SchemeItem(order=order, **fields))
    return services.scheme_approve(scheme=scheme, user=city_staff)


SIMPLE_ITEMS = [
    {"code": "house", "name": "房屋价值补偿", "kind": "area", "use_appraisal": True},
    {"code": "moving", "name": "搬迁费", "kind": "fixed", "amount": D("3000"), "times_swap": 2},
    {
        "code": "all_in",
        "name": "整体签约奖励",
        "kind": "signing_rate",
        "amount": D("8000"),
        "rate_level": D("80"),
    },
]

# A swap household's temporary fee: 80 m² × 15 = 1,200 a month, 24 months agreed.
SWAP_ITEMS = [
    {"code": "house", "name": "房屋价值补偿", "kind": "area", "use_appraisal": True},
    {
        "code": "temporary",
        "name": "临时安置费",
        "kind": "monthly",
        "unit_price": D("15"),
        "months_monetary": 6,
        "months_swap": 24,
    },
]


@pytest.fixture
def scheme(clock, signing_project, official_1, city_staff):
    return approved_scheme(signing_project, official_1, city_staff, SIMPLE_ITEMS)


@pytest.fixture
def appraised(clock, signing_project, official_1):
    """Five households of 80 m², appraised at 8,000 a m² (house value 640,000)."""
    return [appraised_household(signing_project, n, official_1) for n in range(1, 6)]


def appraised_household(project, n, official, *, on=date(2026, 3, 2)):
    """The n-th test household of 80 m² in `project`, appraised on `on` at 8,000 a m²."""
    household = household_services.household_create(
        project=project,
        code=f"F{n:03d}",
        party_name=f"纺织户{n}",
        id_number=person_id(n),
        legal_area=D("80"),
    )
    services.appraisal_record(
        household=household,
        firm="江州华信评估",
        report_no=f"HX-2026-{n:03d}",
        appraised_on=on,
        value=D("640000"),
        unit_price=D("8000"),
        user=official,
    )
    household.refresh_from_db()
    return household


# The terms every agreement states before review (Agreement.REQUIRED_TERMS), past every
# scheme's moving tiers here, so that no test's figures depend on them.
DEADLINES = {"payment_due_on": date(2030, 12, 31), "moving_deadline": date(2030, 12, 31)}


def draft_reviewed(household, mode, drafter, reviewer, **terms):
    agreement = services.agreement_draft(
        household=household, mode=mode, user=drafter, **{**DEADLINES, **terms}
    )
    return services.agreement_review(agreement=agreement, user=reviewer)


def at_once(call, arguments) -> list:
    """Run `call(argument)` for each argument in its own thread and connection, all released
    together; returns the exceptions they raised."""
    start = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        try:
            start.wait()
            call(argument)
        except Exception as exc:  # reported to the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def no_threshold(signing_project):
    signing_project.signing_threshold = None
    signing_project.save()
    return signing_project


@pytest.fixture
def effective(no_threshold, scheme, appraised, official_1, reviewer):
    """A monetary agreement in effect since 2026-03-10: house 640,000 and moving 3,000 due at
    once; the signing-rate reward (8,000 at 80%) not yet due."""
    return services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )


def pay(
    agreement,
    item_code,
    amount,
    user,
    approver,
    paid_on=date(2026, 3, 10),
    funding_source="special_bond",
):
    entry = services.entry_enter(
        household=agreement.household,
        item_code=item_code,
        amount=D(amount),
        paid_on=paid_on,
        voucher_no=f"PZ-{item_code}-{amount}",
        funding_source=funding_source,
        payee_account="6222 0212 3456 7890",
        user=user,
    )
    return services.entry_approve(entry=entry, user=approver)


@pytest.fixture
def swaps(no_threshold, scheme, appraised, official_1, reviewer):
    """F005, F003 and F001 sign swap agreements in that order; F002 signs monetary."""
    for n, mode in ((4, "swap"), (2, "swap"), (0, "swap"), (1, "monetary")):
        services.agreement_sign(
            agreement=draft_reviewed(appraised[n], mode, official_1, reviewer), user=official_1
        )
    return no_threshold
