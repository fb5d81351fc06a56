"""for_user(): the one definition of who reaches which region and project."""

import time_machine

from core.models import Region
from projects.models import Project
from tests.factories import ProjectFactory, RegionFactory, UserFactory


def test_district_official_reaches_only_their_district(official_1, project_1, project_2):
    assert list(Project.objects.for_user(official_1)) == [project_1]


def test_city_wide_user_reaches_every_district(city_staff, project_1, project_2):
    assert set(Project.objects.for_user(city_staff)) == {project_1, project_2}


def test_street_official_reaches_only_their_street(district_1, street_1, project_1):
    other_street = RegionFactory(level="street", code="990102002", parent=district_1)
    ProjectFactory(district=district_1, street=other_street)
    street_user = UserFactory(role="district_official", scope_region=street_1)
    assert list(Project.objects.for_user(street_user)) == [project_1]


def test_project_staff_reach_only_their_projects(district_1, project_1, project_2):
    ProjectFactory(district=district_1)
    hq_user = UserFactory(role="district_official")
    hq_user.scope_projects.add(project_2)
    assert list(Project.objects.for_user(hq_user)) == [project_2]


def test_user_without_scope_sees_nothing(project_1, project_2):
    user = UserFactory(role="city_staff")
    assert not Project.objects.for_user(user).exists()
    assert not Region.objects.for_user(user).exists()


def test_inactive_user_sees_nothing(official_1, project_1):
    official_1.is_active = False
    assert not Project.objects.for_user(official_1).exists()


def test_region_choices_of_a_district_official(official_1, district_1, district_2, street_1):
    assert set(Region.objects.for_user(official_1)) == {district_1, street_1}
    assert list(Region.objects.districts().for_user(official_1)) == [district_1]


def test_region_choices_of_a_street_official(district_1, district_2, street_1):
    street_user = UserFactory(role="district_official", scope_region=street_1)
    assert set(Region.objects.for_user(street_user)) == {district_1, street_1}


def test_region_choices_of_project_staff(district_1, district_2, street_1, project_1):
    hq_user = UserFactory(role="district_official")
    hq_user.scope_projects.add(project_1)
    assert set(Region.objects.for_user(hq_user)) == {district_1, street_1}


def test_home_page_counts_the_projects_of_the_officials_district(
    client, official_1, district_1, street_1
):
    from core.models import Region as R

    for number in range(2, 5):  # more streets must not multiply the count
        RegionFactory(level="street", code=f"99010200{number}", parent=district_1)
    ProjectFactory.create_batch(
        3, district=district_1, street=street_1, construction_status="under_construction"
    )
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        html = client.get("/").content.decode()
    assert 'data-testid="home-missing">3<' in html
    assert R.objects.for_user(official_1).count() == 5


def test_a_city_wide_scope_reads_no_project_grants(city_staff, django_assert_num_queries):
    """A grant widens a scope; the city's cannot be widened, so none is read for it."""
    from accounts.scoping import compute_scope

    assert city_staff.scope_region.level == "city"  # read with the user at log-in
    with django_assert_num_queries(0):
        assert compute_scope(city_staff).city_wide
