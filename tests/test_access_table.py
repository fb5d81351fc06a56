"""Who reaches what, through every page and API route: role × own or another district's record.

A district official never sees or changes another district's data (DESIGN.md §7): such a
record answers 404, never 403 that would confirm it exists. The city-wide aggregate reports
are the one deliberate exception. The guard test fails when a route has no row here, so a
new page cannot slip in unexamined.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from compensation.models import Allocation, ResettlementUnit, SelectionSession
from core.scoping import scope_key, scope_of
from core.services import notify
from households.choices import ExportStatus
from households.models import IdRevealLog, RosterExport
from households.services import household_create, member_add
from projects.models import (
    BuildingEvidence,
    Campaign,
    DailyStatus,
    Project,
    ResettlementBuilding,
    ResettlementSite,
)
from projects.services import daily_status_submit
from reports import services as report_services
from reports.models import DisplayLink
from tests.factories import ProjectFactory, RegionFactory, UserFactory
from tests.households.conftest import ID_A, ID_B, ID_C

ROLES = ["anonymous", "official", "city_staff", "bureau_leader", "leader", "admin"]
OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", 403, 404


@dataclass
class Row:
    """One route: how to call it, and what each role gets (`other`: another district's record)."""

    name: str
    method: str = "get"
    target: str | None = None  # which record: "project", "household", "site", … (own and other)
    allowed: tuple = tuple(ROLES[1:])  # roles that may use it; the rest get 403
    args: dict = field(default_factory=dict)  # URL kwargs beyond the record
    data: dict = field(default_factory=dict)
    city_wide: bool = False  # the same for every district (plans, reports): no "other" case
    api: bool = False
    everyone: str | None = None  # the one answer every role gets, where that is the rule
    mine: bool = False  # the record is the official's own (a notification): nobody else's


EVERY_ROLE = tuple(ROLES[1:])
KEEPERS = ("official", "city_staff")  # who keep rosters and projects
CITY = ("city_staff",)
LEADERS = ("bureau_leader",)  # sign off notices, decide on extensions
DISTRICT = ("official",)  # answer notices

TABLE = [
    Row("home"),
    Row("dashboard"),
    Row("dashboard_district", target="district"),
    # The command-centre screen opens by its display link's token alone: anyone holding it.
    Row("screen", target="display_link", city_wide=True, allowed=tuple(ROLES)),
    Row("screen_data", target="display_link", city_wide=True, allowed=tuple(ROLES)),
    Row("core:inbox"),
    Row("core:notification_open", target="notification", mine=True),
    Row("core:notifications_read_all", method="post"),
    Row("login", allowed=tuple(ROLES)),
    Row("logout", method="post", everyone=LOGIN),  # always ends on the log-in page
    Row("password_change"),
    Row("campaigns:list"),
    Row("campaigns:create", allowed=CITY),
    Row("campaigns:update", target="campaign", city_wide=True, allowed=CITY),
    Row("projects:list"),
    Row("projects:create", allowed=KEEPERS),
    Row("projects:detail", target="project"),
    Row("projects:update", target="project", allowed=KEEPERS),
    Row(
        "projects:change_status",
        method="post",
        target="project",
        allowed=KEEPERS,
        args={"track": "construction"},
    ),
    Row("projects:funding", target="project", allowed=KEEPERS),
    Row("projects:record_investment", method="post", target="project", allowed=KEEPERS),
    Row("projects:plan_list"),
    Row("projects:plan_create", allowed=CITY),
    Row("projects:plan_update", target="plan", city_wide=True, allowed=CITY),
    Row("projects:plan_targets", target="plan", city_wide=True),
    Row("projects:site_list"),
    Row("projects:site_create", allowed=KEEPERS),
    Row("projects:site_detail", target="site"),
    Row("projects:building_create", method="post", target="site", allowed=KEEPERS),
    Row("projects:building_milestone", method="post", target="building", allowed=KEEPERS),
    Row("projects:evidence_download", target="evidence"),
    Row("projects:daily_file", allowed=KEEPERS),
    Row("projects:daily_overview"),
    Row("projects:daily_remind", method="post", allowed=CITY, data={"date": "no-date"}),
    Row("projects:daily_statuses", target="project"),
    Row("supervision:board"),
    Row("supervision:todo"),
    Row("supervision:create", allowed=CITY),
    Row("supervision:notice", target="notice"),
    Row("supervision:update", target="notice", allowed=CITY),
    Row("supervision:sign_off", method="post", target="notice", allowed=LEADERS),
    Row("supervision:issue", method="post", target="notice", allowed=CITY),
    Row("supervision:acknowledge", method="post", target="notice", allowed=DISTRICT),
    Row("supervision:respond", method="post", target="notice", allowed=DISTRICT),
    Row("supervision:extension_request", method="post", target="notice", allowed=DISTRICT),
    Row("supervision:extension_decide", method="post", target="notice", allowed=LEADERS),
    Row("supervision:close", method="post", target="notice", allowed=CITY),
    Row("supervision:return", method="post", target="notice", allowed=CITY),
    Row("supervision:interview", method="post", target="notice", allowed=CITY),
    Row("supervision:print", target="notice"),
    Row("supervision:evidence", target="notice_evidence"),
    Row("supervision:evidence_thumbnail", target="notice_evidence"),
    Row("supervision:inspections"),
    Row("supervision:inspection", target="inspection"),
    Row("supervision:finding_photo", target="finding"),
    Row("supervision:finding_thumbnail", target="finding"),
    Row("supervision:meetings"),
    Row("supervision:meeting", target="meeting", city_wide=True),
    Row("supervision:liaison"),
    Row("supervision:grievances"),
    Row("supervision:grievance_create", allowed=KEEPERS),
    Row("supervision:grievance", target="grievance"),
    *[
        Row(f"supervision:grievance_{step}", method="post", target="grievance", allowed=KEEPERS)
        for step in ("accept", "decline", "investigate", "extend", "resolve", "close")
    ],
    Row("reports:list"),
    Row(
        "reports:request",
        method="post",
        allowed=CITY,
        data={"kind": "daily_resumption", "period": "no-date"},
    ),
    Row("reports:detail", target="report", city_wide=True),
    Row("reports:file", target="report", city_wide=True),
    Row("reports:publish", method="post", target="report", city_wide=True, allowed=CITY),
    Row(
        "reports:city_records",
        target="report",
        city_wide=True,
        args={"figure": "under_construction"},
    ),
    Row(
        "reports:records",
        target="report",
        city_wide=True,
        args={"district_code": "990103", "figure": "under_construction"},
    ),
    Row(
        "reports:daily_records",
        city_wide=True,
        args={"day": "2026-11-20", "figure": "under_construction"},
    ),
    # A dashboard figure's projects, the district's by ?district=code.
    Row("reports:behind_deadline_records", target="district", args={"year": 2026}),
    Row("households:list"),
    Row("households:project_progress", target="project"),
    Row("households:create", allowed=KEEPERS),
    Row(
        "households:batch_progress",
        method="post",
        target="household_ids",
        allowed=KEEPERS,
        data={"stage": "surveyed", "date": "2026-11-20"},
    ),
    Row("households:export_full_ids", allowed=KEEPERS),
    Row("households:import", allowed=KEEPERS),
    # A roster export is its requester's alone, whatever else they may read.
    Row("households:export", target="roster_export", mine=True),
    Row("households:export_file", target="roster_export", mine=True),
    Row("households:import_template"),
    Row("households:id_search", allowed=KEEPERS),
    Row("households:reveal_log", allowed=CITY),
    Row("households:duplicates"),
    Row("households:detail", target="household"),
    Row("households:update", target="household", allowed=KEEPERS),
    Row("households:progress", method="post", target="household", allowed=KEEPERS),
    Row("households:member_add", method="post", target="household", allowed=KEEPERS),
    Row(
        "households:reveal",
        method="post",
        target="household",
        allowed=KEEPERS,
        data={"reason": "核对"},
    ),
    Row("compensation:project", target="project"),
    Row("compensation:scheme_new", method="post", target="project", allowed=KEEPERS),
    Row("compensation:campaign", target="project"),
    Row("compensation:team_add", method="post", target="project", allowed=KEEPERS),
    Row("compensation:assign", method="post", target="project", allowed=KEEPERS),
    Row("compensation:district_campaign", target="district"),
    Row("compensation:scheme", target="scheme"),
    Row("compensation:scheme_item_new", target="scheme", allowed=KEEPERS),
    Row("compensation:scheme_item", target="scheme_item", allowed=KEEPERS),
    Row("compensation:scheme_item_delete", method="post", target="scheme_item", allowed=KEEPERS),
    Row("compensation:scheme_approve", method="post", target="scheme", allowed=CITY),
    Row("compensation:household", target="household"),
    Row("compensation:appraisal_add", method="post", target="household", allowed=KEEPERS),
    Row("compensation:agreement_add", method="post", target="household", allowed=KEEPERS),
    Row("compensation:agreement_list"),
    Row("compensation:agreement", target="agreement"),
    Row("compensation:agreement_review", method="post", target="agreement", allowed=KEEPERS),
    Row("compensation:agreement_sign", method="post", target="agreement", allowed=KEEPERS),
    Row("compensation:agreement_void", method="post", target="agreement", allowed=KEEPERS),
    Row("compensation:agreement_print", target="agreement"),
    Row("compensation:appraisal_import", allowed=KEEPERS),
    Row("compensation:statement", target="household"),
    Row("compensation:entry_add", method="post", target="household", allowed=KEEPERS),
    Row("compensation:entry_approve", method="post", target="entry", allowed=KEEPERS),
    Row("compensation:entry_reverse", method="post", target="entry", allowed=KEEPERS),
    Row("compensation:entry_discard", method="post", target="entry", allowed=KEEPERS),
    Row("compensation:payee_save", method="post", target="household", allowed=KEEPERS),
    Row("compensation:hand_over", method="post", target="household", allowed=KEEPERS),
    Row("compensation:settlement_issue", method="post", target="household", allowed=KEEPERS),
    Row("compensation:settlement_correct", method="post", target="household", allowed=KEEPERS),
    Row("compensation:settlement_print", target="household"),
    Row("compensation:ledger", target="project"),
    Row("compensation:run_add", method="post", target="project", allowed=KEEPERS),
    Row("compensation:run", target="run"),
    Row("compensation:run_sheet", target="run"),
    Row("compensation:run_approve", method="post", target="run", allowed=KEEPERS),
    Row("compensation:run_cancel", method="post", target="run", allowed=KEEPERS),
    Row("compensation:run_results", method="post", target="run", allowed=KEEPERS),
    Row("compensation:lotteries", target="project"),
    Row("compensation:lottery_freeze", method="post", target="project", allowed=KEEPERS),
    Row("compensation:lottery", target="lottery"),
    Row("compensation:lottery_draw", method="post", target="lottery", allowed=KEEPERS),
    Row("compensation:lottery_list", target="lottery"),
    Row("compensation:lottery_print", target="lottery"),
    Row("compensation:selection", target="lottery"),
    Row("compensation:selection_open", method="post", target="lottery", allowed=KEEPERS),
    Row("compensation:unit_choose", method="post", target="session", allowed=KEEPERS),
    Row("compensation:selection_absent", method="post", target="session", allowed=KEEPERS),
    Row("compensation:units", target="site"),
    Row("compensation:unit_add", method="post", target="site", allowed=KEEPERS),
    Row("compensation:units_import", method="post", target="site", allowed=KEEPERS),
    # The API (session authentication here; tokens are tested in tests/accounts).
    Row("api-token", method="post", allowed=tuple(ROLES), api=True),
    Row("api-logout", method="post", api=True, everyone=LOGIN),  # ends a token; a session has none
    Row("api-root", api=True),
    Row("region-list", api=True),
    Row("region-detail", target="district", api=True),
    Row("plan-list", api=True),
    Row("plan-detail", target="plan", city_wide=True, api=True),
    Row("project-list", api=True),
    Row("project-detail", target="project", api=True),
    Row("project-construction-status", method="post", target="project", allowed=KEEPERS, api=True),
    Row("project-expropriation-status", method="post", target="project", allowed=KEEPERS, api=True),
    Row("daily-status-list", api=True),
    Row("daily-status-detail", target="daily_status", api=True),
    Row("report-list", api=True),
    Row("report-detail", target="report", city_wide=True, api=True),
    Row("report-file", target="report", city_wide=True, api=True),
    # The start rate is a city-wide figure: the same for every role.
    Row("dashboard-start-rate", city_wide=True, api=True, data={"year": 2026}),
    Row("household-list", api=True),
    Row("household-roster-import", method="post", allowed=KEEPERS, api=True),
    Row("household-detail", target="household", api=True),
    Row("household-progress", method="post", target="household", allowed=KEEPERS, api=True),
    Row("agreement-list", api=True),
    Row("agreement-detail", target="agreement", api=True),
    Row("agreement-review", method="post", target="agreement", allowed=KEEPERS, api=True),
    Row("agreement-sign", method="post", target="agreement", allowed=KEEPERS, api=True),
    Row("agreement-void", method="post", target="agreement", allowed=KEEPERS, api=True),
    Row("appraisal-list", api=True),
    Row("appraisal-detail", target="appraisal", api=True),
    Row("payment-list", api=True),
    Row("payment-detail", target="entry", api=True),
    Row("payment-approve", method="post", target="entry", allowed=KEEPERS, api=True),
    Row("payment-reverse", method="post", target="entry", allowed=KEEPERS, api=True),
    Row("lottery-list", api=True),
    Row("lottery-detail", target="lottery", api=True),
    Row("lottery-freeze", method="post", allowed=KEEPERS, api=True),
    Row("lottery-draw", method="post", target="lottery", allowed=KEEPERS, api=True),
    Row("lottery-published-list", target="lottery", api=True),
    Row("unit-list", api=True),
    Row("unit-detail", target="unit", api=True),
    Row("allocation-list", api=True),
    Row("allocation-detail", target="allocation", api=True),
    Row("household-statement", target="household", api=True),
    Row("notice-list", api=True),
    Row("notice-detail", target="notice", api=True),
    Row("notice-sign-off", method="post", target="notice", allowed=LEADERS, api=True),
    Row("notice-issue", method="post", target="notice", allowed=CITY, api=True),
    Row("notice-acknowledge", method="post", target="notice", allowed=DISTRICT, api=True),
    Row("notice-respond", method="post", target="notice", allowed=DISTRICT, api=True),
    Row("notice-extend", method="post", target="notice", allowed=DISTRICT, api=True),
    Row("notice-decide-extension", method="post", target="notice", allowed=LEADERS, api=True),
    Row("notice-close", method="post", target="notice", allowed=CITY, api=True),
    Row("notice-return", method="post", target="notice", allowed=CITY, api=True),
    Row("notice-interview", method="post", target="notice", allowed=CITY, api=True),
    Row("notice-evidence", target="notice_evidence", api=True),
    Row("inspection-list", api=True),
    Row("inspection-detail", target="inspection", api=True),
    Row("meeting-list", api=True),
    Row("meeting-detail", target="meeting", city_wide=True, api=True),
    Row("grievance-list", api=True),
    Row("grievance-detail", target="grievance", api=True),
    *[
        Row(f"grievance-{step}", method="post", target="grievance", allowed=KEEPERS, api=True)
        for step in ("accept", "decline", "investigate", "extend", "resolve", "close")
    ],
    Row("api-schema", allowed=("city_staff", "admin"), api=True),
    Row("api-docs", allowed=("city_staff", "admin"), api=True),
    Row("healthz", allowed=tuple(ROLES)),
]


def route_names():
    """Every named route of the site but the Django admin (which has its own permission checks)."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, inner or None)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_route_has_a_row():
    assert route_names() - {row.name for row in TABLE} == set()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module's ~200 routes, inside a transaction that each test's own
    is nested in and rolls back to (as Django's TestCase.setUpTestData), rolled back at the
    end of the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _world():
    """The same records in two districts: official_1's own (district_1) and another's."""
    city = RegionFactory(level="city", code="990100", name="江州市", parent=None)
    district_1 = RegionFactory(level="district", code="990102", name="江东区", parent=city)
    district_2 = RegionFactory(level="district", code="990103", name="江西区", parent=city)
    RegionFactory(level="street", code="990102001", name="解放路街道", parent=district_1)
    users = {
        "official": UserFactory(
            username="district_1", role="district_official", scope_region=district_1
        ),
        "other_official": UserFactory(
            username="district_2", role="district_official", scope_region=district_2
        ),
        "city_staff": UserFactory(username="city_staff", role="city_staff", scope_region=city),
        "bureau_leader": UserFactory(
            username="bureau_leader", role="bureau_leader", scope_region=city
        ),
        "leader": UserFactory(username="city_leader", role="leader", scope_region=city),
        "admin": UserFactory(username="sysadmin", role="admin", scope_region=city, is_staff=True),
    }
    records = {"plan": None}
    for side, district, official, number in [
        ("own", district_1, users["official"], ID_A),
        ("other", district_2, users["other_official"], ID_B),
    ]:
        project = ProjectFactory(district=district, construction_status="under_construction")
        household = household_create(
            project=project, code=f"{side}-1", party_name="张三", id_number=number
        )
        if side == "own":
            member_add(household=household, name="李四", relation="配偶", id_number=ID_C)
        site = ResettlementSite.objects.create(name=f"{side}安居苑", district=district)
        site.projects.set([project])
        building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=96)
        unit = ResettlementUnit.objects.create(
            building=building, unit_no="101", floor=1, area=90, layout="两室一厅"
        )
        evidence = BuildingEvidence(
            building=building,
            milestone="foundation_started",
            original_name="证.pdf",
            uploaded_by=official,
        )
        evidence.file.save("p.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
            [status] = daily_status_submit(
                day=date(2026, 11, 20),
                reporter=official,
                rows=[
                    {
                        "project": project,
                        "status": "working",
                        "workers_on_site": 5,
                        "machinery_on_site": 1,
                    }
                ],
            )
        scheme, appraisal, agreement, entry, run, lottery = _compensation(
            household, official, users["city_staff"]
        )
        records[side] = {
            "scheme": scheme,
            "scheme_item": scheme.items.get(),
            "appraisal": appraisal,
            "agreement": agreement,
            "entry": entry,
            "run": run,
            "lottery": lottery,
            "unit": unit,
            "allocation": Allocation.objects.create(
                household=household, unit=unit, allocated_by=official
            ),
            "session": SelectionSession.objects.create(
                lottery=lottery, queue=[household.pk], opened_by=official
            ),
            "notification": notify(recipients=[official], text="催报", link="/")[0],
            "roster_export": _roster_export(official),
            "project": project,
            "household": household,
            "site": site,
            "building": building,
            "evidence": evidence,
            "daily_status": status,
            "district": district,
            "household_ids": household,
            **_notice(district, official, users["city_staff"], users["bureau_leader"]),
        }
    from projects.models import AnnualPlan

    plan = AnnualPlan.objects.create(
        year=2026,
        target_households=10,
        target_households_in_kind=4,
        target_households_monetary=6,
        target_units=4,
        target_projects=1,
        target_investment=100,
    )
    campaign = Campaign.objects.create(
        name="冬季攻势", starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31)
    )
    with time_machine.travel("2026-11-20 18:00 +0800", tick=False):
        report = report_services.report_generate(kind="daily_resumption", period="2026-11-20")
    from supervision.models import Meeting

    meeting = Meeting.objects.create(
        held_on=date(2026, 11, 10), host="副市长", subject="调度会", created_by=users["city_staff"]
    )
    display_token = report_services.display_link_create(
        DisplayLink(name="指挥中心"), user=users["admin"]
    )
    city_wide = {
        "plan": plan,
        "campaign": campaign,
        "report": report,
        "meeting": meeting,
        "display_link": display_token,
    }
    return users, records, city_wide


def _compensation(household, official, city_staff):
    """An approved scheme of the household's project, its appraisal, an agreement and a
    payment entered against it."""
    from decimal import Decimal

    from compensation import services
    from compensation.lottery import ALGORITHM, list_file, list_hash
    from compensation.models import Agreement, Lottery, SchemeItem

    scheme = services.scheme_new_version(project=household.project, user=official)
    services.scheme_item_save(
        scheme=scheme,
        item=SchemeItem(code="house", name="房屋价值", kind="area", use_appraisal=True),
    )
    services.scheme_approve(scheme=scheme, user=city_staff)
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        appraisal = services.appraisal_record(
            household=household,
            firm="评估所",
            report_no="R-1",
            appraised_on=date(2026, 11, 1),
            value=Decimal("500000"),
            unit_price=Decimal("6000"),
            user=official,
        )
        household.refresh_from_db()
        agreement = services.agreement_draft(household=household, mode="monetary", user=official)
        # In effect (written directly: signing prints a PDF per test), with one payment entered.
        Agreement.objects.filter(pk=agreement.pk).update(
            status="effective",
            number=1,
            signed_on=date(2026, 11, 20),
            effective_on=date(2026, 11, 20),
        )
        agreement.lines.update(amount=Decimal("500000"))  # the household has no area on file
        entry = services.entry_enter(
            household=household,
            item_code="house",
            amount=Decimal("1000"),
            paid_on=date(2026, 11, 20),
            voucher_no="PZ-1",
            funding_source="special_bond",
            user=official,
        )
        services.payee_account_save(
            household=household,
            name="户主",
            bank="江州银行",
            account="62220000111122223333",
            user=official,
        )
        run, _skipped = services.payment_run_draft(
            project=household.project,
            paid_on=date(2026, 11, 20),
            purpose="征收补偿款",
            funding_source="special_bond",
            user=official,
        )
        # A frozen selection order (written directly: the household signed monetary).
        content = list_file([(household.code, household.party_name)])
        lottery = Lottery.objects.create(
            project=household.project,
            number=1,
            method="lottery",
            status="frozen",
            list_content=content,
            list_hash=list_hash(content),
            households=1,
            algorithm=ALGORITHM,
            frozen_by=official,
        )
    return scheme, appraisal, agreement, entry, run, lottery


def _notice(district, official, city_staff, bureau_leader):
    """A notice issued to the district and answered with a photo (written directly: issuing
    prints a PDF per test)."""
    from supervision.models import NoticeEvent, NoticeEvidence, SupervisionNotice

    notice = SupervisionNotice.objects.create(
        district=district,
        subject="签约滞后",
        problem="签约率低。",
        requirement="反馈措施。",
        deadline=date(2026, 12, 31),
        status="responded",
        year=2026,
        serial=district.pk,
        created_by=city_staff,
        signed_off_by=bureau_leader,
        issued_on=date(2026, 11, 20),
    )
    event = NoticeEvent.objects.create(notice=notice, kind="responded", by=official, text="已整改")
    evidence = NoticeEvidence(
        notice=notice,
        event=event,
        original_name="照片.png",
        content_type="image/png",
        size=8,
        uploaded_by=official,
    )
    evidence.file.save("e.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    evidence.thumbnail.save("e-thumb.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    evidence.save()
    from supervision.models import Grievance

    grievance = Grievance.objects.create(
        district=district,
        project=Project.objects.filter(district=district).first(),
        channel="visit",
        category="payment",
        content="补偿款未到账",
        registered_on=date(2026, 11, 20),
        accept_by=date(2026, 12, 5),
        name="王五",
        created_by=official,
    )
    from supervision.models import Finding, Inspection

    inspection = Inspection.objects.create(
        inspected_on=date(2026, 11, 18), inspectors="督导组", created_by=city_staff
    )
    inspection.projects.set([grievance.project])
    finding = Finding(inspection=inspection, project=grievance.project, text="扬尘")
    finding.photo.save("f.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    finding.thumbnail.save("f-thumb.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    finding.save()
    return {
        "notice": notice,
        "notice_evidence": evidence,
        "grievance": grievance,
        "inspection": inspection,
        "finding": finding,
    }


def _roster_export(official):
    export = RosterExport(
        requested_by=official,
        status=ExportStatus.DONE,
        rows=1,
        scope_key=scope_key(scope_of(official)),
    )
    export.file.save("roster.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return export


# URL keyword of the record, where it is not `pk`.
RECORD_KWARG = {
    "compensation:project": "project_pk",
    "compensation:scheme_new": "project_pk",
    "compensation:campaign": "project_pk",
    "compensation:team_add": "project_pk",
    "compensation:assign": "project_pk",
    "compensation:district_campaign": "district_pk",
    "compensation:household": "household_pk",
    "compensation:statement": "household_pk",
    "compensation:entry_add": "household_pk",
    "compensation:payee_save": "household_pk",
    "compensation:hand_over": "household_pk",
    "compensation:settlement_issue": "household_pk",
    "compensation:settlement_correct": "household_pk",
    "compensation:settlement_print": "household_pk",
    "compensation:ledger": "project_pk",
    "compensation:run_add": "project_pk",
    "compensation:lotteries": "project_pk",
    "compensation:lottery_freeze": "project_pk",
    "compensation:selection": "lottery_pk",
    "compensation:selection_open": "lottery_pk",
    "compensation:units": "site_pk",
    "compensation:unit_add": "site_pk",
    "compensation:units_import": "site_pk",
    "compensation:appraisal_add": "household_pk",
    "compensation:agreement_add": "household_pk",
    "households:project_progress": "project_pk",
}


def url_of(row, record):
    kwargs = dict(row.args)
    if row.target == "building":
        kwargs.update(site_pk=record.site_id, pk=record.pk)
    elif row.target == "notice_evidence":  # the notice's, and one of its files
        kwargs.update(pk=record.notice_id, evidence_pk=record.pk)
    elif row.target == "evidence":
        kwargs.update(site_pk=record.building.site_id, pk=record.pk)
    elif row.target == "site" and row.name == "projects:building_create":
        kwargs.update(site_pk=record.pk)
    elif row.name == "dashboard_district":
        kwargs["code"] = record.code
    elif row.name == "reports:behind_deadline_records":
        return f"{reverse(row.name, kwargs=kwargs)}?district={record.code}"
    elif row.target == "display_link":
        kwargs["token"] = record
    elif row.name in RECORD_KWARG:
        kwargs[RECORD_KWARG[row.name]] = record.pk
    elif row.target == "scheme_item":
        kwargs.update(pk=record.scheme_id, item_pk=record.pk)
    elif row.target and row.target != "household_ids":
        kwargs["pk"] = record.pk
    return reverse(row.name, kwargs=kwargs)


def outcome(response, api):
    if response.status_code in (401, 403) and api:
        return LOGIN if response.status_code == 401 else FORBIDDEN
    if response.status_code == 302 and response.url.startswith("/login/"):
        return LOGIN
    if response.status_code in (403, 404):
        return response.status_code
    assert response.status_code < 500 or response.status_code == 503, (
        response.status_code
    )  # 503: /healthz
    return OK


def expected(row, role, side):
    if row.everyone:
        return row.everyone
    if role == "anonymous":
        return OK if role in row.allowed else LOGIN
    if role not in row.allowed:
        return FORBIDDEN
    if row.mine:
        return OK if side == "own" and role == "official" else NOT_FOUND
    if side == "other" and role == "official":
        return NOT_FOUND
    return OK


@pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])
def test_each_role_reaches_exactly_what_it_may(db, client, world, row):
    users, records, city_wide = world
    sides = ["city"] if row.city_wide or row.target is None else ["own", "other"]
    seen = {}
    for side in sides:
        record = city_wide.get(row.target) if side == "city" else records[side].get(row.target)
        url = url_of(row, record)
        data = dict(row.data)
        if row.target == "household_ids":
            data["households"] = [record.pk]
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(users[role])
            call = getattr(client, row.method)
            response = (
                call(url, data, content_type="application/json")
                if row.api and row.method == "post"
                else call(url, data)
            )
            seen[(role, side)] = outcome(response, row.api)
    wanted = {(role, side): expected(row, role, side) for role in ROLES for side in sides}
    assert seen == wanted
    assert not IdRevealLog.objects.filter(
        household=records["other"]["household"], user=users["official"]
    ).exists()
    assert DailyStatus.objects.get(pk=records["other"]["daily_status"].pk).workers_on_site == 5
