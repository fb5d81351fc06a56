"""Project pages: scoping (404 across districts), filter choices, forms and query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.factories import ProjectFactory, RegionFactory, project_form_data


def test_list_shows_only_the_officials_district(client, official_1, project_1, project_2):
    client.force_login(official_1)
    html = client.get(reverse("projects:list")).content.decode()
    assert project_1.name in html
    assert project_2.name not in html


def test_detail_of_another_district_is_not_found(client, official_1, project_2):
    client.force_login(official_1)
    assert client.get(reverse("projects:detail", args=[project_2.pk])).status_code == 404


def test_edit_of_another_district_is_not_found_and_changes_nothing(client, official_1, project_2):
    client.force_login(official_1)
    url = reverse("projects:update", args=[project_2.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, project_form_data(project_2.district, code=project_2.code, name="篡改")
    )
    assert response.status_code == 404
    project_2.refresh_from_db()
    assert project_2.name == "江西区纺织厂宿舍区棚改项目"


def test_district_filter_offers_only_the_officials_district(
    client, official_1, district_1, district_2
):
    client.force_login(official_1)
    html = client.get(reverse("projects:list")).content.decode()
    district_select = re.search(r'<select name="district".*?</select>', html, re.S).group(0)
    assert district_1.name in district_select
    assert district_2.name not in district_select


def test_filtering_by_another_district_is_refused(client, official_1, project_1, district_2):
    client.force_login(official_1)
    response = client.get(reverse("projects:list"), {"district": district_2.pk})
    html = response.content.decode()
    assert project_1.name not in html
    assert "所选项不在可选范围内" in html


def test_city_staff_create_a_project(client, city_staff, district_2):
    client.force_login(city_staff)
    response = client.post(
        reverse("projects:create"), project_form_data(district_2, code="PG-NEW-1", name="新建项目")
    )
    project = Project.objects.get(code="PG-NEW-1")
    assert response.status_code == 302 and response.url == reverse(
        "projects:detail", args=[project.pk]
    )


def test_official_cannot_create_a_project_in_another_district(client, official_1, district_2):
    client.force_login(official_1)
    response = client.post(
        reverse("projects:create"), project_form_data(district_2, code="PG-NEW-2", name="越权项目")
    )
    assert response.status_code == 200
    assert "所选项不在可选范围内" in response.content.decode()
    assert not Project.objects.filter(code="PG-NEW-2").exists()


def test_duplicate_code_is_refused_and_the_form_keeps_what_was_typed(
    client, official_1, project_1, district_1
):
    client.force_login(official_1)
    response = client.post(
        reverse("projects:create"),
        project_form_data(district_1, code=project_1.code, name="重复编号的项目"),
    )
    html = response.content.decode()
    assert "已有相同编号的项目" in html
    assert 'value="重复编号的项目"' in html
    assert Project.objects.filter(code=project_1.code).count() == 1


def test_leader_can_read_but_not_edit(client, leader, project_1):
    client.force_login(leader)
    assert client.get(reverse("projects:detail", args=[project_1.pk])).status_code == 200
    assert client.get(reverse("projects:update", args=[project_1.pk])).status_code == 403


def _list_queries(client, user):
    client.force_login(user)
    client.get(reverse("projects:list"))  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [10, 100])
def test_project_list_runs_a_fixed_number_of_queries(
    client, official_1, district_1, street_1, rows
):
    ProjectFactory.create_batch(rows, district=district_1, street=street_1)
    # the user (scope region and permissions with it), scope projects, count, the district
    # and street filter choices (one each, not counted first), page rows, unread
    # notifications (the bell); the session is read from the cache and saved at most once a
    # minute
    assert _list_queries(client, official_1) == 7


def test_the_street_filter_names_each_streets_district_and_follows_the_chosen_one(
    client, city_staff, district_1, district_2, street_1
):
    """Street names repeat across districts: the filter listed 解放路街道 once per district
    with nothing to tell them apart."""
    other = RegionFactory(level="street", code="990103001", name="解放路街道", parent=district_2)
    client.force_login(city_staff)
    everywhere = client.get("/projects/").content.decode()
    assert f'<option value="{street_1.pk}">江东区 解放路街道</option>' in everywhere
    assert f'<option value="{other.pk}">{district_2.name} 解放路街道</option>' in everywhere
    chosen = client.get(f"/projects/?district={district_2.pk}").content.decode()
    streets = chosen.split('name="street"')[1].split("</select>")[0]
    assert f'value="{other.pk}"' in streets and f'value="{street_1.pk}"' not in streets
