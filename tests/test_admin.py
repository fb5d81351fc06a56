"""The admin shows domain records but never changes them (services keep their rules and the
denormalised districts right)."""

import pytest
from django.contrib import admin

from core.admin import ReadOnlyAdmin
from households.models import Household
from households.services import household_create
from projects.models import DailyStatus, Project
from tests.factories import UserFactory

# Regions are kept by the administrator; every other record of our apps changes through services.
# The escalation thresholds are settings the administrator keeps too, and so are the screen's
# display links (created and revoked through the reports service, never edited).
EDITABLE = {"core.region", "supervision.escalationpolicy", "reports.displaylink"}


def test_every_domain_model_is_read_only_in_the_admin():
    apps = {"projects", "households", "reports", "compensation", "supervision", "core"}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if model._meta.app_label in apps and label not in EDITABLE:
            assert isinstance(model_admin, ReadOnlyAdmin), label


@pytest.fixture
def admin_user(city):
    return UserFactory(username="sysadmin", role="admin", scope_region=city, is_staff=True)


def test_an_admin_edit_cannot_move_a_project_or_a_household(
    client, admin_user, project_1, district_2
):
    household = household_create(
        project=project_1, code="001", party_name="张三", id_number="11010519491231002X"
    )
    client.force_login(admin_user)
    assert (
        client.get(f"/admin/projects/project/{project_1.pk}/change/").status_code == 200
    )  # it can read
    client.post(
        f"/admin/projects/project/{project_1.pk}/change/", {"district": district_2.pk, "code": "X"}
    )
    client.post(f"/admin/households/household/{household.pk}/change/", {"project": 0, "code": "Y"})
    project_1.refresh_from_db()
    household.refresh_from_db()
    assert (project_1.district_id, household.district_id, household.code) == (
        project_1.district_id,
        project_1.district_id,
        "001",
    )
    assert client.get("/admin/projects/project/add/").status_code == 403
    assert (
        client.post(f"/admin/projects/project/{project_1.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Project.objects.filter(pk=project_1.pk).exists() and not DailyStatus.objects.exists()
    assert Household.objects.filter(pk=household.pk).exists()
