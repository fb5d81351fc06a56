"""Everything a user reads is Chinese: the API documentation, API errors, downloads, sort and
filter options, the admin's app names, labels and pagination."""

import re
from urllib.parse import unquote

import pytest
import time_machine

from households import services as household_services
from tests.households.conftest import person_id

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_api_operation_is_summed_up_and_described_in_chinese(client, city_staff):
    client.force_login(city_staff)
    schema = client.get("/api/schema/?format=json").json()
    assert CJK.search(schema["info"]["title"]) and CJK.search(schema["info"]["description"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert CJK.search(operation.get("summary", "")), where
            assert CJK.search(operation.get("description", "")), where
            assert "Base of every" not in operation["description"], where
            assert all(CJK.search(tag) for tag in operation["tags"]), where


def test_an_api_404_is_chinese_and_names_no_model(client, official_1, project_2):
    client.force_login(official_1)
    body = client.get(f"/api/v1/projects/{project_2.pk}/").json()
    assert CJK.search(body["detail"]) and "Project" not in body["detail"]


@pytest.mark.parametrize(
    "url, name",
    [
        ("/households/?export=xlsx", "被征收户台账-20261120.xlsx"),
        ("/projects/?export=xlsx", "项目清单-20261120.xlsx"),
        ("/households/import/template.xlsx", "被征收户台账导入模板.xlsx"),
    ],
)
def test_downloads_have_chinese_names(client, official_1, project_1, url, name):
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        disposition = client.get(url)["Content-Disposition"]
    assert name in unquote(disposition) and "attachment" in disposition


def test_sort_and_filter_options_read_chinese(client, official_1, project_1):
    client.force_login(official_1)
    html = client.get("/projects/").content.decode()
    assert "（降序）" in html and "(descending)" not in html
    assert ">全部</option>" in html and "---------" not in html


def test_the_liaison_is_chosen_by_name(client, official_1, city_staff):
    city_staff.first_name, city_staff.organisation = "王芳", "市住建局"
    city_staff.save()
    client.force_login(official_1)
    html = client.get("/projects/new/").content.decode()
    liaison = html.split('name="city_liaison"')[1].split("</select>")[0]
    assert "王芳（市住建局）" in liaison and ">city_staff<" not in liaison


def test_the_admin_names_the_libraries_apps_in_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "登录保护" in html and "Axes" not in html and "AXES" not in html


def test_legal_path_fields_are_labelled_as_dates(client, official_1, project_1):
    household = household_services.household_create(
        project=project_1, code="H1", party_name="张三", id_number=person_id(1)
    )
    client.force_login(official_1)
    html = client.get(f"/households/{household.pk}/edit/").content.decode()
    for label in ("逾期未签约日期", "补偿决定作出日期", "申请强制执行日期", "强制执行日期"):
        assert label in html


def test_the_household_list_shows_its_page_count_and_refuses_a_page_past_the_end(
    client, official_1, project_1
):
    from stdnum.cn import ric

    for number in range(1, 53):
        body = f"1101011990{number // 28 + 1:02d}{number % 28 + 1:02d}{number:03d}"
        household_services.household_create(
            project=project_1,
            code=f"H{number:03d}",
            party_name=f"户{number}",
            id_number=body + ric.calc_check_digit(body + "0"),
        )
    client.force_login(official_1)
    first = client.get("/households/").content.decode()
    assert "第 1 页，共 2 页" in first
    after = re.search(r'href="\?([^"]+)" data-testid="next-page"', first).group(1)
    second = client.get(f"/households/?{after.replace('&amp;', '&')}").content.decode()
    assert "第 2 页，共 2 页" in second and "1,000" not in second
    gone = client.get("/households/?after=999999999&page=9", follow=True)
    assert gone.redirect_chain and "该页已不存在" in gone.content.decode()


@pytest.mark.parametrize(
    "who, url, choose",
    [
        ("official_1", "/supervision/grievances/new/", "请选择项目"),
        ("official_1", "/households/import/", "请选择项目"),
        ("city_staff", "/supervision/new/", "请选择区县"),
    ],
)
def test_a_select_says_what_to_choose(request, client, project_1, who, url, choose):
    """Not Django's "---------" as the empty choice of a form's select."""
    client.force_login(request.getfixturevalue(who))
    html = client.get(url).content.decode()
    assert f">{choose}</option>" in html and "---------" not in html


def test_the_api_is_described_by_its_schema_not_by_an_english_options_answer(client, official_1):
    """DRF's OPTIONS answer named the view "Household List" and undeclared fields in English."""
    client.force_login(official_1)
    response = client.options("/api/v1/households/")
    assert response.status_code == 405 and "Household" not in response.content.decode()
    assert CJK.search(response.json()["detail"])
