"""What keeps the household list fast on a city's 300,000 households (DESIGN.md §7): the name
search and the keyset page answered from indexes, the district scope without a join, the
project choice limited to a district, and the API paging by cursor."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household
from tests.households.conftest import person_id


@pytest.fixture
def named(project_1, project_3, household_of):
    """张明 and 明华 in 江东区, 王明 in 江西区, and others without 明."""
    from households import services

    household_of("A-001", person_id(1), name="张明")
    household_of("A-002", person_id(2), name="明华")
    household_of("A-003", person_id(3), name="李红")
    household_of("B-001", person_id(4), name="Zhang Ming")
    services.household_create(
        project=project_3, code="C-001", party_name="王明", id_number=person_id(5)
    )


def _names(client, **params):
    html = client.get("/households/", params).content.decode()
    return {name for name in ("张明", "明华", "李红", "王明", "Zhang Ming") if f">{name}<" in html}


def test_a_name_is_found_by_any_part_of_it_within_the_scope(client, named, city_staff, official_1):
    client.force_login(city_staff)
    assert _names(client, q="明") == {"张明", "明华", "王明"}
    assert _names(client, q="张明") == {"张明"}
    assert _names(client, q="ming") == {"Zhang Ming"}  # any case
    assert _names(client, q="A-00") == {"张明", "明华", "李红"}  # a code by its start
    assert _names(client, q="%") == set()  # a wildcard is a character like any other
    client.force_login(official_1)
    assert _names(client, q="明") == {"张明", "明华"}  # 王明 is in 江西区


def test_the_search_and_the_keyset_page_read_their_indexes(named):
    """With sequential scans ruled out the plans must name the indexes: without them a
    search or a filtered page of 50 reads the whole table (the index, not its absence,
    is what makes 明 fast among 300,000 names)."""
    searched = Household.objects.filter(party_name__text="明")
    district_page = Household.objects.filter(district_id=1).order_by("id")[:51]
    keyset = Household.objects.filter(district_id=1, stage="signed", id__gt=10).order_by("id")[:51]
    by_code = Household.objects.filter(code__istartswith="A-00")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert "household_name_chars" in searched.explain()
        assert "household_district_order" in district_page.explain()
        assert "household_code_prefix" in by_code.explain()
        # On a handful of rows either district index serves the keyset page; on a city's,
        # only the one with the stage reads just its 50 rows.
        cursor.execute("DROP INDEX household_district_order")  # undone with the test
        assert "household_district_stage" in keyset.explain()


def test_the_households_behind_a_start_rate_are_counted_by_stage_from_the_index(named):
    """The leader dashboard's start rate opens the households of the plan year started by a
    day; the stage counts above them read the started-households index alone (it holds the
    stage), where reading each row for its stage scanned the city's table."""
    from django.db.models import Count

    started = Household.objects.filter(project__plan_year=2026, started_on__lte="2026-12-01")
    counts = started.order_by().values_list("stage").annotate(n=Count("*"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        assert "Index Only Scan using household_started" in counts.explain()


def test_the_campaigns_count_reads_only_what_the_district_index_holds(named):
    """The campaigns page counts a year's demolitions by district and project type: the
    district index holds each household's project, so the count reads it, not the city's
    300,000 rows (90 → 63 ms)."""
    from datetime import date

    from households.selectors import campaign_progress
    from projects.models import Campaign

    campaigns = [
        Campaign.objects.create(
            name="冬季攻势", starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31), scope=scope
        )
        for scope in ("both", "urban")
    ]
    with CaptureQueriesContext(connection) as captured:
        campaign_progress(campaigns)
    # The count reads no column of the households the district index does not hold, so the
    # index alone answers it (on a handful of rows the planner's choice of plan would say
    # nothing: any index read whole costs as little).
    read = set(re.findall(r'"households_household"\."(\w+)"', captured.captured_queries[-1]["sql"]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(a.attname) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE c.relname = 'household_district_order'"
        )
        (held,) = cursor.fetchone()
    assert read and read <= set(held), (read, held)


def test_a_district_officials_scope_needs_no_join(official_1, city_staff):
    scoped = str(Household.objects.for_user(official_1).order_by("id").query)
    assert "JOIN" not in scoped and '"district_id" IN' in scoped


def test_the_project_choice_lists_the_chosen_districts_projects(
    client, city_staff, official_1, project_1, project_2, project_3
):
    def offered(**params):
        html = client.get("/households/", params).content.decode()
        return {p.code for p in (project_1, project_2, project_3) if p.name in html}

    client.force_login(city_staff)
    assert offered() == set()  # the city's 1,200 projects are not one choice
    assert offered(district=project_3.district_id) == {"PG-02-001", "PG-02-002"}
    # A project given alone (a link from a figure) still filters, as the one offered.
    assert offered(project=project_1.pk) == {project_1.code}
    assert offered(project="x", district="y") == set()  # nonsense is refused, not a 500
    assert offered(district="²") == set()  # a digit to str.isdigit(), not to int()
    client.force_login(official_1)
    assert offered() == {project_1.code}  # a district's own projects


@pytest.mark.parametrize("rows", [60, 130])
def test_the_api_pages_by_cursor_at_a_fixed_cost(client, city_staff, project_1, rows):
    from households import services

    for n in range(rows):
        services.household_create(
            project=project_1, code=f"K{n:04d}", party_name="住户", id_number=person_id(n % 28 + 1)
        )
    client.force_login(city_staff)
    client.get("/api/v1/regions/")  # the session's first save (then once a minute)
    seen, url, queries = [], "/api/v1/households/", set()
    while url:
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).json()
        queries.add(len(ctx.captured_queries))
        # a page's members are read alone, not joined to their projects to be sorted
        members = [q["sql"] for q in ctx.captured_queries if "householdmember" in q["sql"]]
        assert members and not any("JOIN" in sql for sql in members)
        assert "count" not in body
        seen += [row["code"] for row in body["results"]]
        url = body["next"]
        assert url is None or "page=" not in url and "cursor" in parse_qs(urlparse(url).query)
    assert seen == [f"K{n:04d}" for n in range(rows)]
    # the user, the page's rows, their members: at any depth (a city-wide scope reads no
    # project grants)
    assert queries == {3}


def test_a_forged_cursor_is_not_found(client, city_staff):
    import base64

    client.force_login(city_staff)
    for position in ("abc", "1.5", "", "9" * 30):
        cursor = base64.b64encode(f"p={position}".encode()).decode()
        assert client.get("/api/v1/households/", {"cursor": cursor}).status_code == 404
    assert client.get("/api/v1/households/", {"cursor": "not base64!"}).status_code == 404
