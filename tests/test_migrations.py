"""Models that moved between apps kept their rows: a database made before the move (Region
in projects, project HQ grants on the user) migrates to the new layout with every row, every
foreign key and every history event in place."""

import pytest

BEFORE = [
    ("projects", "0003_statement_level_history"),
    ("accounts", "0002_initial"),
    ("households", "0005_export_log"),
]
AFTER = [
    ("projects", "0005_region_to_core"),
    ("accounts", "0003_scope_from_core"),
    ("households", "0006_region_from_core"),
    ("core", "0002_notification"),
]


@pytest.mark.django_db(transaction=True)
def test_region_and_project_grants_move_with_their_rows(migrator):
    migrator.apply_initial_migration(BEFORE)
    # The initial plan runs everything ordered before the last target (projects 0004 among
    # it); migrating to the targets themselves gives exactly the state before the move.
    old = migrator.apply_tested_migration(BEFORE)
    Region = old.apps.get_model("projects", "Region")
    city = Region.objects.create(code="990100", name="江州市", level="city")
    district = Region.objects.create(code="990102", name="江东区", level="district", parent=city)
    street = Region.objects.create(
        code="990102001", name="解放路街道", level="street", parent=district
    )
    project = old.apps.get_model("projects", "Project").objects.create(
        code="PG-1", name="老火车站片区", district=district, street=street
    )
    user = old.apps.get_model("accounts", "User").objects.create(
        username="hq_1", password="!", scope_region=street
    )
    user.scope_projects.add(project)
    household = old.apps.get_model("households", "Household").objects.create(
        project=project, district=district, code="001", party_name="张三"
    )
    region_events = old.apps.get_model("projects", "RegionEvent").objects.count()

    new = migrator.apply_tested_migration(AFTER)
    Region = new.apps.get_model("core", "Region")
    assert list(Region.objects.order_by("id").values_list("id", "code", "parent_id")) == [
        (city.id, "990100", None),
        (district.id, "990102", city.id),
        (street.id, "990102001", district.id),
    ]
    moved = new.apps.get_model("projects", "Project").objects.get(pk=project.pk)
    assert (moved.district_id, moved.street_id) == (district.id, street.id)
    assert list(moved.scope_users.values_list("username", flat=True)) == ["hq_1"]
    assert (
        new.apps.get_model("accounts", "User").objects.get(pk=user.pk).scope_region_id == street.id
    )
    assert (
        new.apps.get_model("households", "Household").objects.get(pk=household.pk).district_id
        == district.id
    )
    events = new.apps.get_model("core", "RegionEvent")
    assert region_events == 3 and events.objects.count() == 3  # past history kept
    Region.objects.create(code="990103", name="江西区", level="district", parent_id=city.id)
    assert events.objects.count() == 4  # and the history triggers work on the moved table
