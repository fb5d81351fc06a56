"""Annual plans and their split across districts."""

import pytest

from projects.models import AnnualPlan, DistrictTarget


def targets_post(rows, version=1):
    data = {
        "targets-TOTAL_FORMS": str(len(rows)),
        "targets-INITIAL_FORMS": str(len(rows)),
        "version": version,
    }
    for index, (district, values) in enumerate(rows):
        data[f"targets-{index}-district"] = district.id
        for field, value in values.items():
            data[f"targets-{index}-{field}"] = value
    return data


def values(households, in_kind, projects=5, investment="25000"):
    return {
        "households": households,
        "households_in_kind": in_kind,
        "households_monetary": households - in_kind,
        "units": in_kind,
        "projects": projects,
        "investment": investment,
    }


def test_city_staff_split_the_plan_and_the_page_shows_the_gap(
    client, city_staff, plan, district_1, district_2
):
    client.force_login(city_staff)
    response = client.post(
        f"/projects/plans/{plan.id}/targets/",
        targets_post([(district_1, values(500, 200)), (district_2, values(400, 200))]),
    )
    assert response.status_code == 302
    assert DistrictTarget.objects.get(plan=plan, district=district_1).households == 500
    html = client.get(f"/projects/plans/{plan.id}/targets/").content.decode()
    gap = html.split('data-testid="target-differences"')[1].split("</div>")[0]
    assert "目标户数 -100" in gap  # named as the split's rule names it
    assert "其中货币安置 -100" in gap


@pytest.mark.parametrize("reader", ["official_1", "leader"])
def test_a_reader_posting_the_split_is_refused_not_shown_the_page_again(
    request, client, plan, district_1, district_2, reader
):
    """It answered 200 with the page as it was, the data dropped without a word."""
    client.force_login(request.getfixturevalue(reader))
    url = f"/projects/plans/{plan.id}/targets/"
    assert client.get(url).status_code == 200  # they read it
    response = client.post(url, targets_post([(district_1, values(500, 200))], plan.version))
    assert response.status_code == 403 and not DistrictTarget.objects.exists()


def test_matching_split_is_confirmed(client, city_staff, plan, district_1, district_2):
    client.force_login(city_staff)
    client.post(
        f"/projects/plans/{plan.id}/targets/",
        targets_post([(district_1, values(500, 200)), (district_2, values(500, 200))]),
    )
    assert (
        "区县任务之和与全市计划一致"
        in client.get(f"/projects/plans/{plan.id}/targets/").content.decode()
    )


def test_a_row_whose_parts_do_not_add_up_is_refused_and_nothing_is_saved(
    client, city_staff, plan, district_1, district_2
):
    client.force_login(city_staff)
    bad = values(500, 200)
    bad["households_monetary"] = 250
    response = client.post(
        f"/projects/plans/{plan.id}/targets/",
        targets_post([(district_1, values(500, 200)), (district_2, bad)]),
    )
    html = response.content.decode()
    assert "江西区：实物安置户数与货币安置户数之和必须等于目标户数。" in html
    assert not DistrictTarget.objects.exists()


def test_negative_and_absurd_numbers_name_the_field(
    client, city_staff, plan, district_1, district_2
):
    client.force_login(city_staff)
    bad = values(500, 200, investment="99999999")
    bad["units"] = -3
    html = client.post(
        f"/projects/plans/{plan.id}/targets/",
        targets_post([(district_1, bad), (district_2, values(500, 200))]),
    ).content.decode()
    assert "江东区 · 实物安置套数：不能小于 0。" in html
    assert "江东区 · 投资（万元）：不能大于 10000000。" in html
    assert not DistrictTarget.objects.exists()


def test_district_official_reads_only_their_row_and_cannot_save(
    client, official_1, plan, district_1, district_2
):
    DistrictTarget.objects.create(
        plan=plan, district=district_2, households=10, households_monetary=10
    )
    client.force_login(official_1)
    html = client.get(f"/projects/plans/{plan.id}/targets/").content.decode()
    assert "江东区" in html and "江西区" not in html
    assert "保存区县任务" not in html
    client.post(f"/projects/plans/{plan.id}/targets/", targets_post([(district_1, values(5, 0))]))
    assert not DistrictTarget.objects.filter(district=district_1).exists()


def test_plan_form_checks_the_household_parts(client, city_staff, db):
    client.force_login(city_staff)
    response = client.post(
        "/projects/plans/new/",
        {
            "year": 2027,
            "target_households": 100,
            "target_households_in_kind": 30,
            "target_households_monetary": 30,
            "target_units": 30,
            "target_projects": 2,
            "target_investment": "100",
            "start_rule": "effective_paid",
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "0",
            "milestones-0-due_date": "2027-06-30",
            "milestones-0-start_rate_threshold": "50",
        },
    )
    assert "实物安置户数与货币安置户数之和必须等于目标户数" in response.content.decode()
    assert not AnnualPlan.objects.exists()


def test_plan_with_milestones_is_created(client, city_staff, db):
    client.force_login(city_staff)
    response = client.post(
        "/projects/plans/new/",
        {
            "year": 2027,
            "target_households": 100,
            "target_households_in_kind": 30,
            "target_households_monetary": 70,
            "target_units": 30,
            "target_projects": 2,
            "target_investment": "100",
            "start_rule": "effective_paid",
            "milestones-TOTAL_FORMS": "2",
            "milestones-INITIAL_FORMS": "0",
            "milestones-0-due_date": "2027-06-30",
            "milestones-0-start_rate_threshold": "50",
            "milestones-1-due_date": "2028-01-31",
            "milestones-1-start_rate_threshold": "100",
        },
    )
    assert "截止日期必须在计划年度内" in response.content.decode()
    assert not AnnualPlan.objects.exists()


def test_district_official_cannot_create_a_plan(client, official_1, db):
    client.force_login(official_1)
    assert client.get("/projects/plans/new/").status_code == 403


def test_api_plan_shows_only_the_targets_in_scope(client, official_1, plan, district_1, district_2):
    DistrictTarget.objects.create(
        plan=plan, district=district_1, households=10, households_monetary=10
    )
    DistrictTarget.objects.create(
        plan=plan, district=district_2, households=20, households_monetary=20
    )
    client.force_login(official_1)
    body = client.get(f"/api/v1/plans/{plan.id}/").json()
    assert [t["district_code"] for t in body["district_targets"]] == [district_1.code]
    assert body["target_households"] == 1000


def test_api_plan_create_by_city_staff_and_refusal_for_officials(
    client, city_staff, official_1, db
):
    payload = {
        "year": 2028,
        "target_households": 10,
        "target_households_in_kind": 4,
        "target_households_monetary": 6,
        "target_units": 4,
        "target_projects": 1,
        "target_investment": "10.00",
        "milestones": [{"due_date": "2028-06-30", "start_rate_threshold": "50.0"}],
    }
    client.force_login(official_1)
    assert (
        client.post("/api/v1/plans/", payload, content_type="application/json").status_code == 403
    )
    client.force_login(city_staff)
    response = client.post("/api/v1/plans/", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert AnnualPlan.objects.get(year=2028).milestones.count() == 1


def test_a_refused_split_never_says_the_sums_match(
    client, city_staff, plan, district_1, district_2
):
    client.force_login(city_staff)
    client.post(
        f"/projects/plans/{plan.id}/targets/",
        targets_post([(district_1, values(500, 200)), (district_2, values(500, 200))]),
    )
    assert (
        'data-testid="targets-add-up"'
        in client.get(f"/projects/plans/{plan.id}/targets/").content.decode()
    )
    bad = values(500, 200)
    bad["households_monetary"] = 250
    refused = client.post(
        f"/projects/plans/{plan.id}/targets/",
        targets_post([(district_1, values(500, 200)), (district_2, bad)], version=2),
    )
    html = refused.content.decode()
    assert (
        "实物安置户数与货币安置户数之和必须等于目标户数" in html
        and 'data-testid="targets-add-up"' not in html
    )
