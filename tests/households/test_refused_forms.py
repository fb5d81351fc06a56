"""A refused form on a page comes back with what was typed (DESIGN.md §7: bad input loses
nothing): the page's small forms post elsewhere and return to the page, which showed them
empty again."""

import re

import pytest
import time_machine

from tests.pages import input_value, post_from

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def clock():
    with time_machine.travel("2026-11-20 10:00 +0800", tick=True):
        yield


def test_a_refused_progress_keeps_its_date_and_note_on_the_household_page(
    client, roster, official_1
):
    page = f"/households/{roster[0].pk}/"
    client.force_login(official_1)
    response = post_from(
        client,
        page,
        f"/households/{roster[0].pk}/progress/",
        {"stage": "surveyed", "date": "2027-01-15", "note": "入户调查完成，户主在家"},
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == page
    assert "不能晚于今天" in html
    assert input_value(html, "note") == "入户调查完成，户主在家"
    assert input_value(html, "date") == "2027-01-15"
    # Shown once: the page opened again starts afresh, and another household's never had it.
    again = client.get(page).content.decode()
    assert input_value(again, "note") == ""
    post_from(  # not followed back: kept for the first household's page only
        client,
        page,
        f"/households/{roster[0].pk}/progress/",
        {"stage": "surveyed", "date": "2027-01-15", "note": "只属于第一户"},
        follow=False,
    )
    other = client.get(f"/households/{roster[1].pk}/").content.decode()
    assert "只属于第一户" not in other


def test_a_refused_batch_keeps_its_ticks_stage_date_and_note(client, roster, official_1):
    client.force_login(official_1)
    ticked = [roster[0].pk, roster[2].pk]
    response = post_from(
        client,
        "/households/?stage=registered",
        "/households/progress/",
        {
            "households": ticked,
            "stage": "surveyed",
            "date": "2027-01-15",  # after today
            "note": "批量入户调查",
            "query": "stage=registered",
        },
    )
    html = response.content.decode()
    assert "未保存" in html
    checked = set(re.findall(r'name="households" value="(\d+)"[^>]*checked', html))
    assert checked == {str(pk) for pk in ticked}
    assert '<option value="surveyed" selected>' in html
    assert input_value(html, "date") == "2027-01-15"
    assert input_value(html, "note") == "批量入户调查"
    # Opened again, nothing is ticked for the user.
    assert " checked" not in re.sub(
        r"<thead.*?</thead>", "", client.get("/households/").content.decode(), flags=re.S
    )


def test_a_refused_member_keeps_the_name_but_never_the_id_number(client, roster, official_1):
    page = f"/households/{roster[0].pk}/"
    client.force_login(official_1)
    html = post_from(
        client,
        page,
        f"/households/{roster[0].pk}/members/",
        {"name": "张小明", "relation": "儿子", "id_number": "110101200501011234"},
    ).content.decode()
    assert input_value(html, "name") == "张小明"
    assert input_value(html, "relation") == "儿子"
    assert input_value(html, "id_number") == ""
    assert "110101200501011234" not in str(dict(client.session))


def test_a_refused_form_with_a_file_says_the_file_must_be_chosen_again(rf):
    """A browser never refills a file input: the user is told, not left to send it again
    without the photo."""
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.views import say_files_not_kept

    def told(request):
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        say_files_not_kept(request)
        return [str(m) for m in get_messages(request)]

    photo = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    assert told(rf.post("/", {"evidence": photo})) == ["所选文件未保存，请重新选择文件。"]
    assert told(rf.post("/", {"text": "整改完成"})) == []


def test_a_household_is_offered_only_the_stages_its_rules_let_it_reach(client, roster, official_1):
    """已腾空 and 已拆除 were offered to a registered household, then refused on choosing."""
    client.force_login(official_1)
    html = client.get(f"/households/{roster[0].pk}/").content.decode()
    select = re.search(r'<select name="stage".*?</select>', html, re.S).group(0)
    offered = set(re.findall(r'<option value="(\w+)"', select))
    assert "surveyed" in offered
    assert not offered & {"vacated", "demolished"}
    assert '<option value="surveyed" selected>' in select  # the next step, still chosen first
