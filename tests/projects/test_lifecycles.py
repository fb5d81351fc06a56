"""Both project lifecycles change only through services that enforce them (DESIGN.md §4)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.errors import Conflict
from projects.models import ProjectStatusChange
from projects.services import (
    project_change_construction_status,
    project_change_expropriation_status,
)
from tests.pages import post_from

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        yield


def expropriate(project, to, on, user):
    return project_change_expropriation_status(
        project=project, to_status=to, effective_on=on, user=user
    )


def construct(project, to, on, user, reason=""):
    return project_change_construction_status(
        project=project, to_status=to, effective_on=on, user=user, reason=reason
    )


def test_expropriation_moves_step_by_step_and_sets_its_dates(project_1, official_1):
    expropriate(project_1, "scope_announced", date(2026, 3, 1), official_1)
    expropriate(project_1, "decision_announced", date(2026, 4, 1), official_1)
    project = expropriate(project_1, "signing", date(2026, 4, 10), official_1)
    assert project.expropriation_status == "signing"
    assert (
        project.scope_announced_on,
        project.decision_announced_on,
        project.signing_starts_on,
    ) == (date(2026, 3, 1), date(2026, 4, 1), date(2026, 4, 10))
    log = list(
        ProjectStatusChange.objects.filter(project=project_1).values_list(
            "from_status", "to_status", "changed_by"
        )
    )
    assert log == [
        ("not_started", "scope_announced", official_1.pk),
        ("scope_announced", "decision_announced", official_1.pk),
        ("decision_announced", "signing", official_1.pk),
    ]


def test_expropriation_cannot_skip_a_step(project_1, official_1):
    with pytest.raises(Conflict, match="不能变更为"):
        expropriate(project_1, "signing", date(2026, 4, 10), official_1)
    project_1.refresh_from_db()
    assert project_1.expropriation_status == "not_started"
    assert not ProjectStatusChange.objects.exists()


def test_signing_cannot_open_before_the_decision_date(project_1, official_1):
    expropriate(project_1, "scope_announced", date(2026, 3, 1), official_1)
    expropriate(project_1, "decision_announced", date(2026, 4, 1), official_1)
    with pytest.raises(ValidationError) as excinfo:
        expropriate(project_1, "signing", date(2026, 3, 20), official_1)
    assert "不能早于上一次变更" in str(excinfo.value)


def test_repeating_a_transition_is_refused_without_writing_twice(project_1, official_1):
    expropriate(project_1, "scope_announced", date(2026, 3, 1), official_1)
    with pytest.raises(Conflict, match="已经是"):
        expropriate(project_1, "scope_announced", date(2026, 3, 1), official_1)
    assert ProjectStatusChange.objects.count() == 1


def test_a_future_date_is_refused(project_1, official_1):
    with pytest.raises(ValidationError) as excinfo:
        expropriate(project_1, "scope_announced", date(2026, 11, 21), official_1)
    assert excinfo.value.message_dict == {"effective_on": ["日期不能晚于今天。"]}


def test_construction_start_sets_the_start_date(project_1, official_1):
    project = construct(project_1, "under_construction", date(2026, 5, 6), official_1)
    assert project.construction_status == "under_construction"
    assert project.construction_started_on == date(2026, 5, 6)


def test_suspension_needs_a_reason_and_resumption_clears_it(project_1, official_1):
    construct(project_1, "under_construction", date(2026, 5, 6), official_1)
    with pytest.raises(ValidationError) as excinfo:
        construct(project_1, "suspended", date(2026, 6, 1), official_1, reason="  ")
    assert excinfo.value.message_dict == {"reason": ["请填写停工原因。"]}
    project = construct(project_1, "suspended", date(2026, 6, 1), official_1, reason="规划调整")
    assert (project.construction_status, project.suspension_reason) == ("suspended", "规划调整")
    project = construct(project_1, "under_construction", date(2026, 7, 1), official_1)
    assert (project.construction_status, project.suspension_reason) == ("under_construction", "")
    assert project.construction_started_on == date(2026, 5, 6)  # resuming is not a new start


def test_completion_then_acceptance(project_1, official_1):
    construct(project_1, "under_construction", date(2026, 5, 6), official_1)
    construct(project_1, "completed", date(2026, 10, 1), official_1)
    project = construct(project_1, "accepted", date(2026, 10, 20), official_1)
    assert (project.completed_on, project.accepted_on) == (date(2026, 10, 1), date(2026, 10, 20))


def test_not_started_project_cannot_be_completed(project_1, official_1):
    with pytest.raises(Conflict):
        construct(project_1, "completed", date(2026, 10, 1), official_1)


def test_api_answers_409_for_a_step_the_lifecycle_does_not_allow(client, official_1, project_1):
    client.force_login(official_1)
    response = client.post(
        f"/api/v1/projects/{project_1.id}/construction-status/",
        {"to_status": "completed", "effective_on": "2026-10-01"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "不能变更为" in response.json()["detail"]


def test_api_answers_400_naming_the_missing_reason(client, official_1, project_1):
    construct(project_1, "under_construction", date(2026, 5, 6), official_1)
    client.force_login(official_1)
    response = client.post(
        f"/api/v1/projects/{project_1.id}/construction-status/",
        {"to_status": "suspended", "effective_on": "2026-10-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["请填写停工原因。"]}


def test_api_status_change_of_another_district_is_404(client, official_1, project_2):
    client.force_login(official_1)
    response = client.post(
        f"/api/v1/projects/{project_2.id}/construction-status/",
        {"to_status": "under_construction", "effective_on": "2026-10-01"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_status_change_by_a_leader_is_403(client, leader, project_1):
    client.force_login(leader)
    response = client.post(
        f"/api/v1/projects/{project_1.id}/construction-status/",
        {"to_status": "under_construction", "effective_on": "2026-10-01"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_page_status_change_shows_the_refusal(client, official_1, project_1):
    client.force_login(official_1)
    response = client.post(
        f"/projects/{project_1.id}/status/construction/",
        {
            "construction-to_status": "suspended",
            "construction-effective_on": "2026-10-01",
            "construction-reason": "x",
        },
        follow=True,
    )
    assert (
        "不能变更为" in response.content.decode()
        or "所选项不在可选范围内" in response.content.decode()
    )
    project_1.refresh_from_db()
    assert project_1.construction_status == "not_started"


def test_a_refused_status_change_comes_back_to_its_own_form(client, official_1, project_1):
    """Both status forms are on the project page: the construction one refused (a date after
    today) comes back with its date and note, the expropriation one stays empty."""
    page = f"/projects/{project_1.id}/"
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        client.force_login(official_1)
        html = post_from(
            client,
            page,
            f"/projects/{project_1.id}/status/construction/",
            {
                "construction-to_status": "under_construction",
                "construction-effective_on": "2027-01-15",
                "construction-reason": "主体桩基进场",
            },
        ).content.decode()
    construction = html.split('data-testid="status-form-construction"')[1].split("</form>")[0]
    expropriation = html.split('data-testid="status-form-expropriation"')[1].split("</form>")[0]
    assert 'value="2027-01-15"' in construction and 'value="主体桩基进场"' in construction
    assert "主体桩基进场" not in expropriation
    project_1.refresh_from_db()
    assert project_1.construction_status == "not_started"


def test_no_change_is_dated_before_the_projects_approval(project_1, official_1):
    """A start in 2001 for a project approved in 2025 put it on every past day's filing."""
    project_1.approved_on = date(2025, 5, 31)
    project_1.save(update_fields=["approved_on"])
    with pytest.raises(ValidationError, match="不能早于项目批准日期"):
        construct(project_1, "under_construction", date(2001, 1, 1), official_1)
    with pytest.raises(ValidationError, match="不能早于项目批准日期"):
        expropriate(project_1, "scope_announced", date(2025, 5, 30), official_1)
    assert construct(project_1, "under_construction", date(2025, 5, 31), official_1)
