"""Numbers per year without gaps or duplicates, also for two sign-offs at once; escalation by
working days of the official calendar, run by a real Celery worker with the clock set, each
step recorded once however often the task runs."""

from datetime import date

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from config.celery import app
from core.models import Notification
from supervision import services
from supervision.models import EscalationPolicy, NoticeEscalation, SupervisionNotice
from supervision.selectors import working_days_overdue
from supervision.tasks import escalate_notices
from tests.compensation.conftest import at_once
from tests.supervision.conftest import at, draft


class TestNumbering:
    def test_two_sign_offs_at_once_get_consecutive_numbers(
        self, transactional_db, staff, bureau_leader, district_1, district_2
    ):
        with at("2026-11-18 10:00 +0800"):
            drafts = [draft(staff, district_1), draft(staff, district_2)]
            errors = at_once(
                lambda notice: services.notice_sign_off(notice=notice, user=bureau_leader), drafts
            )
        assert errors == []
        numbers = sorted(SupervisionNotice.objects.values_list("serial", flat=True))
        assert numbers == [1, 2]

    def test_a_new_year_starts_at_one_and_a_rolled_back_sign_off_leaves_no_gap(
        self, db, staff, bureau_leader, district_1
    ):
        later = {"deadline": date(2027, 1, 15)}
        with at("2026-12-30 10:00 +0800"):
            first = services.notice_sign_off(
                notice=draft(staff, district_1, **later), user=bureau_leader
            )
            second = draft(staff, district_1, **later)
            with pytest.raises(RuntimeError), transaction.atomic():
                services.notice_sign_off(notice=second, user=bureau_leader)
                raise RuntimeError("the sign-off fails after numbering")
            second = services.notice_sign_off(notice=second, user=bureau_leader)
        with at("2027-01-04 10:00 +0800"):
            third = services.notice_sign_off(
                notice=draft(staff, district_1, **later), user=bureau_leader
            )
        assert [first.number, second.number, third.number] == [
            "棚改督〔2026〕1号",
            "棚改督〔2026〕2号",
            "棚改督〔2027〕1号",
        ]

    def test_a_number_once_given_cannot_be_changed(self, db, staff, bureau_leader, district_1):
        from django.db import InternalError, ProgrammingError

        with at("2026-11-18 10:00 +0800"):
            notice = services.notice_sign_off(notice=draft(staff, district_1), user=bureau_leader)
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
            SupervisionNotice.objects.filter(pk=notice.pk).update(serial=7)


def test_working_days_follow_the_official_calendar():
    # National Day 2026: 1–7 October off, Saturday 10 October worked (调休).
    assert working_days_overdue(date(2026, 9, 30), date(2026, 10, 7)) == 0
    assert working_days_overdue(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert working_days_overdue(date(2026, 11, 27), date(2026, 11, 29)) == 0  # a weekend


def _steps(notice):
    return list(
        NoticeEscalation.objects.filter(notice=notice)
        .order_by("id")
        .values_list("step", "reached_on", "working_days_overdue")
    )


def _run_on_worker(moment: str, times: int = 2) -> list[int]:
    with time_machine.travel(moment, tick=True):
        return [escalate_notices.delay().get(timeout=60) for _ in range(times)]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_escalates_each_step_once(staff, bureau_leader, answerer, district_1):
    with at("2026-11-18 10:00 +0800"):
        notice = draft(staff, district_1)  # deadline Friday 2026-11-27
        services.notice_sign_off(notice=notice, user=bureau_leader)
        services.notice_issue(notice=notice, user=staff)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert _run_on_worker("2026-11-29 09:00 +0800") == [0, 0]  # Sunday: not a working day late
        assert _run_on_worker("2026-11-30 09:00 +0800") == [1, 0]
        assert _steps(notice) == [("reminder", date(2026, 11, 30), 1)]
        assert _run_on_worker("2026-12-04 09:00 +0800") == [1, 0]
        assert _run_on_worker("2026-12-11 09:00 +0800") == [1, 0]
    assert _steps(notice) == [
        ("reminder", date(2026, 11, 30), 1),
        ("interview", date(2026, 12, 4), 5),
        ("circular", date(2026, 12, 11), 10),
    ]
    notice.refresh_from_db()
    assert notice.escalation == "circular"
    kinds = list(notice.timeline.values_list("kind", flat=True))
    assert kinds.count("reminder") == kinds.count("interview") == kinds.count("circular") == 1
    texts = list(Notification.objects.filter(recipient=answerer).values_list("text", flat=True))
    assert sum(text.startswith("催办") for text in texts) == 1
    assert sum(text.startswith("通报") for text in texts) == 1
    # The interview step also reaches who drafted the notice.
    assert Notification.objects.filter(recipient=staff, text__startswith="约谈").count() == 1


def test_a_districts_answer_settles_its_own_notifications_not_the_bureaus(issued, staff, answerer):
    """The district's answer settles what the district was told (issued, 催办); the bureau's
    约谈 waits for the bureau, and the bureau is told of the answer."""
    with at("2026-12-04 09:00 +0800"):  # 5 working days late: reminder and interview
        services.notices_escalate()
        notice = services.notice_acknowledge(notice=issued, user=answerer)
        services.notice_respond(notice=notice, user=answerer, text="已整改。")

    def unread(user):
        return list(Notification.objects.for_user(user).unread().values_list("text", flat=True))

    assert not unread(answerer)
    assert Notification.objects.filter(recipient=answerer).count() >= 2  # issued, 催办
    staff_unread = unread(staff)
    assert any(text.startswith("约谈") for text in staff_unread)
    assert any("反馈" in text for text in staff_unread)


def test_a_step_reached_while_an_extension_request_waits_tells_who_decides(
    issued, answerer, bureau_leader
):
    """The step stands (the bureau's rule); the bureau leaders are told the request still
    waits for them."""
    services.notice_extension_request(
        notice=issued, user=answerer, deadline=date(2026, 12, 11), reason="涉及司法程序。"
    )
    with at("2026-11-30 09:00 +0800"):
        [reached] = services.notices_escalate()
    assert reached.step == "reminder"
    told = Notification.objects.filter(recipient=bureau_leader, text__startswith="已催办")
    assert [n.text.split("：")[0] for n in told] == ["已催办，区县的延期申请仍待审批"]


def test_thresholds_are_the_administrators_and_steps_skipped_are_all_recorded(issued, staff):
    policy = EscalationPolicy.current()
    policy.interview_after, policy.circular_after = 2, 3
    policy.save()
    with at("2026-12-02 09:00 +0800"):  # 3 working days after Friday 27 November
        reached = services.notices_escalate()
        assert services.notices_escalate() == []
    assert [e.step for e in reached] == ["reminder", "interview", "circular"]


def test_a_notice_answered_or_extended_in_time_is_not_escalated(issued, answerer, bureau_leader):
    services.notice_extension_request(
        notice=issued, user=answerer, deadline=date(2026, 12, 11), reason="涉及司法程序。"
    )
    services.notice_extension_decide(notice=issued, user=bureau_leader, grant=True)
    with at("2026-12-04 09:00 +0800"):
        assert services.notices_escalate() == []
    services.notice_acknowledge(notice=issued, user=answerer)
    services.notice_respond(notice=issued, user=answerer, text="已整改。")
    with at("2026-12-31 09:00 +0800"):
        assert services.notices_escalate() == []


def test_an_interview_is_recorded_once_with_its_date_and_outcome(issued, staff, client):
    with at("2026-12-04 09:00 +0800"):
        services.notices_escalate()
        services.notice_interview_record(
            notice=issued, user=staff, held_on=date(2026, 12, 4), outcome="区分管副区长表态整改。"
        )
        client.force_login(staff)
        again = client.post(
            f"/api/v1/notices/{issued.pk}/interview/",
            {"held_on": "2026-12-04", "outcome": "再记"},
            content_type="application/json",
        )
    assert again.status_code == 409
    interview = NoticeEscalation.objects.get(notice=issued, step="interview")
    assert interview.held_on == date(2026, 12, 4) and interview.recorded_by == staff


def test_the_administrator_changes_the_thresholds_in_the_admin_and_keeps_them_in_order(
    client, city
):
    from tests.factories import UserFactory

    admin = UserFactory(username="sysadmin", role="admin", scope_region=city, is_staff=True)
    client.force_login(admin)
    # The one policy row, as its migration leaves it (a test with a transaction of its own
    # run before in this process empties every table).
    url = f"/admin/supervision/escalationpolicy/{EscalationPolicy.current().pk}/change/"
    wrong = client.post(url, {"reminder_after": 3, "interview_after": 2, "circular_after": 10})
    assert wrong.status_code == 200 and "各步骤须依次递增" in wrong.content.decode()
    client.post(url, {"reminder_after": 2, "interview_after": 4, "circular_after": 8})
    assert EscalationPolicy.current().thresholds() == [
        ("reminder", 2),
        ("interview", 4),
        ("circular", 8),
    ]
    assert client.get("/admin/supervision/escalationpolicy/add/").status_code == 403


def test_a_new_deadline_missed_again_escalates_again_from_the_reminder(issued, staff, answerer):
    with at("2026-12-04 09:00 +0800"):  # 5 working days after Friday 27 November
        services.notices_escalate()
        services.notice_acknowledge(notice=issued, user=answerer)
        services.notice_respond(notice=issued, user=answerer, text="已整改。")
        services.notice_return(
            notice=issued, user=staff, reason="未附台账。", deadline=date(2026, 12, 8)
        )
    issued.refresh_from_db()
    assert issued.escalation == ""  # the new deadline is not missed yet
    with at("2026-12-09 09:00 +0800"):
        [again] = services.notices_escalate()
    assert (again.step, again.deadline) == ("reminder", date(2026, 12, 8))
    assert sorted(NoticeEscalation.objects.values_list("step", "deadline")) == [
        ("interview", date(2026, 11, 27)),
        ("reminder", date(2026, 11, 27)),
        ("reminder", date(2026, 12, 8)),
    ]
