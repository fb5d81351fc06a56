"""schemathesis against the API's own OpenAPI schema, over a real server: every operation is
called with generated input (a bounded number of times), also on records that exist, and no
answer may be a server error or break the schema it is documented with."""

from datetime import date

import pytest
import schemathesis
import time_machine
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.households.conftest import ID_A

# The auth endpoints end or make tokens: fuzzing them would log the fuzzer out.
SKIPPED = ("/api/v1/auth/",)
EXAMPLES = 8


@pytest.fixture
def api(live_server, city, district_1, project_1, project_2, official_1, city_staff):
    """A city with records of every kind the API serves, and a city-staff token."""

    from compensation.models import Allocation, ResettlementUnit
    from households.services import household_create
    from projects.models import AnnualPlan, ResettlementBuilding, ResettlementSite
    from projects.services import daily_status_submit
    from reports import services as reports

    household = household_create(project=project_1, code="001", party_name="张三", id_number=ID_A)
    plan = AnnualPlan.objects.create(
        year=2026,
        target_households=10,
        target_households_in_kind=4,
        target_households_monetary=6,
        target_units=4,
        target_projects=1,
        target_investment=100,
    )
    project_2.construction_status = "under_construction"
    project_2.save()
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        [status] = daily_status_submit(
            day=date(2026, 11, 20),
            reporter=city_staff,
            rows=[
                {
                    "project": project_2,
                    "status": "working",
                    "workers_on_site": 3,
                    "machinery_on_site": 0,
                }
            ],
        )
    with time_machine.travel("2026-11-20 18:00 +0800", tick=False):
        report = reports.report_generate(kind="daily_resumption", period="2026-11-20")
    appraisal, agreement, entry, lottery = _agreement(household, official_1, city_staff)
    site = ResettlementSite.objects.create(name="江东锦苑", district=district_1)
    unit = ResettlementUnit.objects.create(
        building=ResettlementBuilding.objects.create(site=site, name="1号楼", units=1),
        unit_no="101",
        floor=1,
        area=90,
        layout="两室一厅",
    )
    allocation = Allocation.objects.create(household=household, unit=unit, allocated_by=city_staff)
    existing = {
        "units": unit.pk,
        "allocations": allocation.pk,
        "agreements": agreement.pk,
        "lotteries": lottery.pk,
        "payments": entry.pk,
        "appraisals": appraisal.pk,
        "households": household.pk,
        "plans": plan.pk,
        "projects": project_2.pk,
        "regions": district_1.pk,
        "daily-statuses": status.pk,
        "reports": report.pk,
        "notices": _notice(district_1, city_staff).pk,
        "grievances": _grievance(project_1, city_staff).pk,
        **_records(project_1, city_staff),
    }
    _instance, token = AuthToken.objects.create(user=city_staff)
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/?format=json", headers=headers
    )
    return schema, live_server.url, headers, existing


def _notice(district, city_staff):
    """A draft supervision notice (city staff may edit it, issue or close nothing yet), with
    a step of the system's own in its timeline (no author: an automatic reminder's)."""
    from datetime import timedelta

    from django.utils import timezone

    from supervision import services
    from supervision.models import NoticeEvent

    notice = services.notice_draft(
        user=city_staff,
        district=district,
        subject="签约滞后",
        problem="签约率低。",
        requirement="书面反馈。",
        deadline=timezone.localdate() + timedelta(days=30),
        level="general",
    )
    NoticeEvent.objects.create(notice=notice, kind="reminder", by=None, text="自动催办。")
    return notice


def _grievance(project, city_staff):
    """An anonymous grievance: it names nobody (its name and phone are null)."""
    from supervision.grievances import grievance_register

    return grievance_register(
        user=city_staff,
        project=project,
        channel="visit",
        category="payment",
        content="补偿款未到账。",
        anonymous=True,
    )


def _records(project, city_staff):
    """An inspection of the project and a dispatch meeting."""
    from supervision import inspections

    visit = inspections.inspection_record(
        user=city_staff, inspected_on=date(2026, 11, 18), inspectors="督导组", projects=[project]
    )
    meeting = inspections.meeting_record(
        user=city_staff, held_on=date(2026, 11, 10), host="副市长", subject="调度会"
    )
    return {"inspections": visit.pk, "meetings": meeting.pk}


def _agreement(household, official, city_staff):
    """An appraisal, an agreement in effect under an approved scheme, a payment entered and a
    frozen selection order."""
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
    # In effect (written directly: signing prints a PDF), with one payment entered.
    Agreement.objects.filter(pk=agreement.pk).update(
        status="effective", number=1, signed_on=date(2026, 11, 20), effective_on=date(2026, 11, 20)
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
    return appraisal, agreement, entry, lottery


def _check(case, base_url, headers):
    response = case.call(base_url=base_url, headers=headers)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


def fuzz(operation, base_url, headers, existing, failures, called):
    label = f"{operation.method.upper()} {operation.path}"
    resource = operation.path.split("/")[3]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        called.append(label)
        _check(case, base_url, headers)
        if "id" in (case.path_parameters or {}):  # and once more on a record that exists
            case.path_parameters["id"] = existing[resource]
            _check(case, base_url, headers)

    try:
        call()
    except Exception as exc:  # schemathesis reports what it found as an exception group
        failures.append(f"{label}: {exc}"[:1500])


@pytest.mark.django_db(transaction=True)
def test_no_operation_answers_a_server_error_or_breaks_its_schema(api):
    schema, base_url, headers, existing = api
    failures, called = [], []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    fuzzed = [o for o in operations if not o.path.startswith(SKIPPED)]
    for operation in fuzzed:
        fuzz(operation, base_url, headers, existing, failures, called)
    assert failures == []
    assert len(set(called)) == len(fuzzed)
