"""A notice's whole life through the API (DESIGN.md §6 `notices`): every step by the role it
belongs to, on the timeline with who and when; the wrong role 403, the wrong status 409, another
district 404; the people each step concerns told in their inbox and by e-mail."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from core.models import Notification
from supervision.models import SupervisionNotice
from tests.supervision.conftest import DEADLINE, draft, png

pytestmark = pytest.mark.usefixtures("clock")


def post(client, user, url, data=None, **kwargs):
    client.force_login(user)
    if kwargs.get("format") == "multipart":
        return client.post(url, data or {})
    return client.post(url, data or {}, content_type="application/json")


def act(client, user, notice_id, step, data=None, **kwargs):
    return post(client, user, f"/api/v1/notices/{notice_id}/{step}/", data, **kwargs)


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def unread(user) -> list[str]:
    return list(Notification.objects.for_user(user).unread().values_list("text", flat=True))


def test_the_whole_lifecycle_through_the_api(
    client,
    staff,
    bureau_leader,
    answerer,
    official_2,
    district_1,
    project_1,
    django_capture_on_commit_callbacks,
):
    created = post(
        client,
        staff,
        "/api/v1/notices/",
        {
            "district": district_1.pk,
            "projects": [project_1.pk],
            "subject": "签约进度滞后",
            "problem": "签约率低于计划。",
            "requirement": "书面反馈整改措施。",
            "deadline": DEADLINE.isoformat(),
            "level": "listed",
        },
    )
    assert created.status_code == 201, created.json()
    notice = created.json()
    assert notice["status"] == "draft" and notice["number"] == ""
    assert any(text.startswith("督办函待签发") for text in inbox(bureau_leader))

    signed = act(client, bureau_leader, notice["id"], "sign-off").json()
    assert signed["status"] == "signed_off"
    assert signed["number"] == "棚改督〔2026〕1号"
    # Not yet issued: the district does not see it.
    client.force_login(answerer)
    assert client.get(f"/api/v1/notices/{notice['id']}/").status_code == 404

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issued = act(client, staff, notice["id"], "issue").json()
    assert issued["status"] == "issued"
    assert any("棚改督〔2026〕1号" in text for text in inbox(answerer))
    assert [m.to for m in mail.outbox] == [["district1@example.org"]]
    assert "/supervision/" in mail.outbox[0].body
    assert not inbox(official_2)

    stored = SupervisionNotice.objects.get(pk=notice["id"]).document
    with stored.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for words in (
        "棚改督〔2026〕1号",
        "江东区",
        "签约进度滞后",
        "2026年11月27日",
        "2026年11月18日",
    ):
        assert words in text.replace("\n", "")

    assert act(client, answerer, notice["id"], "acknowledge").json()["status"] == "acknowledged"
    responded = act(
        client,
        answerer,
        notice["id"],
        "respond",
        {"text": "已组织专班入户，签约率升至61%。", "files": [png()]},
        format="multipart",
    )
    assert responded.status_code == 200, responded.json()
    assert responded.json()["status"] == "responded"
    assert any("江东区" in text for text in inbox(staff))
    # Answered: the district's notifications about it are done; the bureau's new one waits.
    assert not unread(answerer) and inbox(answerer)
    assert [text for text in unread(staff) if "江东区" in text]

    returned = act(
        client,
        staff,
        notice["id"],
        "return",
        {"reason": "未附入户台账。", "deadline": "2026-12-04"},
    ).json()
    assert returned["status"] == "returned" and returned["deadline"] == "2026-12-04"
    assert any(text.startswith("督办函反馈被退回，请于 2026-12-04") for text in inbox(answerer))
    assert not unread(staff)  # the bureau's "answered" was settled by its own return

    act(client, answerer, notice["id"], "respond", {"text": "补充入户台账。"}, format="multipart")
    closed = act(client, staff, notice["id"], "close", {"note": "整改到位。"}).json()
    assert closed["status"] == "closed"

    kinds = [step["kind"] for step in closed["timeline"]]
    assert kinds == [
        "drafted",
        "signed_off",
        "issued",
        "acknowledged",
        "responded",
        "returned",
        "responded",
        "closed",
    ]
    by = [step["by"] for step in closed["timeline"]]
    assert by[1] == bureau_leader.display_name and by[3] == answerer.display_name
    [evidence] = closed["timeline"][4]["evidence"]
    assert evidence["content_type"] == "image/png" and evidence["name"] == "photo.png"


@pytest.mark.parametrize(
    "step, role",
    [
        ("sign-off", "staff"),
        ("sign-off", "answerer"),
        ("issue", "bureau_leader"),
        ("issue", "answerer"),
        ("acknowledge", "staff"),
        ("respond", "bureau_leader"),
        ("close", "answerer"),
        ("return", "bureau_leader"),
        ("extend", "staff"),
        ("decide-extension", "answerer"),
        ("decide-extension", "staff"),
        ("interview", "answerer"),
    ],
)
def test_a_role_that_may_not_take_a_step_gets_403(client, issued, step, role, request):
    user = request.getfixturevalue(role)
    assert act(client, user, issued.pk, step, {}).status_code == 403


def test_the_leader_reads_and_takes_no_step(client, issued, leader):
    client.force_login(leader)
    assert client.get(f"/api/v1/notices/{issued.pk}/").status_code == 200
    for step in ("sign-off", "issue", "acknowledge", "close", "return", "extend"):
        assert act(client, leader, issued.pk, step, {}).status_code == 403


def test_a_step_in_the_wrong_status_is_409(client, issued, staff, bureau_leader, answerer):
    assert act(client, bureau_leader, issued.pk, "sign-off").status_code == 409
    assert act(client, staff, issued.pk, "issue").status_code == 409
    assert act(client, staff, issued.pk, "close", {}).status_code == 409
    assert act(client, staff, issued.pk, "return", {"reason": "x"}).status_code == 409
    response = act(client, answerer, issued.pk, "respond", {"text": "x"}, format="multipart")
    assert response.status_code == 409
    assert "已下发" in response.json()["detail"]
    act(client, answerer, issued.pk, "acknowledge")
    assert act(client, answerer, issued.pk, "acknowledge").status_code == 409
    assert (
        act(
            client, staff, issued.pk, "interview", {"held_on": "2026-11-18", "outcome": "x"}
        ).status_code
        == 409
    )


def test_another_district_gets_404_for_every_step(client, issued, official_2):
    client.force_login(official_2)
    assert client.get(f"/api/v1/notices/{issued.pk}/").status_code == 404
    assert client.get("/api/v1/notices/").json()["count"] == 0
    for step in ("acknowledge", "respond", "extend"):
        assert act(client, official_2, issued.pk, step, {"text": "x"}).status_code == 404


def test_drafts_and_signed_off_notices_stay_in_the_bureau(
    client, staff, bureau_leader, answerer, district_1
):
    waiting = draft(staff, district_1)
    signed = draft(staff, district_1, subject="另一件")
    from supervision import services

    services.notice_sign_off(notice=signed, user=bureau_leader)
    client.force_login(answerer)
    assert client.get("/api/v1/notices/").json()["count"] == 0
    for notice in (waiting, signed):
        assert client.get(f"/supervision/{notice.pk}/").status_code == 404
    client.force_login(staff)
    assert client.get("/api/v1/notices/").json()["count"] == 2


def test_bad_input_is_a_400_naming_the_field(client, staff, district_1, district_2, project_2):
    response = post(
        client,
        staff,
        "/api/v1/notices/",
        {
            "district": district_1.pk,
            "projects": [project_2.pk],
            "subject": " ",
            "problem": "x",
            "requirement": "y",
            "deadline": "2026-11-01",
            "level": "general",
        },
    )
    assert response.status_code == 400
    assert set(response.json()) & {"subject", "projects", "deadline"}
    # The same draft, field by field.
    ok = {
        "district": district_1.pk,
        "subject": "s",
        "problem": "p",
        "requirement": "r",
        "deadline": "2026-11-30",
        "level": "general",
    }
    for field, value, message in [
        ("deadline", "2026-11-17", "不能早于今天"),
        ("projects", [project_2.pk], "不在江东区"),
        ("district", district_2.pk + 1000, None),
    ]:
        response = post(client, staff, "/api/v1/notices/", {**ok, field: value})
        assert response.status_code == 400, (field, response.json())
        assert field in response.json()
        if message:
            assert message in "".join(response.json()[field])


class TestExtension:
    def test_granted_once_the_deadline_moves(self, client, issued, answerer, bureau_leader):
        asked = act(
            client,
            answerer,
            issued.pk,
            "extend",
            {"deadline": "2026-12-11", "reason": "涉及司法程序。"},
        )
        assert asked.status_code == 200 and asked.json()["extension"]["status"] == "requested"
        assert any(text.startswith("江东区申请延期至 2026-12-11") for text in inbox(bureau_leader))
        again = act(
            client, answerer, issued.pk, "extend", {"deadline": "2026-12-18", "reason": "再延。"}
        )
        assert again.status_code == 409
        page = client.get(f"/supervision/{issued.pk}/").content.decode()
        assert "等待局领导审批。" in page  # the district sees who is to decide
        client.force_login(bureau_leader)
        page = client.get(f"/supervision/{issued.pk}/").content.decode()
        assert 'data-testid="decide-extension"' in page and "等待局领导审批" not in page
        granted = act(client, bureau_leader, issued.pk, "decide-extension", {"grant": True}).json()
        assert granted["deadline"] == "2026-12-11"
        assert granted["extension"]["status"] == "granted"
        assert (
            act(client, bureau_leader, issued.pk, "decide-extension", {"grant": True}).status_code
            == 409
        )

    def test_refused_with_a_reason_the_deadline_stays(
        self, client, issued, answerer, bureau_leader
    ):
        act(
            client,
            answerer,
            issued.pk,
            "extend",
            {"deadline": "2026-12-11", "reason": "人手不足。"},
        )
        without = act(client, bureau_leader, issued.pk, "decide-extension", {"grant": False})
        assert without.status_code == 400 and "note" in without.json()
        refused = act(
            client,
            bureau_leader,
            issued.pk,
            "decide-extension",
            {"grant": False, "note": "理由不充分。"},
        ).json()
        assert refused["deadline"] == DEADLINE.isoformat()
        assert refused["extension"]["status"] == "refused"
        assert any(text.startswith("延期申请未同意") for text in inbox(answerer))

    def test_a_date_not_after_the_deadline_is_refused(self, client, issued, answerer):
        response = act(
            client, answerer, issued.pk, "extend", {"deadline": "2026-11-20", "reason": "x"}
        )
        assert response.status_code == 400 and "deadline" in response.json()


def test_a_deadline_that_passed_before_issue_must_be_set_anew(
    client, staff, bureau_leader, district_1
):
    from supervision import services
    from tests.supervision.conftest import at

    with at("2026-11-18 10:00 +0800"):
        notice = draft(staff, district_1, deadline=date(2026, 11, 19))
        services.notice_sign_off(notice=notice, user=bureau_leader)
    with at("2026-11-20 10:00 +0800"):
        response = act(client, staff, notice.pk, "issue", {})
        assert response.status_code == 400 and "deadline" in response.json()
        issued = act(client, staff, notice.pk, "issue", {"deadline": "2026-11-27"}).json()
    assert issued["status"] == "issued" and issued["deadline"] == "2026-11-27"


def test_a_street_sees_notices_naming_its_projects_and_a_moved_project_takes_none_along(
    client, staff, bureau_leader, district_1, district_2, street_1, project_1, project_2
):
    from projects.models import Project
    from supervision import services
    from tests.factories import UserFactory

    def issued_to(district, project=None, **fields):
        notice = draft(staff, district, project, **fields)
        services.notice_sign_off(notice=notice, user=bureau_leader)
        return services.notice_issue(notice=notice, user=staff)

    naming = issued_to(district_1, project_1)
    whole_district = issued_to(district_1, subject="全区事项")
    elsewhere = issued_to(district_2, project_2)
    street = UserFactory(username="street_1", role="district_official", scope_region=street_1)
    client.force_login(street)
    seen = {n["id"] for n in client.get("/api/v1/notices/").json()["results"]}
    assert seen == {naming.pk}
    assert whole_district.pk not in seen

    # project_2 moves to 江东区: its notice stays 江西区's.
    Project.objects.filter(pk=project_2.pk).update(district=district_1, street=street_1)
    client.force_login(
        UserFactory(username="d1", role="district_official", scope_region=district_1)
    )
    assert client.get(f"/api/v1/notices/{elsewhere.pk}/").status_code == 404
    client.force_login(street)
    assert client.get(f"/api/v1/notices/{elsewhere.pk}/").status_code == 404


def test_a_draft_without_a_level_is_general_and_a_respond_body_that_is_a_list_is_400(
    client, staff, issued, answerer, district_1
):
    created = post(
        client,
        staff,
        "/api/v1/notices/",
        {
            "district": district_1.pk,
            "subject": "s",
            "problem": "p",
            "requirement": "r",
            "deadline": "2026-11-30",
        },
    )
    assert created.status_code == 201 and created.json()["level"] == "general"
    act(client, answerer, issued.pk, "acknowledge")
    assert act(client, answerer, issued.pk, "respond", ["x"]).status_code == 400


def test_an_extension_is_decided_only_while_the_district_has_the_notice(
    client, issued, answerer, bureau_leader, staff
):
    past = act(client, answerer, issued.pk, "extend", {"deadline": "2026-11-17", "reason": "x"})
    assert past.status_code == 400 and "deadline" in past.json()
    act(client, answerer, issued.pk, "extend", {"deadline": "2026-12-11", "reason": "涉诉。"})
    act(client, answerer, issued.pk, "acknowledge")
    act(client, answerer, issued.pk, "respond", {"text": "已整改。"}, format="multipart")
    late = act(client, bureau_leader, issued.pk, "decide-extension", {"grant": True})
    assert late.status_code == 409
    assert SupervisionNotice.objects.get(pk=issued.pk).deadline == DEADLINE
    # Answered before a decision, the request lapsed: no form waits for a leader in vain.
    client.force_login(bureau_leader)
    page = client.get(f"/supervision/{issued.pk}/").content.decode()
    assert "已失效（区县已先行反馈）" in page and 'data-testid="decide-extension"' not in page
    # never decided, it is not the district's one request: an answer returned, it asks again
    act(client, staff, issued.pk, "return", {"reason": "整改不到位。"})
    again = act(
        client, answerer, issued.pk, "extend", {"deadline": "2026-12-18", "reason": "再需时间。"}
    )
    assert again.status_code == 200, again.content
    granted = act(client, bureau_leader, issued.pk, "decide-extension", {"grant": True})
    assert granted.status_code == 200
    assert SupervisionNotice.objects.get(pk=issued.pk).deadline == date(2026, 12, 18)


def test_token_clients_download_evidence_through_the_api_within_scope(
    client, issued, answerer, official_2
):
    from knox.models import AuthToken

    act(client, answerer, issued.pk, "acknowledge")
    body = act(
        client,
        answerer,
        issued.pk,
        "respond",
        {"text": "附照片。", "files": [png()]},
        format="multipart",
    ).json()
    url = body["timeline"][-1]["evidence"][0]["url"]
    assert url.startswith("/api/v1/notices/")
    client.logout()
    tokens = {}
    for user, status in [(answerer, 200), (official_2, 404)]:
        _instance, token = tokens[user] = AuthToken.objects.create(user=user)
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # An id that is not a number is not found, whichever part of the address it is in.
    token = tokens[answerer][1]
    evidence_pk = url.rstrip("/").rsplit("/", 1)[1]
    for wrong in [
        f"/api/v1/notices/abc/evidence/{evidence_pk}/",
        f"/api/v1/notices/null,null/evidence/{evidence_pk}/",
        f"/api/v1/notices/{issued.pk}/evidence/abc/",
    ]:
        assert client.get(wrong, HTTP_AUTHORIZATION=f"Token {token}").status_code == 404


def test_a_draft_is_told_everything_wrong_with_it_at_once(staff, district_2, project_1):
    """Projects of another district and a past deadline: the deadline was said only once
    the projects were corrected."""
    with pytest.raises(ValidationError) as refused:
        draft(staff, district_2, project_1, deadline=date(2026, 11, 1))
    assert set(refused.value.message_dict) == {"projects", "deadline"}


def test_the_issuer_and_date_never_stand_alone_on_a_printed_page(staff, district_1):
    """GB/T 9704: a notice whose text fills its first page carries its last section over
    with the issuer and date, never the signature block alone."""
    from supervision.documents import notice_pdf

    for lines in range(1, 9):
        notice = draft(staff, district_1, problem="\n".join(["签约率低于计划进度。" * 3] * lines))
        pages = PdfReader(io.BytesIO(notice_pdf(notice, issued_on=None))).pages
        last = pages[-1].extract_text()
        assert len(pages) == 1 or "办理时限" in last, (lines, last)
