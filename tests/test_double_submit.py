"""A form sent twice at once: both pass the checks, the second save hits the unique
constraint. The user is told it was saved, never shown a server error; any other integrity
error is still a fault."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from rest_framework.test import APIRequestFactory

from core.api.exceptions import exception_handler
from core.views import call_service
from projects.models import InvestmentReport
from projects.services import investment_record
from tests.pages import input_value

pytestmark = pytest.mark.django_db


def _save_twice(project, user):
    """What the second of two simultaneous posts does: its check passed before the first
    one's row was written."""

    def save():
        with transaction.atomic():
            for _ in range(2):
                InvestmentReport.objects.create(
                    project=project, month=date(2026, 1, 1), amount=Decimal("50"), reported_by=user
                )

    return save


def test_a_page_says_the_form_was_sent_twice(rf, official_1, project_1):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    outcome = call_service(request, _save_twice(project_1, official_1), success="已保存")
    assert not outcome
    said = [str(m) for m in get_messages(request)]
    assert said == [
        "未保存：同一记录刚刚已由您（表单提交了两次）或他人保存。请刷新页面核对后再提交。"
    ]
    assert InvestmentReport.objects.count() == 0


def test_the_api_answers_409_and_any_other_integrity_error_stays_a_fault(official_1, project_1):
    context = {"request": APIRequestFactory().post("/"), "view": None}
    with pytest.raises(IntegrityError) as twice:
        _save_twice(project_1, official_1)()
    response = exception_handler(twice.value, context)
    assert response.status_code == 409 and "提交了两次" in response.data["detail"]
    with pytest.raises(IntegrityError) as fault, transaction.atomic():
        InvestmentReport.objects.create(
            project=project_1, month=date(2026, 1, 1), amount=None, reported_by=official_1
        )
    assert exception_handler(fault.value, context) is None  # raised: a 500, logged


def test_a_months_investment_sent_twice_at_once_is_told_so(rf, official_1, project_1, monkeypatch):
    """Both posts looked for the month's row before either had written it: the second was
    told, in Django's generic words, that a 月度投资 of this project and month existed."""
    InvestmentReport.objects.create(  # the first post's row, written after the second looked
        project=project_1, month=date(2026, 1, 1), amount=Decimal("50"), reported_by=official_1
    )
    monkeypatch.setattr(QuerySet, "first", lambda self: None)  # the second post's lookup
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with time_machine.travel("2026-02-10 10:00 +0800", tick=False):
        outcome = call_service(
            request,
            investment_record,
            success="已保存",
            project=project_1,
            month=date(2026, 1, 1),
            amount=Decimal("60"),
            user=official_1,
        )
    assert not outcome
    assert [str(m) for m in get_messages(request)] == [
        "未保存：同一记录刚刚已由您（表单提交了两次）或他人保存。请刷新页面核对后再提交。"
    ]
    assert InvestmentReport.objects.get().amount == Decimal("50")


def _sent_twice(client, url, data):
    """The form of `url` as its page gives it (with its token), sent twice."""
    data = {**data, "sent_once": input_value(client.get(url).content.decode(), "sent_once")}
    return client.post(url, data), client.post(url, data)


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_a_grievance_sent_twice_is_registered_once(client, official_1, project_1):
    from supervision.models import Grievance

    client.force_login(official_1)
    grievance = {
        "project": project_1.pk,
        "channel": "phone",
        "category": "compensation",
        "name": "王五",
        "content": "补偿款至今未到账。",
    }
    first, second = _sent_twice(client, "/supervision/grievances/new/", grievance)
    assert first.status_code == 302 and second.status_code == 200
    assert "未保存：同一记录刚刚已由您（表单提交了两次）" in second.content.decode()
    assert Grievance.objects.count() == 1
    # a new page is a new form: the same grievance told again is registered again
    again, _ = _sent_twice(client, "/supervision/grievances/new/", grievance)
    assert again.status_code == 302 and Grievance.objects.count() == 2


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_a_notice_sent_twice_is_drafted_once_and_a_refused_one_can_be_corrected(
    client, city_staff, district_1, project_1, project_2
):
    from supervision.models import SupervisionNotice

    client.force_login(city_staff)
    notice = {
        "district": district_1.pk,
        "projects": [project_1.pk],
        "level": "general",
        "subject": "安置房开工滞后",
        "problem": "安居苑二期未按期开工。",
        "requirement": "本周内开工并反馈。",
        "deadline": "2026-11-27",
    }
    page = client.get("/supervision/new/").content.decode()
    sent = {**notice, "projects": [project_2.pk], "sent_once": input_value(page, "sent_once")}
    refused = client.post("/supervision/new/", sent)  # the service refuses another district's
    assert "不在江东区" in refused.content.decode() and not SupervisionNotice.objects.exists()
    token = input_value(refused.content.decode(), "sent_once")
    assert token == sent["sent_once"]
    fixed = {**notice, "sent_once": token}
    assert client.post("/supervision/new/", fixed).status_code == 302  # the token was given back
    twice = client.post("/supervision/new/", fixed)
    assert "表单提交了两次" in twice.content.decode()
    assert SupervisionNotice.objects.count() == 1


def test_with_redis_down_a_form_sent_once_is_saved_unguarded(rf, monkeypatch):
    """The sending is remembered in Redis: when it cannot be, the record is made (and the
    failure logged) rather than refused."""
    from uuid import uuid4

    from core import views

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(views.cache, "add", unreachable)
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    outcome = call_service(request, lambda: "made", success="已保存", once=uuid4())
    assert outcome and outcome.value == "made"
