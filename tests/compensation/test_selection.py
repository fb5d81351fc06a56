"""The selection hall: households choose in the drawn order, an absent one moves to the end,
a unit is allocated once — two officials choosing the same unit at once, exactly one
succeeds — and the hall's page with its confirmation step."""

import io
from datetime import date
from decimal import Decimal as D

import pypdf
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compensation import selectors, services
from compensation.models import (
    Agreement,
    Allocation,
    CompensationScheme,
    ResettlementUnit,
    SelectionEvent,
    SelectionSession,
)
from core.errors import Conflict
from households import services as household_services
from households.models import Household
from projects.models import ResettlementBuilding, ResettlementSite
from tests.compensation.conftest import at_once
from tests.pages import input_value


@pytest.fixture
def hall(swaps, official_1, reviewer):
    """The drawn order of F001, F003, F005 and a site serving the project: 1号楼 with four
    units on two floors, and a unit of a site that serves another project."""
    site = ResettlementSite.objects.create(name="纺织新村", district=swaps.district)
    site.projects.add(swaps)
    building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=4)
    for floor in (1, 2):
        for n in (1, 2):
            ResettlementUnit.objects.create(
                building=building, unit_no=f"{floor}0{n}", floor=floor, area=90, layout="两室一厅"
            )
    elsewhere = ResettlementSite.objects.create(name="别处小区", district=swaps.district)
    ResettlementUnit.objects.create(
        building=ResettlementBuilding.objects.create(site=elsewhere, name="9号楼", units=1),
        unit_no="901",
        floor=9,
        area=90,
        layout="两室一厅",
    )
    lottery = services.lottery_freeze(project=swaps, method="lottery", user=official_1)
    lottery = services.lottery_draw(lottery=lottery, seed="7", seed_source="现场", user=reviewer)
    return services.selection_open(lottery=lottery, user=official_1)


def unit(number):
    return ResettlementUnit.objects.get(unit_no=number)


def vacate(household, user):
    """The household vacates on the day its agreement took effect."""
    household_services.household_record_progress(
        households=[household],
        to_stage="vacated",
        effective_on=household.agreement_effective_on,
        user=user,
    )


def test_households_choose_in_order_and_an_absent_one_moves_to_the_end(hall, official_1):
    first, second, third = hall.queue
    with pytest.raises(Conflict, match="现在轮到"):  # not its turn
        services.unit_choose(session=hall, household_id=second, unit=unit("101"), user=official_1)
    services.selection_absent(session=hall, household_id=first, user=official_1)
    hall.refresh_from_db()
    assert hall.queue == [second, third, first]
    allocation = services.unit_choose(
        session=hall, household_id=second, unit=unit("101"), user=official_1
    )
    assert (allocation.household_id, unit("101").status) == (second, "allocated")
    # From now on the household starts with the building of its unit (DESIGN.md §5).
    assert Household.objects.get(pk=second).resettlement_building_id == unit("101").building_id
    with pytest.raises(Conflict, match="101"):  # taken
        services.unit_choose(session=hall, household_id=third, unit=unit("101"), user=official_1)
    with pytest.raises(Exception, match="不属于"):  # a site not serving the project
        services.unit_choose(session=hall, household_id=third, unit=unit("901"), user=official_1)
    hall.refresh_from_db()
    assert hall.queue == [third, first]
    assert list(
        SelectionEvent.objects.filter(session=hall).values_list("household_id", "kind")
    ) == [(first, "absent"), (second, "chose")]
    with pytest.raises(Conflict):  # one session per order
        services.selection_open(lottery=hall.lottery, user=official_1)
    # A code corrected on the roster meanwhile loses nobody: the queue holds households.
    Household.objects.filter(pk=third).update(code="F003-改")
    assert (
        services.unit_choose(
            session=hall, household_id=third, unit=unit("102"), user=official_1
        ).household.code
        == "F003-改"
    )


def test_a_household_without_a_swap_agreement_in_effect_chooses_nothing(hall, official_1):
    current = Household.objects.get(pk=hall.queue[0])
    Agreement.objects.filter(household=current).update(status="void")
    with pytest.raises(Conflict, match="没有已生效的产权调换协议"):
        services.unit_choose(
            session=hall, household_id=current.pk, unit=unit("101"), user=official_1
        )
    assert unit("101").status == "available"


@pytest.mark.django_db(transaction=True)
def test_two_officials_choosing_the_same_unit_at_once_one_succeeds(hall, official_1, reviewer):
    current = hall.queue[0]
    refused = at_once(
        lambda user: services.unit_choose(
            session=hall, household_id=current, unit=unit("201"), user=user
        ),
        [official_1, reviewer],
    )
    assert len(refused) == 1 and isinstance(refused[0], Conflict)
    assert Allocation.objects.filter(unit__unit_no="201").count() == 1
    assert SelectionSession.objects.get(pk=hall.pk).queue == hall.queue[1:]


def test_the_hall_page_calls_confirms_and_refreshes(client, hall, official_1):
    url = f"/compensation/lotteries/{hall.lottery_id}/hall/"
    client.force_login(official_1)
    current, following = (Household.objects.get(pk=pk) for pk in hall.queue[:2])
    page = client.get(url).content.decode()
    assert f'data-testid="current-household">{current.code}' in page
    confirm = client.get(f"{url}?unit={unit('102').pk}").content.decode()
    assert 'data-testid="confirm"' in confirm and "102" in confirm
    assert client.get(f"{url}?unit=²").status_code == 200  # odd digits, no 500
    assert 'data-testid="start-warning"' not in confirm  # the household is not started
    # what the household is entitled to, and a unit beyond it said before it is confirmed
    agreement = Agreement.objects.get(household=current, status="effective")
    for entitled, beyond in ((D("80"), True), (D("100"), False)):
        Agreement.objects.filter(pk=agreement.pk).update(swap_area=entitled)
        confirm = client.get(f"{url}?unit={unit('102').pk}").content.decode()
        assert f'data-testid="entitlement">应安置面积 {entitled:.2f} m²' in confirm
        assert ('data-testid="beyond-entitlement"' in confirm) is beyond
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    done = client.post(
        f"/compensation/sessions/{hall.pk}/choose/",
        {"household": current.pk, "unit": unit("102").pk},
        follow=True,
    ).content.decode()
    assert "已分配" in done and f'data-testid="current-household">{following.code}' in done
    stale = client.post(
        f"/compensation/sessions/{hall.pk}/choose/",
        {"household": current.pk, "unit": unit("201").pk},
        follow=True,
    ).content.decode()
    assert "现在轮到" in stale and unit("201").status == "available"
    odd = client.post(f"/compensation/sessions/{hall.pk}/choose/", {"unit": "9" * 5000})
    assert odd.status_code == 302
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_the_hand_over_of_a_chosen_unit_and_the_projects_return(client, hall, official_1):
    for household_id in list(hall.queue):
        hall.refresh_from_db()
        services.unit_choose(
            session=hall,
            household_id=household_id,
            unit=ResettlementUnit.objects.filter(status="available", floor__lt=9).first(),
            user=official_1,
        )
    project = hall.lottery.project
    assert selectors.project_return(project).returned is False
    ResettlementBuilding.objects.filter(name="1号楼").update(handed_over_on=date(2026, 1, 1))
    allocations = Allocation.objects.select_related("household", "unit")
    for allocation in allocations:
        vacate(allocation.household, official_1)
        services.unit_hand_over(
            household=allocation.household,
            on=allocation.household.agreement_effective_on,
            user=official_1,
        )
    assert set(
        ResettlementUnit.objects.filter(allocation__isnull=False).values_list("status", flat=True)
    ) == {"handed_over"}
    state = selectors.project_return(project)
    assert (state.swap_households, state.handed_over, state.returned) == (3, 3, True)
    client.force_login(official_1)
    assert "已回迁" in client.get(f"/compensation/projects/{project.pk}/").content.decode()
    chosen = allocations.first()
    statement = client.get(f"/compensation/households/{chosen.household_id}/statement/")
    assert f"{chosen.unit.unit_no} 室" in statement.content.decode()


def test_a_unit_is_handed_over_once_chosen_and_its_building_delivered(client, hall, official_1):
    first, waiting, _third = hall.queue
    services.unit_choose(session=hall, household_id=first, unit=unit("101"), user=official_1)
    for pk in (first, waiting):
        vacate(Household.objects.get(pk=pk), official_1)
    chose = Household.objects.get(pk=first)
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{first}/statement/").content.decode()
    assert "纺织新村 1号楼 尚未交付" in page and 'data-testid="hand-over"' not in page
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        with pytest.raises(Conflict, match="纺织新村 1号楼 尚未交付"):
            services.unit_hand_over(household=chose, on=date(2026, 3, 11), user=official_1)
        ResettlementBuilding.objects.filter(name="1号楼").update(handed_over_on=date(2026, 3, 11))
        with pytest.raises(ValidationError, match="不能早于该楼交付日期"):
            services.unit_hand_over(household=chose, on=date(2026, 3, 10), user=official_1)
        with pytest.raises(Conflict, match="尚未选房"):  # still in the hall's queue
            services.unit_hand_over(
                household=Household.objects.get(pk=waiting), on=date(2026, 3, 11), user=official_1
            )
        services.unit_hand_over(household=chose, on=date(2026, 3, 11), user=official_1)
        assert Household.objects.get(pk=first).unit_handed_over_on == date(2026, 3, 11)
    assert unit("101").status == "handed_over"


def test_a_household_on_a_published_list_is_handed_no_unit_before_it_chooses(
    client, swaps, official_1
):
    """The list frozen and published, the order not drawn yet: no hall, and still no hand-over
    for a household on it (the statement says why instead of offering the form)."""
    services.lottery_freeze(project=swaps, method="lottery", user=official_1)
    listed = Household.objects.filter(project=swaps, agreement_mode="swap").order_by("code")[0]
    vacate(listed, official_1)
    with pytest.raises(Conflict, match="尚未选房"):
        services.unit_hand_over(household=listed, on=listed.agreement_effective_on, user=official_1)
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{listed.pk}/statement/").content.decode()
    assert "该户尚未选房" in page and 'data-testid="hand-over"' not in page


@pytest.fixture
def chosen(hall, official_1):
    """The first household called chose 1号楼 101 (90 m² listed); entitled 80 m², its old
    house appraised at 8,000 a m²; the scheme settles 10 m² added at 3,200, beyond at 8,600."""
    CompensationScheme.objects.filter(project=hall.lottery.project).update(
        settlement_cost_price=D("3200"), settlement_market_price=D("8600")
    )
    return services.unit_choose(
        session=hall, household_id=hall.queue[0], unit=unit("101"), user=official_1
    )


def settlement_due(household):
    return next(
        d for d in selectors.household_dues(household, on=date.today()) if d.code == "settlement"
    )


def test_a_larger_unit_makes_a_difference_the_household_pays_in(
    client, chosen, official_1, reviewer
):
    sheet = services.settlement_issue(allocation=chosen, measured_area=D("91.20"), user=official_1)
    # 80 entitled free; 10 m² at 3,200 = 32,000; 1.2 m² at 8,600 = 10,320.
    assert sheet.net == D("42320.00") and sheet.receivable
    household = chosen.household
    due = settlement_due(household)
    assert (due.due, due.receivable) == (D("42320.00"), True)
    dues = selectors.household_dues(household, on=date.today())
    totals = selectors.statement_totals(dues)
    payable = sum((d.outstanding for d in dues if not d.receivable), D("0"))
    assert totals["outstanding"] == payable and totals["owed"]["outstanding"] == D("42320.00")
    assert totals["net"]["outstanding"] == payable - D("42320.00")  # the statement nets the two
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{household.pk}/statement/").content.decode()
    assert "净额（应付减应交）" in page and f"{payable - D('42320'):,.2f}" in page
    with pytest.raises(ValidationError):  # a difference owed is received, not paid
        services.entry_enter(
            household=household,
            item_code="settlement",
            amount=D("100"),
            paid_on=date.today(),
            voucher_no="SK-0",
            funding_source="central",
            user=official_1,
        )
    receipt = services.entry_enter(
        household=household,
        item_code="settlement",
        amount=D("42320"),
        paid_on=date.today(),
        voucher_no="SK-1",
        kind="receipt",
        funding_source="",
        user=official_1,
    )
    services.entry_approve(entry=receipt, user=reviewer)
    assert settlement_due(household).unpaid == D("0.00")
    with pytest.raises(ValidationError, match="结算单金额为 42,320.00 元，已收 42,320.00 元"):
        services.entry_enter(
            household=household,
            item_code="settlement",
            amount=D("1"),
            paid_on=date.today(),
            voucher_no="SK-2",
            kind="receipt",
            funding_source="",
            user=official_1,
        )
    with pytest.raises(Conflict):  # one sheet per unit
        services.settlement_issue(allocation=chosen, measured_area=D("90"), user=official_1)
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{household.pk}/statement/").content.decode()
    assert "被征收户应交" in page and "42,320.00" in page
    # The sheet keeps the issuer it was issued by, however the department is named later.
    district = household.project.district
    district.expropriation_department = "江东区房屋征收与补偿办公室"
    district.save()
    printed = client.get(f"/compensation/households/{household.pk}/settlement/print/")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(printed.content)).pages)
    assert "产权调换结算单" in text and "42,320.00" in text and "肆万贰仟叁佰贰拾元整" in text
    assert f"{district.name}房屋征收部门" in text and "补偿办公室" not in text


def test_a_smaller_unit_makes_a_difference_paid_to_the_household(chosen, official_1, reviewer):
    household = chosen.household
    for due in selectors.household_dues(household, on=date.today()):
        if due.unpaid > 0:
            entry = services.entry_enter(
                household=household,
                item_code=due.code,
                amount=due.unpaid,
                paid_on=date.today(),
                voucher_no=f"PZ-{due.code}",
                funding_source="central",
                user=official_1,
            )
            services.entry_approve(entry=entry, user=reviewer)
    assert Household.objects.get(pk=household.pk).fully_paid_on == date.today()
    sheet = services.settlement_issue(allocation=chosen, measured_area=D("75.50"), user=official_1)
    # The difference due to it is one more fixed item: not fully paid until it is paid.
    assert Household.objects.get(pk=household.pk).fully_paid_on is None
    # 4.5 m² of the 80 entitled not received, at the old house's 8,000 = 36,000 to the household.
    assert sheet.net == D("-36000.00") and not sheet.receivable
    due = settlement_due(chosen.household)
    assert (due.due, due.receivable) == (D("36000.00"), False)


def test_a_sheet_on_a_mistyped_area_is_corrected_with_a_reason_until_anything_is_paid_on_it(
    client, chosen, official_1, official_2, reviewer
):
    """The sheet could not be taken back: a surveyed area typed 19.12 for 91.20 stood for
    good. It is now settled again on the corrected area, with a reason, while nothing is
    received or paid on its difference; its history keeps what it said before."""
    household = chosen.household
    sheet = services.settlement_issue(allocation=chosen, measured_area=D("19.12"), user=official_1)
    assert not sheet.receivable
    url = f"/compensation/households/{household.pk}/settlement/correct/"
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{household.pk}/statement/").content.decode()
    assert 'data-testid="settlement-correct"' in page and "结算单按 19.12 m² 出具" in page
    # paid to the household, and written as what it is paid, not as a negative figure
    net = page.split('data-testid="settlement-net">')[1].split("<")[0]
    assert net == f"{-sheet.net:,.2f}" and "应付被征收户" in page
    printed = client.get(f"/compensation/households/{household.pk}/settlement/print/")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(printed.content)).pages)
    total = text.split("应付被征收户")[1].split("\n")[0]
    assert total.endswith(f" {net}"), total
    refused = client.post(
        url, {"correct-measured_area": "91.20", "correct-reason": " "}, follow=True
    )
    assert "更正原因" in refused.content.decode()
    client.post(url, {"correct-measured_area": "91.20", "correct-reason": "测绘面积录入错误"})
    sheet.refresh_from_db()
    assert (sheet.measured_area, sheet.net, sheet.receivable) == (D("91.20"), D("42320.00"), True)
    assert (sheet.corrected_by, sheet.correction_reason) == (official_1, "测绘面积录入错误")
    due = settlement_due(household)
    assert (due.due, due.receivable) == (D("42320.00"), True)
    assert [e.measured_area for e in sheet.pgh_event_model.objects.filter(pgh_obj=sheet)] == [
        D("19.12"),
        D("91.20"),
    ]
    page = client.get(f"/compensation/households/{household.pk}/statement/").content.decode()
    assert "由 " in page and "更正：测绘面积录入错误" in page
    printed = client.get(f"/compensation/households/{household.pk}/settlement/print/")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(printed.content)).pages)
    assert "91.20" in text and "更正" in text
    with pytest.raises(ValidationError, match="已按此面积出具"):
        services.settlement_correct(
            sheet=sheet, measured_area=D("91.20"), reason="再次核对", user=official_1
        )
    receipt = services.entry_enter(
        household=household,
        item_code="settlement",
        amount=D("1000"),
        paid_on=date.today(),
        voucher_no="SK-9",
        kind="receipt",
        funding_source="",
        user=official_1,
    )
    with pytest.raises(Conflict, match="请先冲正或作废"):  # entered, not yet final
        services.settlement_correct(
            sheet=sheet, measured_area=D("90.00"), reason="复测", user=official_1
        )
    services.entry_approve(entry=receipt, user=reviewer)
    page = client.get(f"/compensation/households/{household.pk}/statement/").content.decode()
    assert 'data-testid="settlement-correct"' not in page  # not offered once received
    with pytest.raises(Conflict, match="请先冲正或作废"):
        services.settlement_correct(
            sheet=sheet, measured_area=D("90.00"), reason="复测", user=official_1
        )
    # Another district's official cannot reach it.
    client.force_login(official_2)
    assert (
        client.post(url, {"correct-measured_area": "90", "correct-reason": "x"}).status_code == 404
    )


def test_the_confirmation_says_a_started_household_leaves_the_count(client, hall, official_1):
    """A household counted as started by its site's first building to start, offered a unit
    in a building not started, is told before confirming that it leaves the start count
    (DESIGN.md §5: once allocated, its start follows its unit's building)."""
    url = f"/compensation/lotteries/{hall.lottery_id}/hall/"
    client.force_login(official_1)
    Household.objects.filter(pk=hall.queue[0]).update(started_on=date(2026, 3, 24))
    confirm = client.get(f"{url}?unit={unit('102').pk}").content.decode()
    assert 'data-testid="start-warning"' in confirm and "1号楼 尚未开始基础施工" in confirm
    assert "未开始基础施工</span>" in confirm  # and the building is marked on the grid
    ResettlementBuilding.objects.filter(name="1号楼").update(foundation_started_on=date(2026, 3, 1))
    confirm = client.get(f"{url}?unit={unit('102').pk}").content.decode()
    assert 'data-testid="start-warning"' not in confirm
    assert "未开始基础施工</span>" not in confirm


def test_the_settlement_form_asks_for_the_surveyed_area(client, chosen, official_1):
    """It came filled with the unit's nominal area, and one click issued a sheet that cannot
    be withdrawn, before any survey."""
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{chosen.household_id}/statement/")
    html = page.content.decode()
    assert "该房源标称面积 90.00 m²" in html
    assert input_value(html, "settle-measured_area") == ""
