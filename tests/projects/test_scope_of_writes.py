"""Writes stay inside the writer's own region; reads of shared records show only what is
in scope."""

from datetime import date

import pytest
import time_machine

from projects.models import (
    DailyStatus,
    Project,
    ProjectStatusChange,
    ResettlementBuilding,
    ResettlementSite,
)
from projects.services import daily_status_submit, project_update
from tests.factories import RegionFactory, UserFactory, project_form_data


@pytest.fixture
def shared_site(district_1, project_1, project_2):
    """An estate of 江东区 that also houses families of a 江西区 project."""
    site = ResettlementSite.objects.create(name="江东安居苑", district=district_1)
    site.projects.add(project_1, project_2)
    return site


def test_site_list_names_only_the_projects_in_scope(
    client, official_2, shared_site, project_1, project_2
):
    client.force_login(official_2)
    html = client.get("/projects/sites/").content.decode()
    assert "江东安居苑" in html and project_2.name in html and project_1.name not in html


def test_another_districts_site_can_be_read_but_not_changed(client, official_2, shared_site):
    client.force_login(official_2)
    assert client.get(f"/projects/sites/{shared_site.id}/").status_code == 200
    assert (
        client.post(
            f"/projects/sites/{shared_site.id}/buildings/", {"name": "9号楼", "units": 10}
        ).status_code
        == 404
    )
    assert not ResettlementBuilding.objects.exists()


def test_a_duplicate_building_name_is_a_message_not_an_error(client, official_1, shared_site):
    client.force_login(official_1)
    client.post(f"/projects/sites/{shared_site.id}/buildings/", {"name": "1号楼", "units": 10})
    response = client.post(
        f"/projects/sites/{shared_site.id}/buildings/", {"name": "1号楼", "units": 12}, follow=True
    )
    assert "已有同名楼栋" in response.content.decode()
    assert ResettlementBuilding.objects.count() == 1


def test_moving_a_project_moves_its_daily_statuses(project_1, official_1, district_2):
    project_1.construction_status = "under_construction"
    project_1.save()
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        daily_status_submit(
            day=date(2026, 11, 20),
            reporter=official_1,
            rows=[
                {
                    "project": project_1,
                    "status": "working",
                    "workers_on_site": 5,
                    "machinery_on_site": 1,
                }
            ],
        )
    project_update(
        project=project_1, expected_version=project_1.version, district=district_2, street=None
    )
    assert DailyStatus.objects.get().district == district_2
    assert not DailyStatus.objects.for_user(official_1).exists()


def test_a_street_official_must_keep_projects_in_their_street(client, district_1, street_1):
    user = UserFactory(role="district_official", scope_region=street_1)
    client.force_login(user)
    html = client.post("/projects/new/", project_form_data(district_1, code="S-1")).content.decode()
    assert "请选择您所在的街道" in html
    assert not Project.objects.filter(code="S-1").exists()
    client.post("/projects/new/", project_form_data(district_1, code="S-2", street=street_1.id))
    assert Project.objects.get(code="S-2").street == street_1


def test_project_staff_cannot_move_their_project(client, project_1, district_2):
    user = UserFactory(role="district_official")
    user.scope_projects.add(project_1)
    client.force_login(user)
    client.post(
        f"/projects/{project_1.id}/edit/",
        project_form_data(district_2, code=project_1.code, name="改名", version=project_1.version),
    )
    project_1.refresh_from_db()
    assert project_1.district != district_2 and project_1.name == "改名"


def test_api_city_liaison_must_be_city_staff(client, official_1, official_2, project_1):
    client.force_login(official_1)
    response = client.patch(
        f"/api/v1/projects/{project_1.id}/",
        {"city_liaison": official_2.id},
        content_type="application/json",
    )
    assert response.status_code == 400 and "city_liaison" in response.json()


def test_a_past_days_status_follows_the_status_of_that_day(project_1, official_1):
    """Completed on the 20th, the project still files its status for the 19th."""
    project_1.construction_status = "completed"
    project_1.save()
    ProjectStatusChange.objects.create(
        project=project_1,
        track="construction",
        from_status="under_construction",
        to_status="completed",
        effective_on=date(2026, 11, 20),
        changed_by=official_1,
    )
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        [status] = daily_status_submit(
            day=date(2026, 11, 19),
            reporter=official_1,
            rows=[
                {
                    "project": project_1,
                    "status": "working",
                    "workers_on_site": 5,
                    "machinery_on_site": 1,
                }
            ],
        )
    assert status.date == date(2026, 11, 19)


def test_bad_input_never_raises_a_server_error(client, city_staff, official_1, district_1):
    client.force_login(official_1)
    assert client.post(
        "/projects/daily/",
        {"date": "not-a-date", "status-TOTAL_FORMS": "0", "status-INITIAL_FORMS": "0"},
    ).status_code in (200, 302)
    client.force_login(city_staff)
    assert client.post("/reports/generate/", {"kind": "nonsense"}).status_code == 404
    street = RegionFactory(level="street", code="990102009", parent=district_1)
    response = client.post(
        "/projects/campaigns/new/",
        {
            "name": "春雷行动",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-30",
            "scope": "both",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "1",
            "targets-0-district": street.id,
            "targets-0-households": 5,
        },
    )
    assert response.status_code == 404
