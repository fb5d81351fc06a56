"""Batch payment runs and the bank file round trip, the unit's hand-over stopping the fee and
settling the household, "settled" following full payment, overdue transition and the funding
used beside the funding received."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compensation import exports, importers, selectors, services
from compensation.models import Agreement, Appraisal, LedgerEntry, PaymentRun
from core.errors import Conflict
from households import services as household_services
from households.models import Household, ProgressEvent
from projects.models import ProjectFunding
from tests.compensation.conftest import SWAP_ITEMS, approved_scheme, draft_reviewed, pay
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("clock")


def sign(household, mode, drafter, reviewer, **terms):
    return services.agreement_sign(
        agreement=draft_reviewed(household, mode, drafter, reviewer, **terms), user=drafter
    )


def account(household, user, number):
    return services.payee_account_save(
        household=household,
        name=household.party_name,
        bank="江州农商银行",
        account=number,
        user=user,
    )


@pytest.fixture
def run_setup(effective, appraised, official_1, reviewer):
    """Three monetary households in effect: F001 with moving 1,000 paid, F002 with 100 of its
    house waiting for approval, F003 without a payee account."""
    second = sign(appraised[1], "monetary", official_1, reviewer)
    sign(appraised[2], "monetary", official_1, reviewer)
    account(appraised[0], official_1, "6222021234567890")
    account(appraised[1], official_1, "6222 0298 7654 3210")
    pay(effective, "moving", "1000", official_1, reviewer)
    services.entry_enter(
        household=second.household,
        item_code="house",
        amount=D("100"),
        paid_on=date(2026, 3, 10),
        voucher_no="PZ-W",
        funding_source="special_bond",
        user=official_1,
    )
    return effective, second


def draft(project, user):
    return services.payment_run_draft(
        project=project,
        paid_on=date(2026, 3, 10),
        purpose="征收补偿款",
        funding_source="special_bond",
        user=user,
    )


def results_file(content: bytes, outcomes: dict) -> bytes:
    """The bank's sheet back: the sent sheet with 处理结果 and 失败原因 filled per row."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    sheet.cell(1, 8, "处理结果")
    sheet.cell(1, 9, "失败原因")
    for row in range(2, sheet.max_row + 1):
        number = sheet.cell(row, 1).value
        if number in outcomes:
            sheet.cell(row, 8, outcomes[number][0])
            sheet.cell(row, 9, outcomes[number][1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_run_dated_before_anything_is_due_says_it_is_the_date(run_setup, official_1):
    """A past transfer date answered that no household owed anything, which read as untrue:
    as of that date nothing was due yet."""
    first, _second = run_setup
    with pytest.raises(ValidationError) as refused:
        services.payment_run_draft(
            project=first.project,
            paid_on=date(2025, 1, 1),
            purpose="征收补偿款",
            funding_source="special_bond",
            user=official_1,
        )
    assert "截至转账日期（2025-01-01）" in " ".join(refused.value.messages)
    assert draft(first.project, official_1)[0].entries.exists()  # on its own day, it is due


def test_a_payment_run_goes_to_the_bank_and_back(run_setup, appraised, official_1, reviewer):
    first, second = run_setup
    run, skipped = draft(first.project, official_1)
    assert [h.code for h in skipped] == ["F003"]  # no payee account
    rows = selectors.payment_run_rows(run)
    # Unpaid and not already waiting: F001 640,000 + 2,000; F002 639,900 + 3,000.
    assert [(r["household"].code, r["amount"]) for r in rows] == [
        ("F001", D("642000.00")),
        ("F002", D("642900.00")),
    ]
    with pytest.raises(Conflict, match="其他人"):
        services.payment_run_approve(run=run, user=official_1)
    run = services.payment_run_approve(run=run, user=reviewer)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.bank_sheet(run, rows))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["序号", "户名", "账号", "开户行", "金额(元)", "用途", "备注"]
    assert values[1][:6] == [1, "纺织户1", "6222021234567890", "江州农商银行", 642000, "征收补偿款"]
    assert values[2][2] == "6222029876543210"  # the full account, as text, for the bank
    assert values[3][:2] == ["合计", "共2笔"] and D(str(values[3][4])) == D("1284900")
    back = results_file(exports.bank_sheet(run, rows), {1: ("成功", ""), 2: ("失败", "账户已冻结")})
    checked = importers.import_bank_results(
        run=run, content=back, filename="回单.xlsx", user=official_1, dry_run=True
    )
    assert checked.errors == [] and (checked.updated, checked.unchanged) == (1, 1)
    assert LedgerEntry.objects.filter(run=run, status="entered").count() == 4  # dry run
    importers.import_bank_results(
        run=run, content=back, filename="回单.xlsx", user=official_1, dry_run=False
    )
    run.refresh_from_db()
    assert run.status == "closed"
    paid = LedgerEntry.objects.filter(run=run, household=first.household)
    assert {(e.status, e.approved_by_id) for e in paid} == {("approved", reviewer.pk)}
    failed = LedgerEntry.objects.filter(run=run, household=second.household)
    assert {(e.status, e.bank_note) for e in failed} == {("failed", "账户已冻结")}
    assert Household.objects.get(pk=first.household_id).fully_paid_on == date(2026, 3, 10)
    assert selectors.funding_use(first.project)[0][0].used == D("64.3000")  # 万元, 1,000 before
    # A failed row is unpaid: the next run takes it again, and nothing of F001.
    again, _skipped = draft(first.project, official_1)
    assert [(r["household"].code, r["amount"]) for r in selectors.payment_run_rows(again)] == [
        ("F002", D("642900.00"))
    ]


def test_bank_results_are_checked_row_by_row_and_nothing_is_written(
    run_setup, official_1, reviewer
):
    run, _skipped = draft(run_setup[0].project, official_1)
    run = services.payment_run_approve(run=run, user=reviewer)
    sent = exports.bank_sheet(run, selectors.payment_run_rows(run))
    workbook = openpyxl.load_workbook(io.BytesIO(results_file(sent, {1: ("处理中", "")})))
    sheet = workbook.active
    sheet.cell(3, 5, 1)  # row 2's amount changed
    sheet.cell(3, 8, "成功")
    sheet.append([9, "某人", "1", "行", 5, "", "", "成功"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = importers.import_bank_results(
        run=run, content=buffer.getvalue(), filename="回单.xlsx", user=official_1, dry_run=False
    )
    problems = {(e["row"], e["column"]) for e in result.errors}
    assert problems == {(2, "处理结果"), (3, "金额"), (5, "序号")}
    assert "“处理中”既不是成功也不是失败" in str(result.errors)
    assert set(LedgerEntry.objects.filter(run=run).values_list("status", flat=True)) == {"entered"}
    workbook = openpyxl.load_workbook(io.BytesIO(results_file(sent, {1: ("成功", "")})))
    workbook.active.delete_rows(3)  # row 2 left out
    buffer = io.BytesIO()
    workbook.save(buffer)
    missing = importers.import_bank_results(
        run=run, content=buffer.getvalue(), filename="回单.xlsx", user=official_1, dry_run=False
    )
    assert [(e["row"], e["message"]) for e in missing.errors] == [
        (None, "文件缺少本批次序号 2 的结果。")
    ]
    broken = importers.import_bank_results(
        run=run, content=b"not a sheet", filename="回单.xlsx", user=official_1, dry_run=False
    )
    assert broken.errors and PaymentRun.objects.get(pk=run.pk).status == "approved"


def test_what_is_at_the_bank_is_not_paid_again_nor_its_agreement_voided(
    run_setup, official_1, reviewer
):
    first, second = run_setup
    run, _skipped = draft(first.project, official_1)
    with pytest.raises(Conflict, match="代发批次"):
        services.agreement_void(agreement=second, user=official_1, reason="签错")
    run = services.payment_run_approve(run=run, user=reviewer)
    with pytest.raises(Conflict, match="超过应付"):  # the house is at the bank already
        pay(first, "house", "640000", official_1, reviewer)
    with pytest.raises(Conflict):  # the sheet may be at the bank: only its results close it
        services.payment_run_cancel(run=run, user=official_1)
    with pytest.raises(Conflict, match="代发批次"):
        services.agreement_void(agreement=second, user=official_1, reason="签错")
    sent = exports.bank_sheet(run, selectors.payment_run_rows(run))
    result = importers.import_bank_results(
        run=run,
        content=results_file(sent, {1: ("成功", ""), 2: ("失败", "")}),
        filename="回单.xlsx",
        user=official_1,
        dry_run=False,
    )
    assert result.errors == []
    assert LedgerEntry.objects.filter(run=run, status="approved").count() == 2
    run.refresh_from_db()
    again = importers.import_bank_results(
        run=run, content=sent, filename="回单.xlsx", user=official_1, dry_run=True
    )
    assert "已回盘" in again.errors[0]["message"]  # a closed run takes no second file


def test_odd_bank_files_get_row_errors_never_a_crash(run_setup, official_1, reviewer):
    first, _second = run_setup
    first.project.code = "PG/01:[9]"  # characters a sheet title cannot hold
    first.project.save()
    run, _skipped = draft(first.project, official_1)
    run = services.payment_run_approve(run=run, user=reviewer)
    sent = exports.bank_sheet(run, selectors.payment_run_rows(run))
    workbook = openpyxl.load_workbook(io.BytesIO(results_file(sent, {1: ("成功", "")})))
    sheet = workbook.active
    sheet.cell(3, 1, "፩")  # a digit, but not one int() reads
    sheet.cell(4, 1, "9" * 5000)
    sheet.cell(4, 8, "成功")
    sheet.append([1, "纺织户1", "", "", 642000, "", "别的批次 F001", "成功"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = importers.import_bank_results(
        run=run, content=buffer.getvalue(), filename="回单.xlsx", user=official_1, dry_run=True
    )
    assert {(e["row"], e["column"]) for e in result.errors} >= {
        (3, "序号"),
        (4, "序号"),
        (5, "序号"),  # row 1 again
    }


def test_an_entered_payment_is_set_aside_with_a_reason(client, run_setup, official_1, reviewer):
    first, second = run_setup
    waiting = LedgerEntry.objects.get(voucher_no="PZ-W")
    with pytest.raises(ValidationError):
        services.entry_discard(entry=waiting, user=official_1, reason=" ")
    services.entry_discard(entry=waiting, user=official_1, reason="金额录错")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == ("discarded", "金额录错")
    # Set aside is not a payment the bank failed: the ledger shows it so, outside that total.
    client.force_login(official_1)
    ledger = client.get(ledger_url(first.project)).content.decode()
    assert "已作废，未付" in ledger and 'data-testid="total-failed">0.00' in ledger
    only = client.get(ledger_url(first.project, "?status=discarded")).content.decode()
    assert "PZ-W" in only
    run, _skipped = draft(first.project, official_1)  # the item is free again
    rows = {r["household"].code: r["amount"] for r in selectors.payment_run_rows(run)}
    assert rows["F002"] == D("643000.00")


def test_a_run_entry_is_settled_by_the_bank_and_a_cancelled_run_frees_its_items(
    run_setup, official_1, reviewer
):
    first, _second = run_setup
    run, _skipped = draft(first.project, official_1)
    entry = LedgerEntry.objects.filter(run=run).first()
    with pytest.raises(Conflict, match="银行"):
        services.entry_approve(entry=entry, user=reviewer)
    with pytest.raises(ValidationError):  # everything due already waits in the run
        draft(first.project, official_1)
    services.payment_run_cancel(run=run, user=official_1)
    assert set(LedgerEntry.objects.filter(run=run).values_list("status", flat=True)) == {
        "discarded"
    }
    with pytest.raises(Conflict):
        run = services.payment_run_approve(run=run, user=reviewer)
    assert draft(first.project, official_1)[0].number == 2


def swap_household(project, appraised, official_1, reviewer, city_staff):
    """F002 on a swap agreement with a temporary fee of 80 m² × 15 = 1,200 a month and a
    24-month transition, vacated on 2026-03-10."""
    approved_scheme(
        project,
        official_1,
        city_staff,
        SWAP_ITEMS,
    )
    sign(appraised[1], "swap", official_1, reviewer)
    household_services.household_record_progress(
        households=[appraised[1]],
        to_stage="vacated",
        effective_on=date(2026, 3, 10),
        user=official_1,
    )
    return Household.objects.get(pk=appraised[1].pk)


def fee(household, on):
    due = next(d for d in selectors.household_dues(household, on=on) if d.code == "temporary")
    return due.due


def test_the_hand_over_stops_the_fee_and_settles_the_household(
    no_threshold, appraised, official_1, reviewer, city_staff
):
    household = swap_household(no_threshold, appraised, official_1, reviewer, city_staff)
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False):
        assert fee(household, date(2026, 7, 10)) == D("6000.00")  # March to July, five months
        with pytest.raises(ValidationError):
            services.unit_hand_over(household=household, on=date(2026, 3, 1), user=official_1)
        paid = services.entry_enter(
            household=household,
            item_code="temporary",
            amount=D("2400"),  # March and April
            paid_on=date(2026, 5, 10),
            voucher_no="PZ-T",
            funding_source="central",
            user=official_1,
        )
        services.entry_approve(entry=paid, user=reviewer)
        with pytest.raises(ValidationError, match="请先冲正"):  # April would be paid past it
            services.unit_hand_over(household=household, on=date(2026, 4, 5), user=official_1)
        services.unit_hand_over(household=household, on=date(2026, 5, 25), user=official_1)
        household.refresh_from_db()
        # Two whole months, then 10 to 25 May: 1,200 × 15 / 31 days.
        assert fee(household, date(2026, 7, 10)) == D("2400.00") + D("580.65")
        assert household.stage == "settled"
        event = ProgressEvent.objects.filter(household=household).latest("recorded_at", "id")
        assert (event.to_stage, event.effective_on) == ("settled", date(2026, 5, 25))
        with pytest.raises(Conflict):  # once only
            services.unit_hand_over(household=household, on=date(2026, 5, 26), user=official_1)


def test_a_monetary_household_is_handed_no_unit(effective, official_1):
    with pytest.raises(Conflict):
        services.unit_hand_over(
            household=effective.household, on=date(2026, 3, 10), user=official_1
        )


def test_settled_follows_full_payment_after_vacating_and_a_reversal_takes_it_back(
    effective, official_1, reviewer
):
    household = effective.household
    pay(effective, "house", "640000", official_1, reviewer)
    moving = pay(effective, "moving", "3000", official_1, reviewer)
    assert Household.objects.get(pk=household.pk).stage == "signed"  # not vacated yet
    household_services.household_record_progress(
        households=[household],
        to_stage="vacated",
        effective_on=date(2026, 3, 10),
        user=official_1,
    )
    assert Household.objects.get(pk=household.pk).stage == "settled"
    services.entry_reverse(entry=moving, user=reviewer, reason="账号错误")
    household = Household.objects.get(pk=household.pk)
    assert (household.stage, household.fully_paid_on) == ("vacated", None)


def test_overdue_transition_lists_households_past_their_period(
    no_threshold, appraised, official_1, reviewer, city_staff
):
    household = swap_household(no_threshold, appraised, official_1, reviewer, city_staff)
    assert selectors.overdue_transition(no_threshold, on=date(2028, 3, 9)) == []
    rows = selectors.overdue_transition(no_threshold, on=date(2028, 4, 10))
    assert [(r.household.pk, r.transition_ended_on, r.overdue_months) for r in rows] == [
        (household.pk, date(2028, 3, 10), 2)
    ]
    # The scheme's default uplift doubles the area fee: 1,200 + 1,200.
    assert (rows[0].monthly_fee, rows[0].uplift, rows[0].overdue_accrued) == (
        D("2400.00"),
        D("100"),
        D("4800.00"),
    )


def test_funding_used_is_shown_beside_funding_received(client, effective, official_1, reviewer):
    project = effective.project
    ProjectFunding.objects.create(
        project=project, source="special_bond", planned=D("100"), received=D("80")
    )
    pay(effective, "moving", "3000", official_1, reviewer)
    pay(effective, "house", "1000", official_1, reviewer, funding_source="central")
    rows, by_month = selectors.funding_use(project)
    bond = next(r for r in rows if r.source == "special_bond")
    assert (bond.received, bond.used, bond.remaining) == (D("80"), D("0.30"), D("79.70"))
    assert str(bond.used) == "0.30"  # 万元 to two places, as funding is recorded
    assert [(r.source, r.received, r.used, r.overdrawn) for r in rows] == [
        ("central", D("0"), D("0.10"), True),  # paid from a source the project has not recorded
        ("special_bond", D("80"), D("0.30"), False),
    ]
    client.force_login(official_1)
    page = client.get(f"/compensation/projects/{project.pk}/ledger/").content.decode()
    assert 'data-testid="overdrawn-central"' in page and "超过到位资金 0.00 万元" in page
    assert f'href="/projects/{project.pk}/funding/" class="alert-link">登记到位资金' in page
    assert 'data-testid="overdrawn-special_bond"' not in page
    # Overdrawn to the yuan: 1,000 arrived and 1,000 used is not, 30 more is (0.10 万元 shown).
    ProjectFunding.objects.create(project=project, source="central", received=D("0.10"))
    central_row = next(r for r in selectors.funding_use(project)[0] if r.source == "central")
    assert not central_row.overdrawn
    pay(effective, "house", "30", official_1, reviewer, funding_source="central")
    central_row = next(r for r in selectors.funding_use(project)[0] if r.source == "central")
    assert (central_row.used, central_row.overdrawn) == (D("0.10"), True)
    assert by_month == [
        (date(2026, 3, 1), {"special_bond": D("3000.00"), "central": D("1000.00")}, D("4000.00"))
    ]


def ledger_url(project, query=""):
    return f"/compensation/projects/{project.pk}/ledger/{query}"


def test_the_project_ledger_filters_totals_and_exports(client, run_setup, official_1, reviewer):
    project = run_setup[0].project
    pay(run_setup[0], "house", "5", official_1, reviewer)
    client.force_login(official_1)
    page = client.get(ledger_url(project)).content.decode()
    assert 'data-testid="total-final">1,005.00' in page  # 1,000 and 5 paid; 100 waiting
    approved = client.get(ledger_url(project, "?status=approved&month=2026-03")).content.decode()
    assert "PZ-moving-1000" in approved and "PZ-W" not in approved
    assert (
        "PZ-moving-1000" not in client.get(ledger_url(project, "?month=2026-04")).content.decode()
    )
    bad = client.get(ledger_url(project, "?month=2026-13"))
    assert bad.status_code == 200 and "请先更正上方的筛选条件" in bad.content.decode()
    export = client.get(ledger_url(project, "?item=house&export=xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert [(r[0], r[6], r[11]) for r in rows] == [
        ("F001", "PZ-house-5", "已复核"),
        ("F002", "PZ-W", "已录入"),
    ]


def test_a_bank_remark_longer_than_the_ledger_keeps_is_named_not_cut(
    run_setup, official_1, reviewer
):
    run, _skipped = draft(run_setup[0].project, official_1)
    run = services.payment_run_approve(run=run, user=reviewer)
    sent = exports.bank_sheet(run, selectors.payment_run_rows(run))
    back = results_file(sent, {1: ("成功", ""), 2: ("失败", "账户已冻结" * 41)})
    result = importers.import_bank_results(
        run=run, content=back, filename="回单.xlsx", user=official_1, dry_run=True
    )
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "失败原因")]
    assert "不能超过 200 个字，此处有 205 个" in result.errors[0]["message"]


def test_the_ledger_export_writes_where_a_run_entry_stands(client, run_setup, official_1, reviewer):
    """The status of an entry in a payment run is a label of its own (waiting for the run's
    approval, at the bank): the export writes it as text, as the page shows it."""
    project = run_setup[0].project
    run, _skipped = draft(project, official_1)
    client.force_login(official_1)

    def statuses():
        export = client.get(ledger_url(project, "?export=xlsx"))
        assert export.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
        return {row[11] for row in sheet.iter_rows(min_row=4, values_only=True)}

    assert "在代发批次中，待复核" in statuses()
    services.payment_run_approve(run=run, user=reviewer)
    assert "银行办理中" in statuses()


def test_the_project_ledger_runs_a_fixed_number_of_queries(client, run_setup, official_1, reviewer):
    first, second = run_setup
    client.force_login(official_1)
    client.get(ledger_url(first.project))
    with CaptureQueriesContext(connection) as one:
        client.get(ledger_url(first.project))
    pay(second, "moving", "3000", official_1, reviewer)
    pay(first, "house", "5", official_1, reviewer)
    with CaptureQueriesContext(connection) as many:
        client.get(ledger_url(first.project))
    assert len(many) == len(one)


def test_a_payment_run_through_the_pages(client, run_setup, official_1, reviewer):
    project = run_setup[0].project
    client.force_login(official_1)
    drafted = client.post(
        f"/compensation/projects/{project.pk}/runs/",
        {"run-paid_on": "2026-03-10", "run-purpose": "征收补偿款", "run-funding_source": "central"},
        follow=True,
    )
    assert "F003 纺织户3" in drafted.content.decode()  # left out: no payee account
    run = PaymentRun.objects.get()
    # drawn on a source that has received nothing: the drafter is told before the bank is
    assert "到位资金不足以支付本批" in drafted.content.decode()
    assert "已到位 0.00 万元" in drafted.content.decode()
    ProjectFunding.objects.create(project=project, source="central", received=D("1000"))
    assert services.payment_run_funding_warning(run) is None  # once the money has arrived
    assert client.get(f"/compensation/runs/{run.pk}/sheet/").status_code == 302  # not approved
    client.force_login(reviewer)
    client.post(f"/compensation/runs/{run.pk}/approve/")
    sheet = client.get(f"/compensation/runs/{run.pk}/sheet/")
    assert sheet["Content-Disposition"].endswith(".xlsx")
    back = results_file(sheet.content, {1: ("成功", ""), 2: ("退票", "户名不符")})
    upload = io.BytesIO(back)
    upload.name = "回盘.xlsx"
    done = client.post(f"/compensation/runs/{run.pk}/results/", {"file": upload}, follow=True)
    assert "成功 1 笔，失败 1 笔" in done.content.decode()
    assert PaymentRun.objects.get(pk=run.pk).status == "closed"


def test_whoever_approves_a_run_sees_a_payment_also_entered_by_hand(
    client, run_setup, official_1, reviewer
):
    first, second = run_setup
    run, _skipped = draft(first.project, official_1)

    def by_hand(household, item_code, amount, voucher_no):
        services.entry_enter(
            household=household,
            item_code=item_code,
            amount=amount,
            paid_on=date(2026, 3, 10),
            voucher_no=voucher_no,
            funding_source="special_bond",
            user=official_1,
        )

    def in_run(household):
        return LedgerEntry.objects.get(run=run, household=household, item_code="moving")

    client.force_login(reviewer)
    page = client.get(f"/compensation/runs/{run.pk}/").content.decode()
    assert 'data-testid="run-doubts"' not in page and 'data-testid="doubt"' not in page
    # the same moving fee, entered by hand while the run waits
    by_hand(first.household, "moving", in_run(first.household).amount, "PZ-HAND")
    with CaptureQueriesContext(connection) as once:
        page = client.get(f"/compensation/runs/{run.pk}/").content.decode()
    assert "有 1 行可能重复录入了付款" in page
    [doubt] = selectors.payment_run_rows(run, user=reviewer)[0]["doubts"]
    assert "PZ-HAND" in doubt.text and doubt.text in page
    # a second row in doubt costs no more queries
    by_hand(second.household, "moving", in_run(second.household).amount, "PZ-HAND2")
    with CaptureQueriesContext(connection) as twice:
        page = client.get(f"/compensation/runs/{run.pk}/").content.decode()
    assert "有 2 行可能重复录入了付款" in page
    assert len(twice) == len(once)
    # The first row's voucher on an entry of another household of the run, which the reader
    # sees: named, with its statement, and the voucher's remark once in the row however
    # many of its items the voucher carries.
    voucher = in_run(first.household).voucher_no
    by_hand(second.household, "house", D("1"), voucher)
    first_row = selectors.payment_run_rows(run, user=reviewer)[0]["doubts"]
    reused = [d for d in first_row if voucher in d.text and "F002" in d.text]
    assert len(reused) == 1 and reused[0].household_id == second.household.pk
    assert len(first_row) == len(set(first_row))


def test_the_payments_api_reads_the_ledgers_items_only_to_check_one_asked_for(
    client, run_setup, official_1
):
    """The item filter's choices are every item the user's ledger holds: a DISTINCT over a
    city's million entries, which a page of the API without an item must not pay for."""
    client.force_login(official_1)

    def item_list_reads(path):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        return response, [q for q in ctx.captured_queries if "DISTINCT" in q["sql"]]

    page, reads = item_list_reads("/api/v1/payments/")
    assert page.status_code == 200 and page.json()["count"] == 2 and reads == []
    house, reads = item_list_reads("/api/v1/payments/?item=moving")
    assert house.status_code == 200 and house.json()["count"] == 1 and len(reads) == 1
    unknown, _ = item_list_reads("/api/v1/payments/?item=nothing")
    assert unknown.status_code == 400 and "item" in unknown.json()


def test_a_moved_projects_money_goes_with_it_to_the_new_district(
    client, run_setup, official_1, official_2, district_2
):
    """Agreements, appraisals and ledger entries carry their district, which scopes them: a
    project moved to another district takes them along, and what is written after the move
    is the new district's; the old district's officials reach none of it."""
    from projects.services import project_update

    first, _second = run_setup
    project = first.project
    moving_fee = LedgerEntry.objects.get(voucher_no__startswith="PZ-moving")
    project_update(
        project=project, expected_version=project.version, district=district_2, street=None
    )
    district_2_b = UserFactory(
        username="district_2b", role="district_official", scope_region=district_2
    )
    services.entry_reverse(entry=moving_fee, user=district_2_b, reason="账号有误")
    pay(first, "moving", "3000", official_2, district_2_b)
    draft(project, official_2)  # a payment run's entries
    for model in (Agreement, Appraisal, LedgerEntry):
        assert not model.objects.for_user(official_1).exists()
        assert model.objects.for_user(official_2).count() == model.objects.count() > 0
        assert set(model.objects.values_list("district_id", flat=True)) == {district_2.pk}
    client.force_login(official_1)
    assert client.get("/api/v1/payments/").json()["count"] == 0
    assert client.get("/api/v1/appraisals/").json()["count"] == 0
    assert client.post(f"/compensation/entries/{moving_fee.pk}/approve/").status_code == 404
    client.force_login(official_2)
    assert client.get("/api/v1/payments/").json()["count"] == LedgerEntry.objects.count()


def test_an_entry_at_the_bank_reads_so(run_setup, appraised, official_1, reviewer, client):
    """A run's entry waits for the run's approval, then is at the bank: not "entered", and
    in process rather than unpaid."""
    first, _second = run_setup
    run, _skipped = draft(first.project, official_1)
    household_id = first.household_id
    client.force_login(official_1)
    url = f"/compensation/households/{household_id}/statement/"
    drafted = client.get(url).content.decode()
    assert "在代发批次中，待复核" in drafted and "随代发批次复核" in drafted
    assert "在代发批次中，待复核" in client.get(f"/compensation/runs/{run.pk}/").content.decode()
    services.payment_run_approve(run=run, user=reviewer)
    page = client.get(url).content.decode()
    assert "银行办理中" in page and "已录入" not in page.split('data-testid="entries"')[1]
    assert "以银行回盘为准" in page
    # The ledger filters by the same stages: F002's 100 waits for approval, the run's are at
    # the bank.
    ledger = f"/compensation/projects/{first.project_id}/ledger/?status="
    at_bank = client.get(ledger + "at_bank").content.decode()
    waiting = client.get(ledger + "awaiting_approval").content.decode()
    assert "PZ-W" not in at_bank and at_bank.count("银行办理中") >= len(run.entries.all())
    rows = waiting.split('data-testid="ledger-entries"')[1].split("</table>")[0]
    assert "PZ-W" in rows and "银行办理中" not in rows
    assert 'data-testid="total-outstanding">0.00<' in page
