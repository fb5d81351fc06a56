"""An exact search by ID number recovers a number as surely as a reveal does, so it is held to
the same rules: only roles that may reveal, logged (never with the number), 20 an hour."""

import time_machine
from faker import Faker
from stdnum.cn import ric

from households import crypto
from households.models import IdRevealLog
from households.services import ID_SEARCHES_PER_HOUR
from tests.households.conftest import ID_A, ID_B


def search(client, number):
    return client.post("/households/search-id/", {"id_number": number})


def test_a_search_is_logged_with_its_count_and_never_the_number(client, official_1, household_of):
    household = household_of("H1", ID_A)
    client.force_login(official_1)
    assert "H1 张三" in search(client, ID_A).content.decode()
    search(client, ID_B)  # no match: logged too
    logs = list(
        IdRevealLog.objects.order_by("id").values("kind", "user", "record_count", "household_ids")
    )
    assert logs == [
        {
            "kind": "search",
            "user": official_1.pk,
            "record_count": 1,
            "household_ids": [household.pk],
        },
        {"kind": "search", "user": official_1.pk, "record_count": 0, "household_ids": []},
    ]
    stored = " ".join(str(v) for row in IdRevealLog.objects.values_list() for v in row)
    assert ID_A not in stored and ID_B not in stored


def test_roles_that_may_not_reveal_may_not_search(client, leader, household_of):
    household_of("H1", ID_A)
    client.force_login(leader)
    assert search(client, ID_A).status_code == 403
    assert client.get("/households/search-id/").status_code == 403
    assert not IdRevealLog.objects.exists()


def test_the_21st_search_in_an_hour_is_refused_with_429_and_logged(
    client, official_1, household_of
):
    household_of("H1", ID_A)
    client.force_login(official_1)
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        for _ in range(ID_SEARCHES_PER_HOUR):
            assert search(client, ID_A).status_code == 200
        refused = search(client, ID_A)
    assert refused.status_code == 429
    assert "H1 张三" not in refused.content.decode()
    assert "1 小时内" in refused.content.decode()
    assert IdRevealLog.objects.filter(kind="search_refused", record_count=0).count() == 1
    with time_machine.travel("2026-11-25 10:01 +0800", tick=False):
        client.force_login(official_1)  # the idle session has ended meanwhile
        assert "H1 张三" in search(client, ID_A).content.decode()  # the hour has passed


def test_the_mask_leaves_too_little_to_guess_the_rest(household_of):
    household = household_of("H1", ID_A)
    assert household.id_masked == "110*************2X"
    assert crypto.mask("430102198001011234") == "430*************34"


def test_a_code_from_after_the_birth_year_is_accepted():
    """罗湖区 (440303) was created in 1983; people born there earlier carry its code."""
    body = "44030319700101001"
    assert crypto.validate_id_number(body + ric.calc_check_digit(body + "0")).startswith("440303")


def test_a_code_that_never_existed_is_refused_on_every_path_without_a_crash(
    client, official_1, project_1, household_of
):
    never = "110001198501018347"  # valid check digit, no such county
    message = "身份证号前六位不是有效的行政区划代码。"
    client.force_login(official_1)
    created = client.post(
        "/api/v1/households/",
        {"project": project_1.id, "code": "N1", "party_name": "某", "id_number": never},
        content_type="application/json",
    )
    assert created.status_code == 400 and created.json() == {"id_number": [message]}
    household = household_of("H1", ID_A)
    member = client.post(
        f"/households/{household.pk}/members/", {"name": "某", "relation": "子", "id_number": never}
    )
    assert member.status_code == 302
    assert message in client.get(f"/households/{household.pk}/").content.decode()
    assert message in search(client, never).content.decode()


def test_every_demo_style_number_passes_the_systems_own_check():
    fake = Faker("zh_CN")
    fake.seed_instance(20260101)
    for _ in range(2000):
        crypto.validate_id_number(fake.ssn())
