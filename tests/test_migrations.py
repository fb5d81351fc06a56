"""Models that moved between apps kept their rows: a database made before the move (Region
in projects, project HQ grants on the user) migrates to the new layout with every row, every
foreign key and every history event in place.

The old layout is built in a database of its own, by the migrations up to the move alone:
rolling the shared test database back to it, and forward again to the latest migration, took
a minute of the suite for migrations this test does not look at."""

import uuid

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

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
ALIAS = "migration_test"


@pytest.fixture
def old_database(transactional_db):
    """A connection, under its own alias, to a new empty database beside the test database
    (whose connection is in autocommit here, as CREATE DATABASE needs), dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    default = connections["default"]
    connections[ALIAS] = default.__class__({**default.settings_dict, "NAME": name}, ALIAS)
    try:
        yield ALIAS
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def migrate(alias, targets):
    """The project state at `targets`, having applied exactly what they need."""
    state = MigrationExecutor(connections[alias]).migrate(targets)
    state.clear_delayed_apps_cache()
    return state


def test_region_and_project_grants_move_with_their_rows(old_database):
    old = migrate(old_database, BEFORE)

    def objects(state, app, model):
        return state.apps.get_model(app, model).objects.using(old_database)

    city = objects(old, "projects", "Region").create(code="990100", name="江州市", level="city")
    district = objects(old, "projects", "Region").create(
        code="990102", name="江东区", level="district", parent=city
    )
    street = objects(old, "projects", "Region").create(
        code="990102001", name="解放路街道", level="street", parent=district
    )
    project = objects(old, "projects", "Project").create(
        code="PG-1", name="老火车站片区", district=district, street=street
    )
    user = objects(old, "accounts", "User").create(
        username="hq_1", password="!", scope_region=street
    )
    user.scope_projects.add(project)
    household = objects(old, "households", "Household").create(
        project=project, district=district, code="001", party_name="张三"
    )
    region_events = objects(old, "projects", "RegionEvent").count()

    new = migrate(old_database, AFTER)
    regions = objects(new, "core", "Region")
    assert list(regions.order_by("id").values_list("id", "code", "parent_id")) == [
        (city.id, "990100", None),
        (district.id, "990102", city.id),
        (street.id, "990102001", district.id),
    ]
    moved = objects(new, "projects", "Project").get(pk=project.pk)
    assert (moved.district_id, moved.street_id) == (district.id, street.id)
    assert list(moved.scope_users.values_list("username", flat=True)) == ["hq_1"]
    assert objects(new, "accounts", "User").get(pk=user.pk).scope_region_id == street.id
    assert objects(new, "households", "Household").get(pk=household.pk).district_id == district.id
    events = objects(new, "core", "RegionEvent")
    assert region_events == 3 and events.count() == 3  # past history kept
    regions.create(code="990103", name="江西区", level="district", parent_id=city.id)
    assert events.count() == 4  # and the history triggers work on the moved table
