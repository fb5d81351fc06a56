"""`?ordering=` on the API's lists: a field a list sorts by sorts it; any other is refused with
the fields it sorts by (DRF's own filter ignored it, and the caller read the default order
as the one asked for); the cursor-paged households sort by id only."""

import pytest
from django.db.models import F
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.api.filters import CheckedOrderingFilter
from projects.models import Project
from supervision.api.views import NoticeViewSet
from supervision.models import SupervisionNotice
from tests.factories import ProjectFactory


@pytest.fixture
def api(client, city_staff, project_1, project_2):
    client.force_login(city_staff)
    return client


def test_a_list_sorts_by_a_field_it_offers(api):
    codes = [p["code"] for p in api.get("/api/v1/projects/?ordering=-code").json()["results"]]
    assert codes == ["PG-02-001", "PG-01-001"]
    by_district = api.get("/api/v1/projects/?ordering=-district").json()["results"]
    assert [p["code"] for p in by_district] == ["PG-02-001", "PG-01-001"]
    assert api.get("/api/v1/payments/?ordering=-amount,date").status_code == 200


@pytest.mark.parametrize(
    "url, said",
    [
        (
            "/api/v1/payments/?ordering=bogus",
            "不能按 bogus 排序，可用的排序字段：date、amount。",
        ),
        ("/api/v1/payments/?ordering=-amount,-voucher_no", "不能按 -voucher_no 排序"),
        ("/api/v1/notices/?ordering=subject", "可用的排序字段：deadline、issued_on、number。"),
        ("/api/v1/households/?ordering=party_name", "此列表只按编号（id）排序"),
        ("/api/v1/payments/?ordering=--amount", "不能按 --amount 排序"),
    ],
)
def test_a_field_a_list_does_not_sort_by_is_refused_naming_those_it_does(api, url, said):
    response = api.get(url)
    assert response.status_code == 400
    assert said in response.json()["ordering"][0]


def test_the_project_lists_filterset_refuses_it_alone(api):
    response = api.get("/api/v1/projects/?ordering=bogus")
    assert response.status_code == 400 and response.json() == {
        "ordering": [
            "不能按 bogus 排序，可用的排序字段：code、name、district、planned_households、"
            "planned_investment、updated_at。"
        ]
    }


def test_rows_equal_in_the_order_asked_follow_their_ids_across_pages(api, project_1, street_1):
    """Sorted by district alone, rows of one district came in any order on each page: a
    client walking the pages lost some and saw others twice."""
    made = [
        ProjectFactory(code=f"PG-01-{n:03d}", district=project_1.district, street=street_1)
        for n in range(2, 9)
    ]
    # Rewritten rows move on the table's pages: its order no longer follows the ids.
    Project.objects.filter(pk__in=[p.pk for p in made[:4]]).update(name=F("name"))
    seen = []
    for page in range(1, 10):
        body = api.get(f"/api/v1/projects/?ordering=district&page_size=1&page={page}").json()
        seen += [p["id"] for p in body["results"]]
    assert seen == list(
        Project.objects.order_by("district__code", "id").values_list("id", flat=True)
    )


def test_a_drf_list_sorted_by_a_field_is_sorted_by_the_id_after_it():
    request = Request(APIRequestFactory().get("/api/v1/notices/", {"ordering": "-deadline"}))
    ordering = CheckedOrderingFilter().get_ordering(
        request, SupervisionNotice.objects.all(), NoticeViewSet()
    )
    assert ordering == ["-deadline", "id"]


def test_a_list_sorts_by_the_names_its_records_carry():
    """A notice carries its number, a payment its date: sorting by them was refused (or,
    before, ignored) for want of the model's names, serial and paid_on."""
    request = Request(APIRequestFactory().get("/api/v1/notices/", {"ordering": "-number"}))
    ordering = CheckedOrderingFilter().get_ordering(
        request, SupervisionNotice.objects.all(), NoticeViewSet()
    )
    assert ordering == ["-serial", "id"]
