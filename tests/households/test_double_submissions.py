"""A double click, a second tab, two people at once: the data stays right and the page says why."""

import re
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from households.importers import import_roster
from households.models import Household, HouseholdMember
from households.services import household_create, member_add
from tests.households.conftest import ID_A, ID_B
from tests.households.test_roster_import import good_rows, xlsx
from tests.pages import input_value


def at_once(*calls, held=None):
    """Run the calls in parallel on their own database connections; their results or errors.
    With `held` (a model instance), its row is locked until every call waits for it: each
    has done all its work before its first write, whatever the machine's speed."""
    outcomes = [None] * len(calls)
    if held is None:
        threads = _started(calls, outcomes)
    else:
        with transaction.atomic():
            type(held).objects.select_for_update().get(pk=held.pk)
            threads = _started(calls, outcomes)
            _wait_until_blocked(threads)
    for thread in threads:
        thread.join()
    return outcomes


def _started(calls, outcomes):
    start = threading.Barrier(len(calls))

    def run(index, call):
        try:
            start.wait()
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    return threads


def _wait_until_blocked(threads, seconds: float = 30) -> None:
    """Until every thread waits for a lock; a thread that ended first (failed) ends it."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and all(t.is_alive() for t in threads):
            # The activity view is read once per transaction unless told to look again.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= len(threads):
                return
            time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_the_same_household_submitted_twice_at_once_is_saved_once(project_1):
    def create():
        return household_create(project=project_1, code="001", party_name="张三", id_number=ID_A)

    outcomes = at_once(create, create)
    assert Household.objects.count() == 1
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError)
    assert refused[0].message_dict == {"code": ["该项目已有相同户编号。"]}


def test_a_second_submission_of_the_page_says_the_code_exists(client, official_1, project_1):
    client.force_login(official_1)
    form = {
        "project": project_1.id,
        "code": "001",
        "party_type": "owner",
        "party_name": "张三",
        "id_number": ID_A,
        "land_type": "state",
        "use": "residential",
        "legal_area": "50",
        "unregistered_area": "0",
        "unregistered_recognition": "pending",
        "intention": "undecided",
    }
    assert client.post("/households/new/", form).status_code == 302
    again = client.post("/households/new/", form)
    assert again.status_code == 200 and "该项目已有相同户编号" in again.content.decode()
    assert Household.objects.count() == 1


def test_an_edit_to_a_code_taken_is_refused_on_the_code_field_under_the_households_own(
    client, official_1, household_of
):
    """The page was headed with the code typed, as if another household were edited, and
    marked no field."""
    first, _second = household_of("H1", ID_A), household_of("H2", ID_B)
    client.force_login(official_1)
    page = client.get(f"/households/{first.pk}/edit/").content.decode()
    form = {
        name: input_value(page, name)
        for name in re.findall(r'<input[^>]*name="([^"]+)"', page)
        if name != "csrfmiddlewaretoken"
    }
    selected = r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected'
    form.update(dict(re.findall(selected, page, re.S)))
    form["code"] = "H2"
    html = client.post(f"/households/{first.pk}/edit/", form).content.decode()
    assert "编辑被征收户 H1" in html and "编辑被征收户 H2" not in html
    assert re.search(r"name=\"code\".*?户编号：该项目已有相同户编号", html, re.S)  # the field
    first.refresh_from_db()
    assert first.code == "H1"


def test_a_person_is_a_member_of_a_household_once(household_of):
    household = household_of("H1", ID_A)
    member_add(household=household, name="李四", relation="配偶", id_number=ID_B)
    with pytest.raises(ValidationError) as refused:
        member_add(household=household, name="李四", relation="配偶", id_number=ID_B.lower())
    assert refused.value.message_dict == {"id_number": ["此人已是本户的家庭成员。"]}
    assert HouseholdMember.objects.filter(name="李四").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_file_imported_twice_at_once_is_written_once(project_1):
    content = xlsx(good_rows())

    def confirm():
        return import_roster(
            project=project_1, content=content, filename="r.xlsx", user=None, dry_run=False
        )

    results = at_once(confirm, confirm, held=project_1)
    assert not any(isinstance(r, Exception) for r in results), results
    assert Household.objects.count() == 2
    assert sorted(r.created for r in results) == [0, 2]
    refused = next(r for r in results if r.created == 0)
    assert "导入期间本项目有户被他人新增或修改" in refused.errors[0]["message"]


def test_a_code_taken_before_is_refused_on_the_code_field_too(project_1):
    """One after the other, not at once: the same error on the same field."""
    household_create(project=project_1, code="001", party_name="张三", id_number=ID_A)
    with pytest.raises(ValidationError) as refused:
        household_create(project=project_1, code="001", party_name="李四", id_number=ID_B)
    assert refused.value.message_dict == {"code": ["该项目已有相同户编号。"]}
    assert Household.objects.count() == 1
