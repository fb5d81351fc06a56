"""Two forms opened on one record and saved one after the other: the second is refused, on
every edit page and in the API, instead of silently dropping the first (DESIGN.md §7)."""

import pytest

from households.services import household_create
from projects.models import AnnualPlan, Campaign, Project, ProjectFunding
from tests.factories import RegionFactory, UserFactory, project_form_data

STALE = "您打开此记录后已有他人保存了修改"


def test_the_second_of_two_project_edits_is_refused_and_keeps_what_was_typed(
    client, official_1, project_1, district_1
):
    client.force_login(official_1)
    opened = project_1.version
    first = project_form_data(
        district_1, code=project_1.code, name="甲改名", street=project_1.street_id, version=opened
    )
    second = project_form_data(
        district_1, code=project_1.code, name="乙改名", street=project_1.street_id, version=opened
    )
    assert client.post(f"/projects/{project_1.pk}/edit/", first).status_code == 302
    refused = client.post(f"/projects/{project_1.pk}/edit/", second)
    assert (
        refused.status_code == 200
        and STALE in refused.content.decode()
        and "乙改名" in refused.content.decode()
    )
    assert Project.objects.get(pk=project_1.pk).name == "甲改名"


def test_funding_saved_on_a_stale_page_is_refused(client, official_1, project_1):
    client.force_login(official_1)
    data = {"form-TOTAL_FORMS": "7", "form-INITIAL_FORMS": "7", "version": project_1.version}
    sources = [
        "central",
        "provincial",
        "special_bond",
        "policy_loan",
        "social_capital",
        "land_revenue",
        "self_raised",
    ]
    for index, source in enumerate(sources):
        data.update(
            {
                f"form-{index}-source": source,
                f"form-{index}-planned": "100",
                f"form-{index}-received": "10",
            }
        )
    assert client.post(f"/projects/{project_1.pk}/funding/", data).status_code == 302
    data["form-0-received"] = "20"
    refused = client.post(f"/projects/{project_1.pk}/funding/", data, follow=True)
    assert STALE in refused.content.decode()
    assert ProjectFunding.objects.get(project=project_1, source="central").received == 10


def test_plan_and_campaign_edits_carry_their_version(client, city_staff, plan):
    client.force_login(city_staff)
    form = {
        "year": 2026,
        "target_households": 1000,  # the 2026 plan of tests/conftest.py, as it stands
        "target_households_in_kind": 400,
        "target_households_monetary": 600,
        "target_units": 400,
        "target_projects": 10,
        "target_investment": "50000",
        "start_rule": "effective_paid",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "version": 1,
    }
    assert (
        client.post(
            f"/projects/plans/{plan.pk}/edit/", {**form, "document_number": "一"}
        ).status_code
        == 302
    )
    refused = client.post(f"/projects/plans/{plan.pk}/edit/", {**form, "document_number": "二"})
    assert STALE in refused.content.decode()
    assert AnnualPlan.objects.get().document_number == "一"
    campaign = Campaign.objects.create(
        name="冬季攻势", starts_on="2026-11-01", ends_on="2026-12-31"
    )
    data = {
        "name": "冬季攻势",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "scope": "both",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
        "version": campaign.version,
    }
    assert (
        client.post(
            f"/projects/campaigns/{campaign.pk}/edit/", {**data, "description": "甲"}
        ).status_code
        == 302
    )
    assert (
        STALE
        in client.post(
            f"/projects/campaigns/{campaign.pk}/edit/", {**data, "description": "乙"}
        ).content.decode()
    )


@pytest.mark.parametrize("resource", ["projects", "plans", "households"])
def test_an_api_update_must_send_the_version_it_read(client, city_staff, project_1, plan, resource):
    record = {
        "projects": project_1,
        "plans": plan,
        "households": household_create(
            project=project_1, code="001", party_name="张三", id_number="11010519491231002X"
        ),
    }[resource]
    field = {"projects": "name", "plans": "document_number", "households": "address"}[resource]
    client.force_login(city_staff)
    url = f"/api/v1/{resource}/{record.pk}/"
    missing = client.patch(url, {field: "一"}, content_type="application/json")
    assert missing.status_code == 400 and list(missing.json()) == ["version"]
    assert (
        client.patch(url, {field: "一", "version": 1}, content_type="application/json").status_code
        == 200
    )
    stale = client.patch(url, {field: "二", "version": 1}, content_type="application/json")
    assert (
        stale.status_code == 409
        and STALE[:6] in stale.json()["detail"]
        or "他人" in stale.json()["detail"]
    )
    record.refresh_from_db()
    assert getattr(record, field) == "一"


def test_a_street_official_cannot_create_a_project_outside_their_street_through_the_api(
    client, district_1, street_1
):
    other_street = RegionFactory(
        level="street", code="990102002", name="人民路街道", parent=district_1
    )
    user = UserFactory(role="district_official", scope_region=street_1)
    client.force_login(user)
    outside = client.post(
        "/api/v1/projects/",
        {"code": "S-1", "name": "街外", "district": district_1.id},
        content_type="application/json",
    )
    assert outside.status_code == 400 and "street" in outside.json()
    other = client.post(
        "/api/v1/projects/",
        {"code": "S-2", "name": "邻街", "district": district_1.id, "street": other_street.id},
        content_type="application/json",
    )
    assert other.status_code == 400 and "street" in other.json()
    inside = client.post(
        "/api/v1/projects/",
        {"code": "S-3", "name": "街内", "district": district_1.id, "street": street_1.id},
        content_type="application/json",
    )
    assert inside.status_code == 201
    assert list(Project.objects.values_list("code", flat=True)) == ["S-3"]
