"""Progress: stage rules, batches, reversals, stale forms and concurrent batches."""

import threading
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from households.models import Household, ProgressEvent
from households.services import ProgressErrors, household_record_progress

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def clock():
    with time_machine.travel("2026-11-20 10:00 +0800", tick=True):
        yield


def move(households, stage, user, on=date(2026, 11, 20), **kwargs):
    return household_record_progress(
        households=households, to_stage=stage, effective_on=on, user=user, **kwargs
    )


def test_forward_moves_write_one_event_each(roster, official_1):
    result = move(roster[:3], "surveyed", official_1)
    assert len(result.moved) == 3
    assert list(
        ProgressEvent.objects.order_by().values_list("from_stage", "to_stage").distinct()
    ) == [("registered", "surveyed")]
    assert set(Household.objects.filter(stage="surveyed").values_list("pk", flat=True)) == {
        h.pk for h in roster[:3]
    }


def test_a_repeat_is_harmless(roster, official_1):
    move(roster[:2], "surveyed", official_1)
    result = move(roster[:2], "surveyed", official_1)
    assert (len(result.moved), len(result.unchanged)) == (
        0,
        2,
    ) and ProgressEvent.objects.count() == 2


def test_no_vacate_before_signing_unless_a_decision_was_issued(roster, official_1):
    with pytest.raises(ProgressErrors) as excinfo:
        move(roster[:1], "vacated", official_1)
    assert list(excinfo.value.household_errors.values()) == ["签约或作出补偿决定后才能腾空。"]
    Household.objects.filter(pk=roster[0].pk).update(decision_issued_on=date(2026, 10, 1))
    assert len(move(roster[:1], "vacated", official_1).moved) == 1


def test_no_demolish_before_vacate(roster, official_1):
    move(roster[:1], "signed", official_1, automatic=True)
    with pytest.raises(ProgressErrors):
        move(roster[:1], "demolished", official_1)


def test_a_batch_is_all_or_nothing(roster, official_1):
    move(roster[:5], "signed", official_1, automatic=True)
    with pytest.raises(ProgressErrors) as excinfo:
        move(roster[:6], "vacated", official_1)  # the sixth has not signed
    assert list(excinfo.value.household_errors) == [roster[5]]
    assert not Household.objects.filter(stage="vacated").exists()


def test_future_dates_and_dates_before_the_last_change_are_refused(roster, official_1):
    with pytest.raises(ValidationError):
        move(roster[:1], "surveyed", official_1, on=date(2026, 11, 21))
    move(roster[:1], "surveyed", official_1, on=date(2026, 11, 10))
    with pytest.raises(ProgressErrors) as excinfo:  # as recording an appraisal would move it
        move(roster[:1], "appraised", official_1, on=date(2026, 11, 9), automatic=True)
    assert "不能早于该户上一次进度变更" in list(excinfo.value.household_errors.values())[0]


def test_a_batch_can_move_each_household_on_its_own_day(roster, official_1):
    """Households settled as they became due move in one batch, each on its day; each day
    is checked as a single one would be."""
    days = {roster[0].pk: date(2026, 11, 2), roster[1].pk: date(2026, 11, 9)}
    move(roster[:2], "surveyed", official_1, on=days)
    assert dict(ProgressEvent.objects.values_list("household_id", "effective_on")) == days
    moved = Household.objects.filter(pk__in=days).order_by("pk")
    assert [(h.stage, h.stage_changed_on, h.version) for h in moved] == [
        ("surveyed", date(2026, 11, 2), 2),
        ("surveyed", date(2026, 11, 9), 2),
    ]
    with pytest.raises(ProgressErrors) as excinfo:
        move(
            roster[:2],
            "appraised",
            official_1,
            on={roster[0].pk: date(2026, 11, 5), roster[1].pk: date(2026, 11, 5)},
            automatic=True,
        )
    assert list(excinfo.value.household_errors) == [roster[1]]
    with pytest.raises(ValidationError):
        move(
            roster[:1],
            "appraised",
            official_1,
            on={roster[0].pk: date(2026, 11, 21)},
            automatic=True,
        )


def test_moving_back_needs_the_permission_and_a_reason(roster, official_1, city_staff):
    move(roster[:1], "signed", official_1, automatic=True)
    with pytest.raises(ProgressErrors):
        move(roster[:1], "appraised", official_1, can_revert=False, note="录错")
    with pytest.raises(ProgressErrors):
        move(roster[:1], "appraised", city_staff, can_revert=True, note=" ")
    move(roster[:1], "appraised", city_staff, can_revert=True, note="协议录入错误")
    event = ProgressEvent.objects.order_by("-id").first()
    assert event.is_reversal and event.note == "协议录入错误"


def edit_form(household, **fields) -> dict:
    """The household's edit page as posted, with `fields` changed."""
    return {
        "code": household.code,
        "party_type": "owner",
        "party_name": household.party_name,
        "land_type": "state",
        "use": "residential",
        "legal_area": "60",
        "unregistered_area": "0",
        "unregistered_recognition": "pending",
        "intention": "undecided",
        "version": household.version,
        **fields,
    }


def test_the_page_refuses_a_stale_form_and_keeps_the_newer_save(
    client, official_1, city_staff, roster
):
    household = roster[0]
    form = edit_form(household)
    client.force_login(city_staff)
    assert (
        client.post(
            f"/households/{household.pk}/edit/", {**form, "phone": "13800000001"}
        ).status_code
        == 302
    )
    client.force_login(official_1)
    response = client.post(f"/households/{household.pk}/edit/", {**form, "phone": "13900000002"})
    html = response.content.decode()
    assert "您打开此户后已有他人保存了修改" in html and 'value="13900000002"' in html
    household.refresh_from_db()
    assert household.phone == "13800000001"


def test_the_edit_form_says_every_error_at_once_and_checks_the_phone(client, official_1, roster):
    """A negative area, a three-digit ID number and the phone "abc": the area alone was
    said, the ID number after it was corrected, and "abc" was saved."""
    household = roster[0]
    form = edit_form(household, legal_area="-3", id_number="123", phone="abc")
    client.force_login(official_1)
    html = client.post(f"/households/{household.pk}/edit/", form).content.decode()
    assert "合法建筑面积" in html and "身份证号应为 18 位" in html
    assert "请填写手机号或带区号的固定电话" in html
    fine = {**form, "legal_area": "60", "id_number": "", "phone": "13800000001/0571-88886666"}
    assert client.post(f"/households/{household.pk}/edit/", fine).status_code == 302
    household.refresh_from_db()
    assert household.phone == "13800000001/0571-88886666"


def test_the_legal_procedures_dates_are_past_and_in_their_order(client, official_1, roster):
    """An enforcement dated next March on a registered household with no decision was saved
    and shown as 已强制执行."""
    household = roster[0]
    client.force_login(official_1)
    url = f"/households/{household.pk}/edit/"
    cases = [
        ({"enforced_on": "2027-03-01"}, {"enforced_on": "日期不能晚于今天。"}),
        (
            {"enforcement_applied_on": "2026-11-01"},
            {"enforcement_applied_on": "请先填写补偿决定作出日期。"},
        ),
        (
            {"decision_issued_on": "2026-11-10", "enforcement_applied_on": "2026-11-01"},
            {"enforcement_applied_on": "不能早于补偿决定作出日期。"},
        ),
    ]
    for dates, errors in cases:
        response = client.post(url, edit_form(household, **dates))
        assert response.status_code == 200, dates
        form_errors = {name: list(e) for name, e in response.context["form"].errors.items()}
        assert form_errors == {name: [message] for name, message in errors.items()}
    every_step = {
        "no_agreement_on": "2026-10-01",
        "decision_issued_on": "2026-10-20",
        "enforcement_applied_on": "2026-11-01",
        "enforced_on": "2026-11-20",
    }
    assert client.post(url, edit_form(household, **every_step)).status_code == 302
    household.refresh_from_db()
    assert household.enforced_on == date(2026, 11, 20)


@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_lose_nothing(district_1, official_1, city_staff):
    from households.services import household_create
    from tests.factories import ProjectFactory
    from tests.households.conftest import person_id

    project = ProjectFactory(district=district_1)
    households = [
        household_create(project=project, code=f"C{n}", party_name="住户", id_number=person_id(n))
        for n in range(1, 21)
    ]
    errors = []

    def batch(ids, stage, user):
        try:
            move([h.pk for h in ids], stage, user)
        except Exception as exc:  # a lost update or deadlock would surface here
            errors.append(exc)
        finally:
            connection.close()

    # Overlapping batches: without row locks both would log registered → surveyed for the
    # ten households they share.
    threads = [
        threading.Thread(target=batch, args=(households[:15], "surveyed", official_1)),
        threading.Thread(target=batch, args=(households[5:], "surveyed", city_staff)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for household in Household.objects.filter(pk__in=[h.pk for h in households]):
        events = list(
            ProgressEvent.objects.filter(household=household)
            .order_by("id")
            .values_list("from_stage", "to_stage")
        )
        # every event starts where the previous one ended, and the stage is the last event's
        assert all(a[1] == b[0] for a, b in zip(events, events[1:], strict=False))
        assert household.stage == events[-1][1]
    assert ProgressEvent.objects.filter(household__in=households).count() == 20
    assert (
        Household.objects.filter(pk__in=[h.pk for h in households], stage="surveyed").count() == 20
    )


def test_campaign_progress_counts_demolitions_in_its_period_and_scope(
    client, city_staff, official_1, roster, district_1
):
    from projects.models import Campaign, CampaignTarget

    campaign = Campaign.objects.create(
        name="冬季攻势", starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31), scope="urban"
    )
    CampaignTarget.objects.create(campaign=campaign, district=district_1, households=8)
    Campaign.objects.create(
        name="农拆专项", starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31), scope="rural"
    )
    move(roster[:3], "signed", official_1, on=date(2026, 10, 20), automatic=True)
    move(roster[:3], "vacated", official_1, on=date(2026, 10, 25))
    move(roster[:1], "demolished", official_1, on=date(2026, 10, 30))  # before the campaign
    move(roster[1:3], "demolished", official_1, on=date(2026, 11, 18))
    client.force_login(city_staff)
    html = client.get("/projects/campaigns/").content.decode()
    assert "江东区 2/8" in html


def test_a_date_before_the_projects_approval_is_refused(roster, official_1, project_1):
    project_1.approved_on = date(2026, 3, 1)
    project_1.save(update_fields=["approved_on"])
    with pytest.raises(ProgressErrors) as excinfo:
        move(roster[:1], "surveyed", official_1, on=date(2026, 2, 28))
    assert "不能早于项目批准日期" in list(excinfo.value.household_errors.values())[0]
    assert len(move(roster[:1], "surveyed", official_1, on=date(2026, 3, 1)).moved) == 1


def test_the_detail_page_offers_the_next_stage(client, roster, official_1):
    move(roster[:1], "surveyed", official_1)
    client.force_login(official_1)
    registered = client.get(f"/households/{roster[1].pk}/").content.decode()
    selected = registered.split('name="stage"')[1].split("</select>")[0]
    assert '<option value="surveyed" selected>' in selected
    assert selected.count(" selected") == 1
    # Surveyed: its next stage comes with its appraisal, which the page points to.
    # Nothing after it can be typed yet: no stage select at all.
    surveyed = client.get(f"/households/{roster[0].pk}/").content.decode()
    assert 'name="stage"' not in surveyed
    assert "“已评估”随该户评估报告的录入而记录" in surveyed


def test_appraised_comes_with_an_appraisal_never_by_hand(roster, official_1):
    """A household moved to 已评估 by hand had no appraisal: its compensation page said
    尚未评估 under the badge 已评估."""
    move(roster[:1], "surveyed", official_1)
    with pytest.raises(ProgressErrors) as refused:
        move(roster[:1], "appraised", official_1)
    assert "随该户评估报告的录入而记录" in str(refused.value.household_errors[roster[0]])
    assert Household.objects.get(pk=roster[0].pk).stage == "surveyed"


def test_recording_the_current_stage_again_says_nothing_changed(client, roster, official_1):
    move(roster[:1], "surveyed", official_1)
    client.force_login(official_1)
    response = client.post(
        f"/households/{roster[0].pk}/progress/",
        {"stage": "surveyed", "date": "2026-11-20"},
        follow=True,
    )
    html = response.content.decode()
    assert "未发生变化" in html and "户已变更为" not in html
    moved = client.post(
        f"/households/{roster[1].pk}/progress/",
        {"stage": "surveyed", "date": "2026-11-20"},
        follow=True,
    ).content.decode()
    assert "已记录进度：“已调查”" in moved and "户已变更为" not in moved  # one household's page


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_a_refused_date_names_its_field_in_the_message(client, roster, official_1):
    client.force_login(official_1)
    html = client.post(
        f"/households/{roster[0].pk}/progress/",
        {"stage": "surveyed", "date": "2026-11-21"},
        follow=True,
    ).content.decode()
    assert "生效日期：日期不能晚于今天。" in html
    long_note = client.post(
        f"/households/{roster[0].pk}/progress/",
        {"stage": "surveyed", "date": "2026-11-20", "note": "整" * 600},
        follow=True,
    ).content.decode()
    assert "备注或原因：最多 500 个字（现为 600 个）。" in long_note


@pytest.mark.parametrize("stage", ["signed", "settled"])
def test_signed_and_settled_follow_from_records_never_by_hand(roster, official_1, stage):
    move(roster[:1], "surveyed", official_1)
    with pytest.raises(ProgressErrors) as excinfo:
        move(roster[:1], stage, official_1)
    assert "自动记录，不能手工设置" in str(excinfo.value)


def test_a_household_with_a_signed_agreement_goes_back_only_by_voiding_it(
    roster, official_1, city_staff
):
    move(roster[:1], "signed", official_1, automatic=True)
    Household.objects.filter(pk=roster[0].pk).update(agreement_mode="monetary")
    with pytest.raises(ProgressErrors) as excinfo:
        move(roster[:1], "appraised", city_staff, can_revert=True, note="录错了")
    assert "作废" in str(excinfo.value)


def vacated_on_an_agreement(household, official_1, mode="monetary"):
    move([household], "signed", official_1, automatic=True)
    Household.objects.filter(pk=household.pk).update(
        agreement_mode=mode, agreement_effective_on=date(2026, 11, 20)
    )
    move([household], "vacated", official_1)


def test_city_staff_undo_a_vacating_on_the_page_as_the_api_could(
    client, roster, official_1, city_staff
):
    """已签约 follows from signing, so the page never offered it, even as the move back of a
    vacating recorded in error; the API took it."""
    household = roster[0]
    vacated_on_an_agreement(household, official_1)
    for user, offered in [(official_1, False), (city_staff, True)]:
        client.force_login(user)
        page = client.get(f"/households/{household.pk}/").content.decode()
        assert ('<option value="signed"' in page) == offered
    moved = client.post(
        f"/households/{household.pk}/progress/",
        {"stage": "signed", "date": "2026-11-20", "note": "腾空验收登记错误"},
        follow=True,
    ).content.decode()
    assert "已记录进度：“已签约”" in moved
    assert Household.objects.get(pk=household.pk).stage == "signed"


@pytest.mark.parametrize(
    "mode, settled_by, said",
    [
        ("monetary", {"fully_paid_on": date(2026, 11, 20)}, "请先冲正使其付清的款项"),
        ("swap", {"unit_handed_over_on": date(2026, 11, 20)}, "由该户的交房记录得出"),
    ],
)
def test_a_settled_household_is_not_moved_back_while_what_settled_it_stands(
    roster, official_1, city_staff, mode, settled_by, said
):
    """Moved back by hand, it was settled again at once, with a new event dated today."""
    household = roster[0]
    vacated_on_an_agreement(household, official_1, mode)
    move([household], "settled", official_1, automatic=True)
    Household.objects.filter(pk=household.pk).update(**settled_by)
    with pytest.raises(ProgressErrors) as refused:
        move([household], "vacated", city_staff, can_revert=True, note="录错了")
    assert said in str(refused.value.household_errors[household])
    Household.objects.filter(pk=household.pk).update(fully_paid_on=None, unit_handed_over_on=None)
    move([household], "vacated", city_staff, can_revert=True, note="录错了")  # nothing stands
    assert Household.objects.get(pk=household.pk).stage == "vacated"
