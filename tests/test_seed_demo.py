import json
import re
from contextlib import contextmanager
from datetime import date
from unittest import mock

from django.core.management import call_command
from django.db.models import F, Q
from django.db.models.query_utils import DeferredAttribute
from pypdf import PdfReader

from accounts.models import User
from compensation.choices import SIGNED_STATUSES
from compensation.models import (
    Agreement,
    AgreementLine,
    Appraisal,
    Assignment,
    CompensationScheme,
)
from core.models import Region
from households.models import Household
from projects.models import Project
from tests.factories import UserFactory


@contextmanager
def _deferred_loads():
    """The fields loaded one by one (deferred, then read) while the block runs."""
    loads = []
    get = DeferredAttribute.__get__

    def counted(self, instance, cls=None):
        if instance is not None and self.field.attname not in instance.__dict__:
            loads.append(f"{type(instance).__name__}.{self.field.attname}")
        return get(self, instance, cls)

    with mock.patch.object(DeferredAttribute, "__get__", counted):
        yield loads


def _assert_the_city_and_its_users():
    districts = list(Region.objects.districts().order_by("code"))
    assert len(districts) == 6
    for number, district in enumerate(districts, start=1):
        user = User.objects.get(username=f"district_{number}")
        assert user.scope_region == district and user.role == "district_official"
        assert Project.objects.for_user(user).count() == 12
    for username, role in [
        ("admin", "admin"),
        ("city_staff", "city_staff"),
        ("bureau_leader", "bureau_leader"),
        ("city_leader", "leader"),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role and user.check_password("Demo@2026x")
        assert Project.objects.for_user(user).count() == 72
    # The demo administrator is a role, not a superuser: it keeps accounts, reveals no ID.
    administrator = User.objects.get(username="admin")
    assert administrator.is_staff and not administrator.is_superuser
    assert not administrator.has_perm("households.reveal_id_number")
    assert administrator.has_perm("accounts.change_user")


def _assert_each_id_number_stored_with_its_own_forms():
    """The seed has its helper process encrypt the ID and account numbers: each row must get
    back its own (a number's ciphertext, hash and mask agree), and a head of household
    carries the household's number."""
    from compensation.models import PayeeAccount
    from compensation.services import _mask_account
    from households import crypto
    from households.models import HouseholdMember

    people = [*Household.objects.exclude(id_encrypted=""), *HouseholdMember.objects.all()]
    assert len(people) > 5000
    for person in people:
        number = crypto.decrypt(person.id_encrypted)
        assert (person.id_hash, person.id_masked) == (
            crypto.search_hash(number),
            crypto.mask(number),
        )
    heads = HouseholdMember.objects.filter(relation="户主")
    assert heads.exists() and not heads.exclude(id_hash=F("household__id_hash")).exists()
    accounts = list(PayeeAccount.objects.all())
    assert len(accounts) > 1000
    for account in accounts:  # (another's number would show other last four digits)
        assert _mask_account(crypto.decrypt(account.account_encrypted)) == account.account_masked


def test_seed_demo_refuses_a_weak_password(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="密码"):
        call_command("seed_demo", "--password", "password")
    assert not User.objects.exists()


def test_seed_demo_builds_the_demo_city_once(
    db, capsys, settings, tmp_path, django_capture_on_commit_callbacks
):
    """One seed checked whole (seeding takes tens of seconds): on a database with data it
    changes nothing unless told to reset; a reset takes the old records' files away once
    the new city is committed; then the regions and accounts, the programme data, and
    compensation consistent with every household's stage."""
    import time_machine
    from django.core.files.base import ContentFile

    from reports.models import Report

    settings.MEDIA_ROOT = tmp_path
    stray = UserFactory(username="stray", role="city_staff")
    old = Report.objects.create(kind="daily_resumption", period="2026-11-01", version=1)
    old.file.save("old.xlsx", ContentFile(b"old"), save=True)
    call_command("seed_demo", "--scale", "city")
    assert "已有数据" in capsys.readouterr().out
    assert list(User.objects.all()) == [stray] and not Project.objects.exists()
    assert old.file.storage.exists(old.file.name)

    from projects.choices import ConstructionStatus, ExpropriationStatus
    from projects.models import (
        AnnualPlan,
        DailyStatus,
        DistrictTarget,
        InvestmentReport,
        ResettlementBuilding,
    )

    with (
        time_machine.travel("2026-11-20 12:00 +0800", tick=False),
        _deferred_loads() as loads,
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("seed_demo", "--password", "Demo@2026x", "--reset")
    assert not old.file.storage.exists(old.file.name)
    # A field read from rows loaded without it is a query per row: at the city's size an
    # appraisal's district read that way from 216,000 households cost two minutes.
    assert loads == []
    assert not User.objects.filter(username="stray").exists()
    _assert_the_city_and_its_users()
    _assert_each_id_number_stored_with_its_own_forms()
    assert set(AnnualPlan.objects.values_list("year", flat=True)) == {2025, 2026}
    assert DistrictTarget.objects.count() == 2 * 6
    assert set(Project.objects.values_list("expropriation_status", flat=True)) == set(
        ExpropriationStatus.values
    )
    assert set(Project.objects.values_list("construction_status", flat=True)) == set(
        ConstructionStatus.values
    )
    # every status change is in the log, and a project under construction has its start date
    assert (
        not Project.objects.exclude(construction_status="not_started")
        .filter(construction_started_on=None)
        .exists()
    )
    assert (
        not Project.objects.filter(construction_status="not_started")
        .exclude(construction_started_on=None)
        .exists()
    )
    filing = Project.objects.filter(construction_status__in=["under_construction", "suspended"])
    statuses = DailyStatus.objects.filter(project__in=filing)
    assert statuses.filter(is_late=True).exists() and statuses.filter(is_late=False).exists()
    assert not DailyStatus.objects.filter(date__gte="2026-11-20").exists()  # today is left to file
    assert not DailyStatus.objects.filter(
        date__in=["2026-10-01", "2026-11-15"]
    ).exists()  # holiday, Sunday
    assert InvestmentReport.objects.exists() and ResettlementBuilding.objects.exists()
    # A building's milestones follow one another: none capped before its foundation started.
    assert not ResettlementBuilding.objects.filter(
        foundation_started_on__isnull=True, structure_capped_on__isnull=False
    ).exists()
    # Progress dates are plausible: never before the project's approval, and this year's
    # campaigns count demolitions of their own period (issue: every campaign showed 0/80).

    from households.models import ProgressEvent
    from households.selectors import campaign_progress
    from projects.models import Campaign, CampaignTarget

    assert not ProgressEvent.objects.filter(
        effective_on__lt=F("household__project__approved_on")
    ).exists()
    progress = campaign_progress(Campaign.objects.all())
    for campaign in Campaign.objects.filter(ends_on__lt="2026-11-20"):
        done = sum(n for (cid, _district), n in progress.items() if cid == campaign.id)
        target = sum(
            CampaignTarget.objects.filter(campaign=campaign).values_list("households", flat=True)
        )
        assert done >= target / 5, (campaign.name, done, target)
    # Compensation: a scheme per project with households under way, appraisals and
    # agreements consistent with each household's stage, one lapsed project, teams.
    signed_ids = set(
        Agreement.objects.filter(status__in=SIGNED_STATUSES).values_list("household_id", flat=True)
    )
    past_signing = Household.objects.filter(
        stage__in=["signed", "vacated", "demolished", "settled"]
    )
    assert past_signing.exists() and not past_signing.exclude(id__in=signed_ids).exists()
    assert not Household.objects.filter(
        id__in=signed_ids, stage__in=["registered", "surveyed"]
    ).exists()
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert {"conditional", "effective", "lapsed", "void", "draft"} <= statuses
    assert set(Agreement.objects.values_list("mode", flat=True)) == {"monetary", "swap"}
    assert Project.objects.filter(signing_lapsed_on__isnull=False).count() == 1
    appraised = Household.objects.exclude(stage__in=["registered", "surveyed"])
    assert not appraised.exclude(id__in=Appraisal.objects.values("household_id")).exists()
    assert CompensationScheme.objects.filter(status="approved").exists()
    assert Assignment.objects.count() == Household.objects.count()
    # Nobody moved out before their agreement took effect (none does under a conditional one).
    assert not ProgressEvent.objects.filter(
        to_stage="vacated", is_reversal=False, household__agreement_effective_on=None
    ).exists()
    assert not ProgressEvent.objects.filter(
        to_stage="vacated",
        is_reversal=False,
        effective_on__lt=F("household__agreement_effective_on"),
    ).exists()
    lines = AgreementLine.objects.filter(agreement__status__in=SIGNED_STATUSES)
    assert lines.filter(code="hardship", amount__gt=0).exists()
    assert lines.filter(code="subsidy", amount__gt=0).exists()  # kept: signed in the period
    assert lines.filter(code="subsidy", amount=0, formula__contains="逾期").exists()  # forfeited
    numbers = Agreement.objects.filter(number__isnull=False).values_list("project", "number")
    assert len(set(numbers)) == len(numbers)  # unique per project
    # The ledger: every final payment within what is due, a deposit, a reversal, households
    # fully paid and settled, the overdue transition list and one run at the bank.
    from compensation import selectors
    from compensation.models import LedgerEntry, PaymentRun

    entries = LedgerEntry.objects.all()
    assert {"approved", "reversed"} <= set(entries.values_list("status", flat=True))
    assert entries.filter(kind="deposit").exists() and entries.filter(amount__lt=0).exists()
    # a reversed payment is paid again after its reversal, never before it
    for reversal in entries.filter(reverses__isnull=False).select_related("reverses"):
        again = entries.get(voucher_no=f"{reversal.voucher_no}-R")
        assert again.paid_on >= reversal.paid_on and again.status == "approved"
    effective = list(
        Agreement.objects.filter(status="effective").select_related("scheme", "household")
    )
    dues = selectors.dues_by_household(effective, on=date(2026, 11, 20))
    for items in dues.values():
        assert all(item.paid <= item.due for item in items)
    # A reward by moving date: waiting for households not yet vacated; for the others, due
    # at the tier of the day they vacated and paid on that day.
    rewards = [item for items in dues.values() for item in items if item.moving_reward]
    assert any(item.waits_for_vacating for item in rewards)
    paid_rewards = entries.filter(item_code="on_time", status="approved")
    vacated_on = {item.vacated_on for item in rewards if item.paid}
    assert (
        paid_rewards.exists() and set(paid_rewards.values_list("paid_on", flat=True)) <= vacated_on
    )
    paid_off = Household.objects.exclude(fully_paid_on=None)
    assert paid_off.filter(stage="settled", agreement_mode="monetary").exists()
    assert not Household.objects.filter(
        stage="settled", agreement_mode="swap", unit_handed_over_on=None
    ).exists()
    assert PaymentRun.objects.filter(status="approved").count() == 1
    assert any(
        selectors.overdue_transition(project, on=date(2026, 11, 20))
        for project in Project.objects.all()
    )
    from compensation.lottery import draw_order, read_list
    from compensation.models import Lottery

    drawn = Lottery.objects.get(status="drawn")
    codes = [code for code, _name in read_list(bytes(drawn.list_content))]
    assert drawn.order == draw_order(codes, drawn.seed)
    assert Lottery.objects.filter(status="frozen").count() == 1
    from compensation.models import ResettlementUnit
    from projects.models import ResettlementBuilding

    assert ResettlementUnit.objects.count() == sum(
        ResettlementBuilding.objects.values_list("units", flat=True)
    )
    from compensation.models import Allocation, SelectionSession

    hall = SelectionSession.objects.get()
    assert hall.hall_events.filter(kind="absent").count() == 1
    assert Allocation.objects.filter(session=hall, unit__status="allocated").count() == 3
    from compensation.models import SettlementSheet

    assert ResettlementUnit.objects.filter(status="handed_over").exists()
    handed = Allocation.objects.filter(household__unit_handed_over_on__isnull=False)
    assert (
        handed.exists()
        and not handed.filter(
            Q(unit__building__handed_over_on__isnull=True)
            | Q(household__unit_handed_over_on__lt=F("unit__building__handed_over_on"))
        ).exists()
    )  # a unit is handed over after its building's delivery
    assert SettlementSheet.objects.count() == 1
    # Supervision notices: every status, numbered without gaps in sign-off order, overdue
    # ones escalated by the daily rule, a return, an extension granted and one refused.
    from supervision.choices import NoticeStatus
    from supervision.models import NoticeEscalation, NoticeExtension, SupervisionNotice

    notices = SupervisionNotice.objects.all()
    assert set(notices.values_list("status", flat=True)) == set(NoticeStatus.values)
    numbered = notices.exclude(status="draft").order_by("signed_off_at")
    assert list(numbered.values_list("serial", flat=True)) == list(range(1, numbered.count() + 1))
    printed = notices.exclude(status__in=["draft", "signed_off"])
    assert not printed.filter(document="").exists()
    for notice in printed:  # printed by a helper process: each record keeps its own print
        with notice.document.open("rb") as pdf:
            text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert notice.number in text.replace("\n", "")
    overdue = notices.overdue(date(2026, 11, 20))
    assert overdue.exists()
    assert {"reminder", "interview", "circular"} <= set(
        NoticeEscalation.objects.values_list("step", flat=True)
    )
    assert NoticeEscalation.objects.filter(held_on__isnull=False).exists()
    assert notices.filter(timeline__kind="returned", status="closed").exists()
    assert {"granted", "refused", "requested"} <= set(
        NoticeExtension.objects.values_list("status", flat=True)
    )
    # Grievances across the year (hotline ones on time and overdue, anonymous ones naming
    # nobody), inspections whose findings became notices, monthly meetings.
    from supervision.models import Grievance, Inspection, Meeting

    grievances = Grievance.objects.all()
    today = date(2026, 11, 20)
    assert grievances.overdue(today).filter(channel="hotline").exists()
    assert grievances.overdue(today).filter(status="registered").exists()
    assert grievances.filter(channel="hotline", status="closed").exists()
    anonymous = grievances.filter(anonymous=True)
    assert anonymous.exists() and not anonymous.exclude(name="", phone="").exists()
    assert {"closed", "not_accepted"} <= set(grievances.values_list("status", flat=True))
    assert Inspection.objects.filter(findings__notices__isnull=False).exists()
    assert notices.filter(decision__isnull=False).exists()
    assert notices.filter(grievance__isnull=False).exists()
    assert set(Meeting.objects.values_list("held_on__month", flat=True)) == set(range(1, 12))
    # A published circular for every finished week of the year (W01 to W46, which ended on
    # 15 November), the year's summary so far with the days until all resumed after the
    # Spring Festival, and one district behind the last milestone passed.
    from households.selectors import start_rates
    from reports.models import Report

    weekly = Report.objects.filter(kind="weekly_supervision", status="published")
    assert sorted(weekly.values_list("period", flat=True)) == [
        f"2026-W{n:02d}" for n in range(1, 47)
    ]
    summary = Report.objects.get(kind="annual_summary", period="2026")
    assert summary.data["resumption"]["days"] is not None
    rates = start_rates(plan=AnnualPlan.objects.get(year=2026), as_of=date(2026, 11, 20))
    assert all(d.started_households for d in rates.districts)
    assert [d.met_last_milestone for d in rates.districts].count(False) == 1
    # The command-centre screen on the demo city: every district on it, and no household's
    # name, code or phone, nor any project's code or name, in what it answers.
    from django.test import Client

    from reports import services as report_services
    from reports.models import DisplayLink

    token = report_services.display_link_create(DisplayLink(name="大屏"), user=None)
    with time_machine.travel("2026-11-20 12:00 +0800", tick=False):
        screen = Client().get(f"/screen/{token}/data/")
    assert len(screen.json()["districts"]) == 6 and screen.json()["city"]["start_rate"]
    text = json.dumps(screen.json(), ensure_ascii=False)  # as written, not \u-escaped
    words = set(re.findall(r'"([^"]*)"', text))  # every key and text the screen answers
    names = set(Household.objects.values_list("party_name", flat=True))
    names |= set(Project.objects.values_list("name", flat=True))
    assert not words & names  # (a name may be part of a district's: 江东 of 江东区)
    numbers = Household.objects.values_list("code", "phone").union(
        Project.objects.values_list("code", "code")
    )
    assert not [row for row in numbers if any(value and value in text for value in row)]
    # The page benchmark's cases on the demo city: each path answers its user, and each of
    # its floors' statements runs (a renamed column breaks them here, not in a later bench).
    from django.db import connection

    from benchmarks.floors import cases

    with time_machine.travel("2026-11-20 12:00 +0800", tick=False):
        for case in cases():
            reader = Client()
            reader.force_login(User.objects.get(username=case.user))
            assert reader.get(case.path).status_code == 200, case.label
            with connection.cursor() as cursor:
                for sql, params in case.floor:
                    cursor.execute(sql, params)
                    cursor.fetchall()
