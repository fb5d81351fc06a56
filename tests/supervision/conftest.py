"""Notices between the city bureau and 江东区 (district_1), with 江西区 (district_2) as the
district that must never see them; the clock on Wednesday 2026-11-18."""

import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from supervision import services
from tests.factories import UserFactory

TODAY = "2026-11-18 10:00 +0800"
DEADLINE = date(2026, 11, 27)  # a Friday


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def bureau_leader(city):
    return UserFactory(
        username="bureau_leader",
        role="bureau_leader",
        scope_region=city,
        email="leader@example.org",
    )


@pytest.fixture
def staff(city_staff):
    city_staff.email = "staff@example.org"
    city_staff.save()
    return city_staff


@pytest.fixture
def answerer(official_1):
    official_1.email = "district1@example.org"
    official_1.save()
    return official_1


def png(name="photo.png", size=(800, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def draft(staff, district, project=None, **fields):
    values = {
        "subject": "老火车站片区签约进度滞后",
        "problem": "截至11月15日签约率仅42%，低于计划进度。",
        "requirement": "倒排工期，逐户攻坚，书面反馈整改措施。",
        "deadline": DEADLINE,
        "level": "key",
        **fields,
    }
    return services.notice_draft(
        user=staff, district=district, projects=[project] if project else [], **values
    )


@pytest.fixture
def issued(clock, staff, bureau_leader, answerer, district_1, project_1):
    """A notice to 江东区, signed off and issued."""
    notice = draft(staff, district_1, project_1)
    services.notice_sign_off(notice=notice, user=bureau_leader)
    return services.notice_issue(notice=notice, user=staff)


def at(moment: str):
    return time_machine.travel(moment, tick=False)
