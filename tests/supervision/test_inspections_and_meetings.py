"""Inspections and their findings, meetings and their decisions: each becomes a pre-filled
notice that links back; who reads which; the year's meetings; a liaison's projects with their
figures in a fixed number of queries."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from supervision import grievances, inspections
from supervision.models import SupervisionNotice
from tests.factories import ProjectFactory
from tests.supervision.conftest import png

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def visit(staff, project_1, project_2):
    inspection = inspections.inspection_record(
        user=staff,
        inspected_on=date(2026, 11, 16),
        inspectors="督导组张伟",
        projects=[project_1, project_2],
    )
    inspections.finding_add(
        user=staff, inspection=inspection, project=project_1, text="扬尘防治不到位。", photo=png()
    )
    inspections.finding_add(
        user=staff, inspection=inspection, project=project_2, text="公示栏未公示方案。"
    )
    return inspection


def test_a_finding_becomes_a_notice_that_links_back(client, staff, visit, district_1, project_1):
    finding = visit.findings.get(project=project_1)
    client.force_login(staff)
    form = client.get(f"/supervision/new/?finding={finding.pk}").content.decode()
    assert "2026-11-16 督导检查发现：扬尘防治不到位。" in form
    client.post(
        "/supervision/new/",
        {
            "finding": finding.pk,
            "district": district_1.pk,
            "projects": [project_1.pk],
            "level": "general",
            "subject": "扬尘整改",
            "problem": "扬尘防治不到位。",
            "requirement": "整改。",
            "deadline": "2026-11-30",
        },
    )
    notice = SupervisionNotice.objects.get()
    assert notice.finding == finding
    assert (
        f"/supervision/inspections/{visit.pk}/"
        in client.get(f"/supervision/{notice.pk}/").content.decode()
    )
    assert (
        f"/supervision/{notice.pk}/"
        in client.get(f"/supervision/inspections/{visit.pk}/").content.decode()
    )


def test_a_district_reads_only_what_was_found_at_its_projects(
    client, visit, staff, official_1, official_2, project_1, project_2
):
    other_only = inspections.inspection_record(
        user=visit.created_by,
        inspected_on=date(2026, 11, 17),
        inspectors="督导组",
        projects=[project_2],
    )
    client.force_login(official_1)
    assert client.get(f"/supervision/inspections/{other_only.pk}/").status_code == 404
    page = client.get(f"/supervision/inspections/{visit.pk}/").content.decode()
    assert "扬尘防治不到位。" in page and "公示栏未公示方案。" not in page
    [answer] = client.get("/api/v1/inspections/").json()["results"]
    assert [f["text"] for f in answer["findings"]] == ["扬尘防治不到位。"]
    # A visit to both districts names to each only its own project: list, page and API.
    listed = client.get("/supervision/inspections/").content.decode()
    assert project_1.name in listed and project_2.name not in listed
    assert project_1.name in page and project_2.name not in page
    assert answer["projects"] == [project_1.pk]
    assert client.get(f"/api/v1/inspections/{visit.pk}/").json()["projects"] == [project_1.pk]
    client.force_login(staff)
    both = client.get(f"/api/v1/inspections/{visit.pk}/").json()["projects"]
    assert sorted(both) == sorted([project_1.pk, project_2.pk])
    assert project_2.name in client.get(f"/supervision/inspections/{visit.pk}/").content.decode()
    client.force_login(official_1)
    theirs = visit.findings.get(project=project_2)
    assert client.get(f"/supervision/findings/{theirs.pk}/photo/").status_code == 404
    mine = visit.findings.get(project=project_1)
    assert client.get(f"/supervision/findings/{mine.pk}/thumbnail/").status_code == 200
    assert client.get(f"/supervision/new/?finding={mine.pk}").status_code == 403


def test_a_finding_must_be_at_a_project_visited(staff, visit, district_1):
    from django.core.exceptions import ValidationError

    elsewhere = ProjectFactory(district=district_1)
    with pytest.raises(ValidationError) as refused:
        inspections.finding_add(user=staff, inspection=visit, project=elsewhere, text="x")
    assert "project" in refused.value.message_dict


def test_a_decision_becomes_a_notice_and_the_years_meetings_are_listed(
    client, staff, official_1, district_1
):
    meeting = inspections.meeting_record(
        user=staff, held_on=date(2026, 11, 10), host="分管副市长", subject="11月棚改调度会"
    )
    decision = inspections.decision_add(
        user=staff,
        meeting=meeting,
        text="本月底前完成入户攻坚。",
        owner="江东区人民政府",
        district=district_1,
        deadline=date(2026, 11, 30),
    )
    # Its message names the field as the form labels it (办理期限, not 完成期限).
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="办理期限不能早于会议日期"):
        inspections.decision_add(
            user=staff, meeting=meeting, text="x", owner="x", deadline=date(2026, 11, 9)
        )
    earlier = inspections.meeting_record(
        user=staff, held_on=date(2025, 12, 10), host="市长", subject="去年的调度会"
    )
    client.force_login(official_1)
    page = client.get("/supervision/meetings/").content.decode()
    assert "11月棚改调度会" in page and earlier.subject not in page
    assert earlier.subject in client.get("/supervision/meetings/?year=2025").content.decode()
    assert client.get("/supervision/meetings/?year=abc").status_code == 200
    client.force_login(staff)
    form = client.get(f"/supervision/new/?decision={decision.pk}").content.decode()
    assert "本月底前完成入户攻坚。" in form and "2026-11-30" in form
    client.post(
        "/supervision/new/",
        {
            "decision": decision.pk,
            "district": district_1.pk,
            "level": "key",
            "subject": "落实调度会议定事项",
            "problem": "议定事项未落实。",
            "requirement": "落实。",
            "deadline": "2026-11-30",
        },
    )
    assert SupervisionNotice.objects.get().decision == decision
    assert client.post("/supervision/meetings/", {}).status_code == 200  # errors shown
    # A meeting's fields read as a meeting's, not as a notice's subject or an interview's date.
    labels = re.findall(
        r"<label[^>]*>([^<]*?) ?<", client.get("/supervision/meetings/").content.decode()
    )
    assert {"会议日期", "会议主题"} <= set(labels) and not {"约谈日期", "督办事项"} & set(labels)
    detail = client.get(f"/supervision/meetings/{meeting.pk}/").content.decode()
    assert "议定事项" in re.findall(r"<label[^>]*>([^<]*?) ?<", detail)
    client.force_login(official_1)
    assert client.post("/supervision/meetings/", {"subject": "x"}).status_code == 403


def test_the_liaison_page_shows_each_project_in_a_fixed_number_of_queries(
    client, staff, official_1, bureau_leader, district_1, project_1, visit
):
    Project.objects.filter(pk=project_1.pk).update(city_liaison=staff)
    grievances.grievance_register(
        user=official_1,
        project=project_1,
        channel="visit",
        category="payment",
        content="补偿款未到账。",
        registered_on=date(2026, 10, 20),
    )  # overdue: undecided after 15 days
    client.force_login(staff)
    with CaptureQueriesContext(connection) as one:
        page = client.get("/supervision/liaison/").content.decode()
    assert project_1.name in page and "2026-11-16" in page and "逾期 1" in page
    for n in range(3):
        Project.objects.filter(pk=ProjectFactory(district=district_1, code=f"PG-L-{n}").pk).update(
            city_liaison=staff
        )
    with CaptureQueriesContext(connection) as four:
        assert client.get("/supervision/liaison/").status_code == 200
    assert len(one) == len(four)


def test_a_finding_refused_for_its_photo_says_why_and_a_draft_is_named_once(
    client, staff, visit, project_1
):
    """A file named .jpg that is no image was refused with no message on the page (the
    refusal is the form's, not a field's); a finding's draft notice read "草稿 草稿"."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    page = f"/supervision/inspections/{visit.pk}/"
    fake = SimpleUploadedFile("现场.jpg", b"not an image at all", content_type="image/jpeg")
    html = client.post(
        page, {"project": project_1.pk, "text": "围挡破损。", "photo": fake}
    ).content.decode()
    assert visit.findings.count() == 2
    assert 'class="alert alert-danger py-2 small"' in html
    assert "所选文件未保存" in html
    finding = visit.findings.get(project=project_1)
    SupervisionNotice.objects.create(
        finding=finding,
        district=project_1.district,
        subject="扬尘整改",
        problem="扬尘防治不到位。",
        requirement="整改。",
        deadline=date(2026, 11, 30),
        created_by=staff,
    )
    html = client.get(page).content.decode()
    assert "督办函草稿" in html and "草稿 草稿" not in html and "草稿</a> 草稿" not in html
