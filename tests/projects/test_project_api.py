"""Project and region API: scoping, filters, validation errors as JSON per field."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.factories import ProjectFactory


@pytest.fixture
def api(client, official_1):
    client.force_login(official_1)
    return client


def test_list_is_paginated_and_scoped(api, project_1, project_2):
    body = api.get("/api/v1/projects/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [row["id"] for row in body["results"]] == [project_1.id]


def test_retrieve_of_another_district_is_404(api, project_2):
    assert api.get(f"/api/v1/projects/{project_2.id}/").status_code == 404


def test_update_of_another_district_is_404_and_changes_nothing(api, project_2):
    response = api.patch(
        f"/api/v1/projects/{project_2.id}/", {"name": "篡改"}, content_type="application/json"
    )
    assert response.status_code == 404
    project_2.refresh_from_db()
    assert project_2.name != "篡改"


def test_update_in_scope_is_saved(api, project_1):
    response = api.patch(
        f"/api/v1/projects/{project_1.id}/",
        {"name": "改名后的项目", "version": project_1.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Project.objects.get(pk=project_1.pk).name == "改名后的项目"


def test_create_in_another_district_is_a_field_error(api, district_2):
    response = api.post(
        "/api/v1/projects/",
        {"code": "X-1", "name": "越权", "district": district_2.id},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "district" in response.json()
    assert not Project.objects.filter(code="X-1").exists()


def test_create_with_missing_fields_names_each_field(api):
    response = api.post("/api/v1/projects/", {}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert {"code", "name", "district"} <= set(body)
    assert body["name"] == ["该字段是必填项。"]


def test_filter_by_text(api, district_1):
    ProjectFactory(district=district_1, name="北关片区棚改项目")
    ProjectFactory(district=district_1, name="南门口片区棚改项目")
    body = api.get("/api/v1/projects/", {"q": "北关"}).json()
    assert [row["name"] for row in body["results"]] == ["北关片区棚改项目"]


def test_filter_by_another_district_is_a_400(api, district_2):
    assert api.get("/api/v1/projects/", {"district": district_2.id}).status_code == 400


def test_regions_are_scoped(api, district_1, district_2, street_1):
    codes = {row["code"] for row in api.get("/api/v1/regions/").json()["results"]}
    assert codes == {district_1.code, street_1.code}
    assert api.get(f"/api/v1/regions/{district_2.id}/").status_code == 404


def test_anonymous_requests_are_refused(client, project_1):
    assert client.get("/api/v1/projects/").status_code in (401, 403)


def test_leader_cannot_write(client, leader, project_1):
    client.force_login(leader)
    assert client.get(f"/api/v1/projects/{project_1.id}/").status_code == 200
    response = client.patch(
        f"/api/v1/projects/{project_1.id}/", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("rows", [10, 100])
def test_project_endpoint_runs_a_fixed_number_of_queries(api, district_1, rows):
    ProjectFactory.create_batch(rows, district=district_1)
    api.get("/api/v1/projects/")
    with CaptureQueriesContext(connection) as ctx:
        assert api.get("/api/v1/projects/", {"page_size": 100}).status_code == 200
    # the user (scope region and permissions with it), scope projects, count, page rows,
    # funding (prefetched); the session is read from the cache, saved at most once a minute
    assert len(ctx.captured_queries) == 5


def test_schema_and_offline_docs(client, city_staff):
    client.force_login(city_staff)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/projects/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "http://" not in docs.replace("http://testserver", "") and "https://" not in docs
