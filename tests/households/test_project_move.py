"""A project moved to another district takes its households along (projects.signals)."""

from households.models import Household
from households.services import household_create
from projects.services import project_update
from tests.households.conftest import ID_A


def test_moving_a_project_moves_its_households_out_of_the_old_districts_scope(
    project_1, official_1, official_2, district_2
):
    household = household_create(project=project_1, code="001", party_name="张三", id_number=ID_A)
    project_update(
        project=project_1, expected_version=project_1.version, district=district_2, street=None
    )
    household.refresh_from_db()
    assert household.district == district_2
    assert not Household.objects.for_user(official_1).exists()
    assert list(Household.objects.for_user(official_2)) == [household]
