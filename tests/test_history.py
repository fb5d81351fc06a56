"""Every change to domain data is kept with who made it (django-pghistory triggers)."""

from django.urls import reverse

from projects.models import Project
from tests.factories import project_form_data


def _events(project):
    return list(project.events.order_by("pgh_id").select_related("pgh_context"))


def test_page_edit_records_the_acting_user(client, official_1, project_1, district_1):
    client.force_login(official_1)
    client.post(
        reverse("projects:update", args=[project_1.pk]),
        project_form_data(
            district_1,
            code=project_1.code,
            name="改名后的项目",
            street=project_1.street_id,
            version=project_1.version,
        ),
    )
    last = _events(project_1)[-1]
    assert last.pgh_label == "update" and last.name == "改名后的项目"
    assert last.pgh_context.metadata["user"] == official_1.pk


def test_api_edit_with_a_token_records_the_acting_user(client, official_1, project_1):
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=official_1)
    client.patch(
        f"/api/v1/projects/{project_1.pk}/",
        {"name": "接口改名", "version": project_1.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    last = _events(project_1)[-1]
    assert last.name == "接口改名"
    assert last.pgh_context.metadata["user"] == official_1.pk


def test_bulk_update_is_recorded_too(project_1, project_2):
    Project.objects.update(name="批量改名")
    assert _events(project_1)[-1].name == "批量改名"
    assert _events(project_2)[-1].name == "批量改名"


def test_no_statement_is_jit_compiled(db):
    """A plan costly enough for JIT (as the history triggers' plans become after a large
    update) is not compiled: compiling took 0.3–0.9 s for a one-row update."""
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT count(*) "
            "FROM generate_series(1, 1000000) a, generate_series(1, 1000000) b"
        )
        (plan,) = cursor.fetchone()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    assert plan[0]["Plan"]["Total Cost"] > 100_000  # above jit_above_cost's default
    assert "JIT" not in plan[0]


def test_history_is_indexed_by_its_object_and_context_only(db):
    """Every write of a tracked row writes its history row, and every index on the history
    costs that write: only the object and the context are ever looked up, so the foreign
    keys an event copies from its row (district, household, who entered it) are not indexed."""
    from django.apps import apps
    from django.db import connection
    from pghistory.models import Event

    events = [m for m in apps.get_models() if issubclass(m, Event) and not m._meta.proxy]
    assert len(events) > 20  # every tracked model's history, not a few
    with connection.cursor() as cursor:
        for model in events:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
            indexed = {
                column
                for c in constraints.values()
                if c["index"] and not c["primary_key"]
                for column in c["columns"]
            }
            assert indexed <= {"pgh_obj_id", "pgh_context_id"}, model.__name__
