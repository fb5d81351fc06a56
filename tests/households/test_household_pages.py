"""Household list, detail, batch progress and API: scoping, query counts, shapes."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household
from households.services import household_create
from tests.households.conftest import ID_A, person_id
from tests.pages import input_value, post_from


@pytest.fixture
def many(project_1):
    def make(count, start=100):
        return [
            household_create(
                project=project_1,
                code=f"M{n:04d}",
                party_name="住户",
                id_number=person_id(n % 28 + 1),
            )
            for n in range(start, start + count)
        ]

    return make


def test_list_detail_and_api_are_scoped(client, official_2, household_of):
    household = household_of("H1", ID_A)
    client.force_login(official_2)
    listed = client.get("/households/")
    assert (
        list(listed.context["households"]) == []
        and 'data-testid="household-row"' not in listed.content.decode()
    )
    assert client.get(f"/households/{household.pk}/").status_code == 404
    assert client.get(f"/households/{household.pk}/edit/").status_code == 404
    assert client.get(f"/api/v1/households/{household.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/households/{household.pk}/progress/",
            {"stage": "surveyed", "date": "2026-11-20"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get("/api/v1/households/").json()["results"] == []


def test_batch_progress_of_another_districts_household_is_404(client, official_2, household_of):
    household = household_of("H1", ID_A)
    client.force_login(official_2)
    response = client.post(
        "/households/progress/",
        {"households": [household.pk], "stage": "surveyed", "date": "2026-11-20"},
    )
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.stage == "registered"


def test_stage_counts_and_filters(client, official_1, roster):
    from datetime import date

    from households.services import household_record_progress

    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        household_record_progress(
            households=roster[:4],
            to_stage="surveyed",
            effective_on=date(2026, 11, 20),
            user=official_1,
        )
        client.force_login(official_1)
        html = client.get("/households/", {"stage": "surveyed"}).content.decode()
    assert html.count('data-testid="household-row"') == 4
    # Each tab counts its own stage whichever is chosen (they counted the chosen one's
    # households alone: "surveyed 4", every other stage 0).
    tabs = dict(
        re.findall(r'data-stage="(\w+)"[^>]*>[^<]*<span class="badge text-bg-light">(\d+)<', html)
    )
    registered = len(roster) - 4
    assert tabs["surveyed"] == "4" and tabs["registered"] == str(registered)
    assert re.search(rf'全部 <span class="badge text-bg-light">{len(roster)}</span>', html)
    assert "第 1 页，共 1 页" in html


def _list_queries(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [10, 100])
def test_list_runs_a_fixed_number_of_queries_at_any_size_and_depth(client, official_1, many, rows):
    created = many(rows)
    client.force_login(official_1)
    first = _list_queries(client, "/households/")
    deep = _list_queries(client, f"/households/?after={created[rows // 2].pk}")
    # the user with scope region and permissions, the scope's granted projects, filter
    # choices (projects, districts: one each, not counted first), stage counts, page rows,
    # unread notifications (the bell); the session comes from the cache and is saved at
    # most once a minute
    assert first == deep == 7


def test_a_page_number_with_nowhere_to_go_on_from_says_so(client, official_1, many):
    """The list pages on from one page to the next: a bare ?page=999 (a bookmark, a typed
    address) says it shows the first page, and a page number is never shown past the last."""
    created = many(10)
    client.force_login(official_1)
    bare = client.get("/households/?page=999", follow=True)
    assert bare.redirect_chain == [("/households/", 302)]
    assert "该页已不存在，已回到第一页。" in bare.content.decode()
    past = client.get(f"/households/?after={created[3].pk}&page=999").content.decode()
    assert "第 1 页，共 1 页" in past


def test_api_create_update_and_progress_shapes(client, official_1, project_1):
    client.force_login(official_1)
    created = client.post(
        "/api/v1/households/",
        {"project": project_1.id, "code": "A1", "party_name": "赵六", "id_number": ID_A},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["id_number_masked"] == "110*************2X" and "id_number" not in body
    bad = client.post(
        "/api/v1/households/",
        {
            "project": project_1.id,
            "code": "A2",
            "party_name": "钱七",
            "id_number": "110105194912310021",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json() == {
        "id_number": ["身份证号校验位不正确，请核对。"]
    }
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        client.force_login(official_1)
        moved = client.post(
            f"/api/v1/households/{body['id']}/progress/",
            {"stage": "surveyed", "date": "2026-11-20", "note": "入户调查"},
            content_type="application/json",
        )
        refused = client.post(
            f"/api/v1/households/{body['id']}/progress/",
            {"stage": "demolished", "date": "2026-11-20"},
            content_type="application/json",
        )
        stale = client.patch(
            f"/api/v1/households/{body['id']}/",
            {"phone": "13800000009", "version": 1},
            content_type="application/json",
        )
    assert moved.status_code == 200 and moved.json()["stage"] == "surveyed"
    assert refused.status_code == 400 and refused.json() == {"stage": ["房屋腾空前不能拆除。"]}
    assert stale.status_code == 409
    assert Household.objects.get(code="A1").phone == ""


def test_the_yes_no_filters_offer_their_choices_and_keep_the_one_made(client, official_1):
    """A yes/no filter has no `choices` of its own (its widget has): it listed nothing."""
    import re

    client.force_login(official_1)
    html = client.get("/households/", {"has_duplicate_id": "true"}).content.decode()
    select = re.search(r'<select name="has_duplicate_id".*?</select>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</option>", select) == ["全部", "是", "否"]
    assert '<option value="true" selected>' in select


def test_a_clerk_is_offered_no_move_back_and_city_staff_are(client, official_1, city_staff, roster):
    """A district clerk was offered 已登记 for a household at 已调查, and refused on choosing it."""
    from datetime import date

    from households.services import household_record_progress

    household = roster[0]
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        household_record_progress(
            households=[household],
            to_stage="surveyed",
            effective_on=date(2026, 11, 20),
            user=official_1,
        )
    pattern = r'<select name="stage"[^>]*>(.*?)</select>'
    for user, offered in [(official_1, False), (city_staff, True)]:
        client.force_login(user)
        page = client.get(f"/households/{household.pk}/").content.decode()
        form = re.search(pattern, page, re.S)  # none at all when no stage can be typed
        options = form[1] if form else ""
        assert ('value="registered"' in options) is offered, user
        assert 'value="vacated"' not in options  # not signed yet: it cannot vacate
        # The list's batch select: nothing chosen for the user, 已登记 (only ever a move back)
        # offered to who may move back.
        batch = re.search(
            r'<select name="stage"[^>]*data-testid="batch-stage">(.*?)</select>',
            client.get("/households/").content.decode(),
            re.S,
        )[1]
        assert batch.startswith('<option value="">')
        assert ('value="registered"' in batch) is offered, user


def test_a_new_members_relation_is_asked_not_assumed(client, official_1, roster):
    """The relation box held 配偶: a member added without changing it was the spouse."""
    client.force_login(official_1)
    page = client.get(f"/households/{roster[0].pk}/").content.decode()
    relation = re.search(r'<input[^>]*name="relation"[^>]*>', page)[0]
    assert "value=" not in relation and 'placeholder="如：配偶、子、女"' in relation


def test_a_refused_members_id_number_is_said_not_kept(client, official_1, roster):
    """The ID box came back empty with nothing said: it looked like the number was lost."""
    client.force_login(official_1)
    page = f"/households/{roster[0].pk}/"
    html = post_from(
        client,
        page,
        f"{page}members/",
        {"name": "测试成员", "relation": "子", "id_number": "12345"},
    ).content.decode()
    assert "身份证号应为 18 位" in html
    assert "身份证号：为保护个人信息未保留，请重新输入。" in html
    assert input_value(html, "name") == "测试成员" and input_value(html, "id_number") == ""
