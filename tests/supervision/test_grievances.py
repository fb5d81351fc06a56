"""Residents' grievances: the statutory deadlines in calendar days with the clock set (15 to
decide on acceptance, 60 to handle, one extension of up to 30) or a hotline ticket's own;
anonymity on every page and API answer; scoping; a grievance turned into a notice that links
back; the whole life through the API."""

import re
from datetime import date

import pytest

from supervision import grievances
from supervision.models import Grievance, SupervisionNotice
from tests.supervision.conftest import at

pytestmark = pytest.mark.usefixtures("clock")


def register(user, project, **fields):
    values = {
        "channel": "visit",
        "category": "payment",
        "content": "补偿款至今未到账。",
        "registered_on": date(2026, 11, 2),
        "name": "王五",
        "phone": "13800000000",
        **fields,
    }
    return grievances.grievance_register(user=user, project=project, **values)


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, content_type="application/json")


def test_the_statutory_deadlines_run_in_calendar_days(official_1, project_1):
    grievance = register(official_1, project_1)
    assert grievance.accept_by == date(2026, 11, 17)
    assert not grievance.is_overdue(date(2026, 11, 17))
    assert grievance.is_overdue(date(2026, 11, 18))
    assert Grievance.objects.overdue(date(2026, 11, 18)).get() == grievance
    accepted = grievances.grievance_accept(
        grievance=grievance, user=official_1, accepted_on=date(2026, 11, 10)
    )
    assert accepted.handle_by == date(2027, 1, 9)  # 60 days after acceptance
    assert not Grievance.objects.overdue(date(2026, 11, 18)).exists()
    extended = grievances.grievance_extend(
        grievance=accepted, user=official_1, days=30, reason="涉及多部门会商。"
    )
    assert extended.handle_by == date(2027, 2, 8)
    from core.errors import Conflict

    with pytest.raises(Conflict):
        grievances.grievance_extend(grievance=extended, user=official_1, days=5, reason="再延。")
    with at("2027-02-09 09:00 +0800"):
        assert Grievance.objects.overdue(date(2027, 2, 9)).get() == grievance


def test_a_longer_extension_is_refused(client, official_1, project_1):
    grievance = register(official_1, project_1)
    grievances.grievance_accept(grievance=grievance, user=official_1)
    response = post(
        client,
        official_1,
        f"/api/v1/grievances/{grievance.pk}/extend/",
        {"days": 31, "reason": "x"},
    )
    assert response.status_code == 400 and "days" in response.json()


def test_a_hotline_ticket_is_handled_by_its_own_deadline(official_1, project_1):
    grievance = register(
        official_1,
        project_1,
        channel="hotline",
        ticket_no="GD20261102-0815",
        ticket_deadline=date(2026, 11, 16),
    )
    # Registered on 2 November: accepted within 15 days, but by the ticket's deadline first.
    assert grievance.deadline == date(2026, 11, 16)
    accepted = grievances.grievance_accept(grievance=grievance, user=official_1)
    assert accepted.handle_by == date(2026, 11, 16)
    assert Grievance.objects.overdue(date(2026, 11, 18)).get() == grievance


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"channel": "hotline"}, "ticket_no"),
        ({"ticket_no": "GD-1"}, "ticket_no"),
        ({"anonymous": True}, "anonymous"),
        ({"registered_on": date(2026, 11, 19)}, "registered_on"),
        ({"content": "  "}, "content"),
    ],
)
def test_bad_input_names_the_field(official_1, project_1, fields, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        register(official_1, project_1, **fields)
    assert field in refused.value.message_dict


def test_an_anonymous_grievance_names_nobody_anywhere(
    client, official_1, city_staff, leader, project_1
):
    grievance = register(official_1, project_1, anonymous=True, name="", phone="")
    for user in (official_1, city_staff, leader):
        client.force_login(user)
        answer = client.get(f"/api/v1/grievances/{grievance.pk}/").json()
        assert answer["anonymous"] and answer["name"] is None and answer["phone"] is None
        assert answer["household"] is None
        for url in ("/supervision/grievances/", f"/supervision/grievances/{grievance.pk}/"):
            page = client.get(url).content.decode()
            assert "匿名" in page and "王五" not in page and "13800000000" not in page
    # Named in the request, refused: nothing is stored of the person.
    refused = post(
        client,
        official_1,
        "/api/v1/grievances/",
        {
            "project": project_1.pk,
            "channel": "letter",
            "category": "other",
            "content": "x",
            "anonymous": True,
            "name": "王五",
        },
    )
    assert refused.status_code == 400 and "anonymous" in refused.json()


def test_another_district_never_sees_a_grievance(client, official_1, official_2, project_1):
    grievance = register(official_1, project_1)
    client.force_login(official_2)
    assert client.get(f"/api/v1/grievances/{grievance.pk}/").status_code == 404
    assert client.get("/api/v1/grievances/").json()["count"] == 0
    assert client.get(f"/supervision/grievances/{grievance.pk}/").status_code == 404
    assert client.get(f"/supervision/new/?grievance={grievance.pk}").status_code == 403
    for step in ("accept", "decline", "investigate", "extend", "resolve", "close"):
        assert (
            post(client, official_2, f"/api/v1/grievances/{grievance.pk}/{step}/").status_code
            == 404
        )


def test_the_whole_life_through_the_api(client, official_1, leader, project_1):
    created = post(
        client,
        official_1,
        "/api/v1/grievances/",
        {
            "project": project_1.pk,
            "channel": "hotline",
            "ticket_no": "GD20261118-0001",
            "ticket_deadline": "2026-12-02",
            "category": "transition",
            "content": "过渡费三个月未发。",
            "name": "赵六",
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    base = f"/api/v1/grievances/{pk}/"
    assert (
        post(
            client, official_1, base + "investigate/", {"findings": "x", "root_cause": "y"}
        ).status_code
        == 409
    )
    assert post(client, leader, base + "accept/").status_code == 403
    assert post(client, official_1, base + "accept/").json()["handle_by"] == "2026-12-02"
    post(
        client,
        official_1,
        base + "investigate/",
        {"findings": "资金拨付延迟。", "root_cause": "区财政资金未及时到位。"},
    )
    post(client, official_1, base + "resolve/", {"reply": "已补发三个月过渡费。"})
    closed = post(client, official_1, base + "close/", {"satisfaction": "satisfied"}).json()
    assert closed["status"] == "closed" and closed["satisfaction"] == "satisfied"
    assert closed["root_cause"] == "区财政资金未及时到位。"
    assert list(Grievance.objects.get(pk=pk).steps.values_list("kind", flat=True)) == [
        "registered",
        "accepted",
        "investigated",
        "resolved",
        "closed",
    ]


def test_a_grievance_becomes_a_prefilled_notice_that_links_back(
    client, official_1, city_staff, project_1, district_1
):
    grievance = register(official_1, project_1, channel="hotline", ticket_no="GD-77", name="王五")
    client.force_login(city_staff)
    form = client.get(f"/supervision/new/?grievance={grievance.pk}").content.decode()
    assert "已按群众诉求" in form and "12345 工单 GD-77：补偿款至今未到账。" in form
    assert "王五" not in form  # the notice carries what was asked, not who asked
    response = client.post(
        "/supervision/new/",
        {
            "grievance": grievance.pk,
            "district": district_1.pk,
            "projects": [project_1.pk],
            "level": "key",
            "subject": f"{project_1.name}群众诉求办理",
            "problem": "12345 工单 GD-77：补偿款至今未到账。",
            "requirement": "依法依规在期限内办理。",
            "deadline": "2026-11-30",
        },
    )
    notice = SupervisionNotice.objects.get()
    assert response.url == f"/supervision/{notice.pk}/" and notice.grievance == grievance
    assert f"/supervision/grievances/{grievance.pk}/" in client.get(response.url).content.decode()
    assert (
        f"/supervision/{notice.pk}/"
        in client.get(f"/supervision/grievances/{grievance.pk}/").content.decode()
    )


def test_the_export_names_nobody_for_an_anonymous_grievance(client, official_1, project_1):
    import io

    import openpyxl

    register(official_1, project_1, name="王五", phone="13800000000")
    register(official_1, project_1, anonymous=True, name="", phone="", content="匿名来信。")
    client.force_login(official_1)
    response = client.get("/supervision/grievances/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[8]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["补偿款至今未到账。"][5:7] == ("王五", "13800000000")
    assert rows["匿名来信。"][5:7] == ("匿名", None)
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert text.count("王五") == 1


def _resolved(official, project):
    grievance = register(official, project)
    grievances.grievance_accept(grievance=grievance, user=official)
    grievances.grievance_investigate(
        grievance=grievance, user=official, findings="查明", root_cause="资金拨付延迟"
    )
    return grievances.grievance_resolve(grievance=grievance, user=official, reply="已拨付")


def test_closing_asks_what_the_resident_said_and_the_share_counts_those_reached(
    client, official_1, project_1
):
    """The closing form chose "satisfied" for the clerk (a click-through recorded it), and
    the satisfied share counted residents not reached as not satisfied."""
    first, second = _resolved(official_1, project_1), _resolved(official_1, project_1)
    client.force_login(official_1)
    page = client.get(f"/supervision/grievances/{first.pk}/").content.decode()
    assert '<option value="" selected>请选择回访结果</option>' in page
    refused = client.post(f"/supervision/grievances/{first.pk}/close/", {})
    assert refused.status_code == 400 and "群众满意度" in refused.content.decode()
    first.refresh_from_db()
    assert first.status == "resolved" and first.satisfaction == ""
    for grievance, said in [(first, "basically"), (second, "unreachable")]:
        client.post(f"/supervision/grievances/{grievance.pk}/close/", {"satisfaction": said})
    counts = client.get("/supervision/grievances/").content.decode()
    assert re.search(r"满意率\s*<span[^>]*>100\.0%</span>", counts)


def test_a_grievances_phone_is_checked_as_a_households_is(client, official_1, project_1):
    """ "12345" was saved as a resident's phone; the household form refuses such a number."""
    client.force_login(official_1)
    response = client.post(
        "/supervision/grievances/new/",
        {
            "project": project_1.pk,
            "channel": "phone",
            "category": "compensation",
            "name": "王五",
            "phone": "12345",
            "content": "补偿款至今未到账。",
        },
    )
    assert response.status_code == 200 and not Grievance.objects.exists()
    assert "请填写手机号或带区号的固定电话" in response.content.decode()
    assert 'value="12345"' in response.content.decode()  # kept as typed


def test_a_phone_stored_before_its_check_does_not_stop_the_handling(official_1, project_1):
    """Grievances saved with 12345 before the check came in could not be accepted: each
    step validated the whole record again."""
    grievance = register(official_1, project_1)
    Grievance.objects.filter(pk=grievance.pk).update(phone="12345")
    grievance.refresh_from_db()
    accepted = grievances.grievance_accept(grievance=grievance, user=official_1)
    assert accepted.status == "accepted" and accepted.phone == "12345"


def test_the_registers_counts_follow_its_other_filters(client, official_1, project_1):
    """The counts above the register were the whole scope's whatever was chosen."""
    register(official_1, project_1)
    register(official_1, project_1, category="resettlement")
    client.force_login(official_1)
    counts = client.get("/supervision/grievances/", {"category": "resettlement"}).context["counts"]
    assert counts["open"] == 1
    bogus = client.get("/supervision/grievances/", {"overdue": "maybe", "category": "payment"})
    assert bogus.context["counts"]["open"] == 1  # a bad tab value leaves the others counted


def test_every_refusal_of_a_grievance_form_comes_at_once(client, official_1, project_1):
    """A hotline call typed in with three faults was refused one fault per send."""
    client.force_login(official_1)
    response = client.post(
        "/supervision/grievances/new/",
        {
            "project": project_1.pk,
            "channel": "hotline",  # without its ticket number
            "category": "compensation",
            "name": "王五",
            "phone": "12345",  # not a phone number
            "content": "补偿款至今未到账。",
            "registered_on": "2026-12-30",  # after today
        },
    )
    errors = response.context["form"].errors
    assert set(errors) == {"ticket_no", "phone", "registered_on"}, errors
    # and with no project chosen either, the rest is named all the same
    unplaced = client.post(
        "/supervision/grievances/new/",
        {"channel": "hotline", "category": "compensation", "phone": "12345", "content": "催款"},
    )
    assert set(unplaced.context["form"].errors) == {"project", "ticket_no", "phone"}
    assert not Grievance.objects.exists()
