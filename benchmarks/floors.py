"""The hot paths and their floors: for each page, hand-written SQL that returns the same rows
or figures the page shows — what no page can do without. benchmarks/pages.py times both."""

import base64
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db import connection
from django.utils import timezone


@dataclass
class Case:
    """A page timed by benchmarks/pages.py, as its user, beside its floor."""

    label: str
    user: str
    path: str
    floor: list[tuple[str, list]] = field(default_factory=list)  # (SQL, params) statements


def one(sql: str, params=()) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchone()[0]


def cursor_after(pk: int) -> str:
    """The households API's cursor for the page after household `pk` (DRF's encoding)."""
    return base64.b64encode(urlencode({"p": str(pk)}).encode("ascii")).decode("ascii")


FILING = "('under_construction', 'suspended')"
PAGE = 51  # a page of 50 and one more, to know whether there is a next one
# Counting a plan year's rows: read from an index project by project (no join with projects).
PLAN_YEAR_PROJECTS = "ARRAY(SELECT id FROM projects_project WHERE plan_year = %s)"

HOUSEHOLD_ROWS = f"""
    SELECT h.id, h.code, h.party_name, h.id_masked, h.stage, h.stage_changed_on, p.name
    FROM households_household h JOIN projects_project p ON p.id = h.project_id
    WHERE {{where}} ORDER BY h.id LIMIT {PAGE}"""
STAGE_COUNTS = "SELECT stage, count(*) FROM households_household h WHERE {where} GROUP BY stage"
NAME_MATCH = (
    "string_to_array(lower(h.party_name), NULL) @> string_to_array(%s, NULL) "
    "AND lower(h.party_name) LIKE %s"
)


def district_options(district_id: int | None = None) -> tuple[str, list]:
    """The district filter's choices: the city's, or an official's own district."""
    if district_id is None:
        return ("SELECT id, name FROM core_region WHERE level = 'district' ORDER BY code", [])
    return ("SELECT id, name FROM core_region WHERE id = %s", [district_id])


def project_options(district_id: int) -> tuple[str, list]:
    """The project filter's choices once a district is chosen (or is the official's)."""
    return (
        "SELECT id, code, name FROM projects_project WHERE district_id = %s ORDER BY code",
        [district_id],
    )


def household_list(
    where: str, params: list, *, district_id: int | None = None
) -> list[tuple[str, list]]:
    """A page of the roster, its stage counts and its filter's choices: the city's
    districts for a city-wide reader (no `district_id`), an official's district and its
    projects otherwise."""
    options = (
        [district_options()]
        if district_id is None
        else [district_options(district_id), project_options(district_id)]
    )
    return [
        (HOUSEHOLD_ROWS.format(where=where), params),
        (STAGE_COUNTS.format(where=where), params),
        *options,
    ]


# Which projects file on a day is their construction status *that day*, read from the status
# log (DESIGN.md §5): the latest change on or before the day, else the state before the first
# later one, else the project's own. Two passes over the log (its day twice as parameters),
# joined to the projects `p` by `_STATE_JOINS`.
_STATE_LOG = """WITH before AS (SELECT DISTINCT ON (project_id) project_id, to_status
        FROM projects_projectstatuschange WHERE track = 'construction'
        AND effective_on <= %s ORDER BY project_id, effective_on DESC, id DESC),
    later AS (SELECT DISTINCT ON (project_id) project_id, from_status
        FROM projects_projectstatuschange WHERE track = 'construction'
        AND effective_on > %s ORDER BY project_id, effective_on, id)"""
_STATE_JOINS = (
    "LEFT JOIN before ON before.project_id = p.id LEFT JOIN later ON later.project_id = p.id"
)
_FILING_STATE = (
    "p.construction_status <> 'not_started' AND "
    f"COALESCE(before.to_status, later.from_status, p.construction_status) IN {FILING}"
)


def filing_today(day: date, district_id: int | None = None) -> list[tuple[str, list]]:
    """Projects filing a daily status on the day, which have, by district."""
    district = "AND p.district_id = %s" if district_id else ""
    return [
        (
            f"""{_STATE_LOG}
            SELECT p.district_id, p.id, p.code, p.name, s.id, s.is_late
            FROM projects_project p {_STATE_JOINS}
            LEFT JOIN projects_dailystatus s ON s.project_id = p.id AND s.date = %s
            WHERE {_FILING_STATE} {district} ORDER BY p.code""",
            [day, day, day, *([district_id] if district_id else [])],
        )
    ]


def filing_prefill(day: date, district_id: int) -> tuple[str, list]:
    """The status each row of a district's filing sheet is pre-filled from: the latest
    before the day of each project filing that day."""
    return (
        f"""{_STATE_LOG}
        SELECT s.* FROM projects_project p {_STATE_JOINS}
        CROSS JOIN LATERAL (SELECT * FROM projects_dailystatus s
            WHERE s.project_id = p.id AND s.date < %s ORDER BY s.date DESC LIMIT 1) s
        WHERE {_FILING_STATE} AND p.district_id = %s""",
        [day, day, day, district_id],
    )


def last_reminders(day: date, district_id: int | None = None) -> tuple[str, list]:
    """The latest filing reminder (催报) sent today to each district, or to one."""
    district = "AND district_id = %s" if district_id else ""
    return (
        "SELECT DISTINCT ON (district_id) * FROM projects_filingreminder "
        f"WHERE date = %s {district} ORDER BY district_id, sent_at DESC",
        [day, *([district_id] if district_id else [])],
    )


def start_rates(year: int, day: date) -> list[tuple[str, list]]:
    """Each district's target and started households of the plan year (DESIGN.md §5), and
    how many had started by the last milestone passed (whether the district met it)."""
    return [
        (
            """SELECT t.district_id, r.code, r.name, t.households
            FROM projects_districttarget t
            JOIN projects_annualplan a ON a.id = t.plan_id AND a.year = %s
            JOIN core_region r ON r.id = t.district_id""",
            [year],
        ),
        (
            f"""SELECT h.district_id, h.project_id, count(*), count(*) FILTER (
                WHERE h.started_on <= (SELECT max(m.due_date) FROM projects_planmilestone m
                JOIN projects_annualplan a ON a.id = m.plan_id
                WHERE a.year = %s AND m.due_date < %s))
            FROM households_household h
            WHERE h.project_id = ANY({PLAN_YEAR_PROJECTS})
            AND h.started_on IS NOT NULL AND h.started_on <= %s GROUP BY 1, 2""",
            [year, day, year, day],
        ),
    ]


def dashboard_figures(
    year: int, day: date, district_id: int | None = None
) -> list[tuple[str, list]]:
    """What both leader dashboards show beside the start rates: the plan and its milestones,
    each district's (or the one district's) signing (plan-year projects' households, those
    signed by the day), investment reported this year against its target, and the notices
    and grievances overdue; the latest daily report, today's filing (the city's, or one
    district's), and the weekly start-rate trend."""

    # One district's figures: the same statements with its id among their conditions.
    def of(column: str = "district_id") -> str:
        return "" if district_id is None else f" AND {column} = %s"

    by = [] if district_id is None else [district_id]
    projects = f"ARRAY(SELECT id FROM projects_project WHERE plan_year = %s{of()})"
    weekly_rate = (  # the trend: the city's start rate each week, or the district's
        "data #> '{city,start_rate}'"
        if district_id is None
        else "jsonb_path_query_first(data, '$.districts[*] ? (@.district_code == $code)"
        ".start_rate', jsonb_build_object('code', (SELECT code FROM core_region WHERE id = %s)))"
    )
    return [
        (
            "SELECT a.*, m.due_date, m.start_rate_threshold FROM projects_annualplan a "
            "LEFT JOIN projects_planmilestone m ON m.plan_id = a.id WHERE a.year = %s",
            [year],
        ),
        (
            "SELECT id, district_id, signing_ends_on FROM projects_project "
            f"WHERE plan_year = %s{of()}",
            [year, *by],
        ),
        (
            f"SELECT h.project_id, count(*) FROM households_household h "
            f"WHERE h.project_id = ANY({projects}) GROUP BY 1",
            [year, *by],
        ),
        (
            f"SELECT a.project_id, count(*) FROM compensation_agreement a "
            f"WHERE a.project_id = ANY({projects}) "
            "AND a.status IN ('conditional', 'effective') AND a.signed_on <= %s GROUP BY 1",
            [year, *by, day],
        ),
        (
            "SELECT p.district_id, sum(i.amount) FROM projects_investmentreport i "
            "JOIN projects_project p ON p.id = i.project_id "
            f"WHERE i.month BETWEEN %s AND %s{of('p.district_id')} "
            "GROUP BY 1",
            [date(year, 1, 1), day.replace(day=1), *by],
        ),
        (
            "SELECT t.district_id, t.investment FROM projects_districttarget t "
            f"JOIN projects_annualplan a ON a.id = t.plan_id AND a.year = %s{of('t.district_id')}",
            [year, *by],
        ),
        (
            "SELECT district_id, count(*) FROM supervision_supervisionnotice "
            f"WHERE status IN ('issued', 'acknowledged', 'returned') AND deadline < %s{of()} "
            "GROUP BY 1",
            [day, *by],
        ),
        (
            "SELECT district_id, count(*) FROM supervision_grievance "
            "WHERE ((status = 'registered' AND accept_by < %s) "
            f"OR (status IN ('accepted', 'investigated') AND handle_by < %s)){of()} GROUP BY 1",
            [day, day, *by],
        ),
        (
            "SELECT id, period, data FROM reports_report WHERE kind = 'daily_resumption' "
            "AND is_current AND status IN ('ready', 'published') AND period <= %s "
            "ORDER BY period DESC LIMIT 1",
            [day.isoformat()],
        ),
        *filing_today(day, district_id),
        (
            f"SELECT id, period, {weekly_rate} FROM reports_report "
            "WHERE kind = 'weekly_supervision' AND is_current "
            "AND status IN ('ready', 'published') AND period LIKE %s "
            "ORDER BY period",
            [*by, f"{year}-W%"],
        ),
    ]


def campaign_progress(campaigns: list) -> tuple[str, list]:
    """Households demolished in each campaign's period and scope, by district: one pass over
    the year's demolitions, one count per campaign."""
    counts, params = [], []
    for _id, scope, starts_on, ends_on in campaigns:
        in_scope = "" if scope == "both" else " AND p.demolition_type = %s"
        counts.append(
            f"count(DISTINCT e.household_id) FILTER (WHERE e.effective_on BETWEEN %s AND %s"
            f"{in_scope})"
        )
        params += [starts_on, ends_on, *([] if scope == "both" else [scope])]
    first = min((c[2] for c in campaigns), default="2000-01-01")
    last = max((c[3] for c in campaigns), default="2000-01-01")
    return (
        f"SELECT h.district_id, {', '.join(counts) or 'count(*)'} "
        "FROM households_progressevent e JOIN households_household h ON h.id = e.household_id "
        "JOIN projects_project p ON p.id = h.project_id "
        "WHERE e.to_stage = 'demolished' AND NOT e.is_reversal "
        "AND e.effective_on BETWEEN %s AND %s GROUP BY 1",
        [*params, first, last],
    )


def cases() -> list[Case]:
    """The hot paths on the data of the database (the city dataset), with their floors."""
    today = timezone.localdate()
    year = today.year
    district, district_code = one(
        "SELECT json_build_array(id, code) FROM core_region WHERE level = 'district' "
        "ORDER BY code OFFSET 1"
    )
    # The last district's rows come last in id order: what an index on the district alone
    # would leave its official's first page to read through.
    last_district = one(
        "SELECT id FROM core_region WHERE level = 'district' ORDER BY code DESC LIMIT 1"
    )
    last_official = one(
        "SELECT username FROM accounts_user WHERE scope_region_id = %s ORDER BY username",
        [last_district],
    )
    # Deep in a district's signed households: four fifths of the way down.
    signed = one(
        "SELECT count(*) FROM households_household WHERE district_id = %s AND stage = 'signed'",
        [district],
    )
    deep_after = one(
        "SELECT id FROM households_household WHERE district_id = %s AND stage = 'signed' "
        "ORDER BY id OFFSET %s LIMIT 1",
        [district, signed * 4 // 5],
    )
    api_after = one(  # five sixths of the way down the city's households
        "SELECT id FROM households_household ORDER BY id "
        "OFFSET (SELECT count(*) * 5 / 6 FROM households_household) LIMIT 1"
    )
    name = ["明", "%明%"]
    campaigns = one(
        "SELECT coalesce(json_agg(json_build_array(id, scope, starts_on, ends_on)), '[]') "
        "FROM projects_campaign"
    )
    # The latest daily report whole (its districts' rows) and the city's rate of the last
    # 30 (the trend): the rates alone, not 30 whole reports.
    daily_reports = (
        "FROM reports_report WHERE kind = 'daily_resumption' AND is_current "
        "AND status IN ('ready', 'published') ORDER BY period DESC"
    )
    latest_report = [
        (f"SELECT id, period, data {daily_reports} LIMIT 1", []),
        (f"SELECT period, data #> '{{city,resumption_rate}}', id {daily_reports} LIMIT 30", []),
    ]
    notice_counts = (
        "SELECT status, count(*), count(*) FILTER (WHERE deadline < %s) "
        "FROM supervision_supervisionnotice {where} GROUP BY status"
    )
    official_id = one("SELECT id FROM accounts_user WHERE username = 'district_2'")
    return [
        Case(
            "home, city staff",
            "city_staff",
            "/",
            [
                *filing_today(today),
                district_options(),
                last_reminders(today),
                *latest_report,
                # the statuses filed or changed since the latest daily report was generated
                (
                    "SELECT s.*, p.code, p.name FROM projects_dailystatus s "
                    "JOIN projects_project p ON p.id = s.project_id "
                    "JOIN (SELECT period, generated_at FROM reports_report "
                    "WHERE kind = 'daily_resumption' AND is_current "
                    "AND status IN ('ready', 'published') AND period <= %s "
                    "ORDER BY period DESC LIMIT 1) r "
                    "ON s.date = r.period::date AND s.submitted_at > r.generated_at",
                    [today.isoformat()],
                ),
                # the reports awaiting publication: the latest three, and how many
                (
                    "SELECT id, kind, period FROM reports_report WHERE is_current "
                    "AND status = 'ready' ORDER BY period DESC, kind LIMIT 3",
                    [],
                ),
                ("SELECT count(*) FROM reports_report WHERE is_current AND status = 'ready'", []),
                (notice_counts.format(where=""), [today]),
                ("SELECT count(*) FROM households_household WHERE has_duplicate_id", []),
                ("SELECT district_id, count(*) FROM projects_project GROUP BY district_id", []),
            ],
        ),
        Case(
            "home, district official",
            "district_2",
            "/",
            [
                *filing_today(today, district),
                district_options(district),
                last_reminders(today, district),
                (STAGE_COUNTS.format(where="h.district_id = %s"), [district]),
                (notice_counts.format(where="WHERE district_id = %s"), [today, district]),
                (
                    "SELECT i.*, p.name, u.username FROM households_rosterimport i "
                    "JOIN projects_project p ON p.id = i.project_id "
                    "LEFT JOIN accounts_user u ON u.id = i.imported_by_id "
                    "WHERE p.district_id = %s ORDER BY i.imported_at DESC, i.id DESC LIMIT 5",
                    [district],
                ),
                (
                    "SELECT * FROM core_notification WHERE recipient_id = %s AND read_at IS NULL "
                    "ORDER BY created_at DESC, id DESC LIMIT 5",
                    [official_id],
                ),
                (  # the agreements waiting on a step
                    "SELECT count(*) FILTER (WHERE status = 'draft'), "
                    "count(*) FILTER (WHERE status = 'reviewed') "
                    "FROM compensation_agreement WHERE district_id = %s",
                    [district],
                ),
                (  # the grievances: open, overdue, closed and satisfied
                    "SELECT count(*), count(*) FILTER (WHERE status IN "
                    "('registered', 'accepted', 'investigated')), "
                    "count(*) FILTER (WHERE (accept_by < %s AND status = 'registered') OR "
                    "(handle_by < %s AND status IN ('accepted', 'investigated'))), "
                    "count(*) FILTER (WHERE status = 'closed'), "
                    "count(*) FILTER (WHERE status = 'closed' AND satisfaction <> 'unreachable'), "
                    "count(*) FILTER (WHERE status = 'closed' AND "
                    "satisfaction IN ('satisfied', 'basically')) "
                    "FROM supervision_grievance WHERE district_id = %s",
                    [today, today, district],
                ),
            ],
        ),
        Case(
            "household list, city staff, page 1",
            "city_staff",
            "/households/",
            household_list("TRUE", []),
        ),
        Case(
            "household list, district official, page 1",
            "district_2",
            "/households/",
            household_list("h.district_id = %s", [district], district_id=district),
        ),
        Case(
            "household list, last district's official",
            last_official,
            "/households/",
            household_list("h.district_id = %s", [last_district], district_id=last_district),
        ),
        Case(
            "household list, name search 明, city-wide",
            "city_staff",
            "/households/?q=%E6%98%8E",
            household_list(NAME_MATCH, name),
        ),
        Case(
            "household list, name search 明, official",
            "district_2",
            "/households/?q=%E6%98%8E",
            household_list(
                f"h.district_id = %s AND {NAME_MATCH}", [district, *name], district_id=district
            ),
        ),
        Case(
            "household list, district+stage, deep page",
            "city_staff",
            f"/households/?district={district}&stage=signed&after={deep_after}&page=40",
            [
                (
                    HOUSEHOLD_ROWS.format(
                        where="h.district_id = %s AND h.stage = 'signed' AND h.id > %s"
                    ),
                    [district, deep_after],
                ),
                # the stage tabs count every stage of the selection, the chosen one aside
                (STAGE_COUNTS.format(where="h.district_id = %s"), [district]),
                district_options(),
                project_options(district),
            ],
        ),
        Case(
            # where the leader dashboard's start rate opens: the households behind it
            "household list, started households of the plan",
            "city_leader",
            f"/households/?plan_year={year}&started_by={today.isoformat()}",
            household_list(
                f"h.project_id = ANY({PLAN_YEAR_PROJECTS}) AND h.started_on <= %s",
                [year, today],
            ),
        ),
        Case(
            "daily reporting overview",
            "city_staff",
            "/projects/daily/overview/",
            [*filing_today(today), district_options(), last_reminders(today)],
        ),
        Case(
            "daily filing sheet, last district's official",
            last_official,
            "/projects/daily/",
            [
                *filing_today(today, last_district),
                filing_prefill(today, last_district),
                # whether the day's report is out (a change after it is a correction)
                ("SELECT * FROM projects_reportedday WHERE date = %s", [today]),
                district_options(last_district),
            ],
        ),
        Case(
            "project list, city staff",
            "city_staff",
            "/projects/",
            [
                (
                    "SELECT p.*, r.name, s.name FROM projects_project p "
                    "JOIN core_region r ON r.id = p.district_id "
                    "LEFT JOIN core_region s ON s.id = p.street_id ORDER BY p.code LIMIT 50",
                    [],
                ),
                ("SELECT count(*) FROM projects_project", []),
                district_options(),
                ("SELECT id, name FROM core_region WHERE level = 'street' ORDER BY code", []),
            ],
        ),
        Case(
            "API households, cursor page deep in the city",
            "city_staff",
            f"/api/v1/households/?cursor={cursor_after(api_after)}",
            [
                (
                    "SELECT h.*, p.code FROM households_household h "
                    "JOIN projects_project p ON p.id = h.project_id "
                    f"WHERE h.id > %s ORDER BY h.id LIMIT {PAGE}",
                    [api_after],
                ),
                (
                    "SELECT m.* FROM households_householdmember m WHERE m.household_id IN "
                    f"(SELECT id FROM households_household WHERE id > %s ORDER BY id LIMIT {PAGE})",
                    [api_after],
                ),
            ],
        ),
        Case(
            "API start rate",
            "city_staff",
            f"/api/v1/dashboard/start-rate/?year={year}",
            start_rates(year, today),
        ),
        Case(
            "leader dashboard (city)",
            "city_leader",
            "/dashboard/",
            [*start_rates(year, today), *dashboard_figures(year, today)],
        ),
        Case(
            # Its place in the city's ranking needs every district's start rate; then its own
            # figures, plan-year projects by stage and signing status, and open notices.
            "leader dashboard (a district)",
            "city_leader",
            f"/dashboard/{district_code}/",
            [
                *start_rates(year, today),
                *dashboard_figures(year, today, district),
                (
                    "SELECT * FROM projects_project WHERE district_id = %s AND plan_year = %s "
                    "ORDER BY code",
                    [district, year],
                ),
                (
                    "SELECT h.project_id, h.stage, count(*), "
                    "count(*) FILTER (WHERE h.started_on <= %s) FROM households_household h "
                    "WHERE h.project_id = ANY(ARRAY(SELECT id FROM projects_project "
                    "WHERE district_id = %s AND plan_year = %s)) GROUP BY 1, 2",
                    [today, district, year],
                ),
                (
                    "SELECT a.project_id, a.status, count(DISTINCT a.household_id) "
                    "FROM compensation_agreement a JOIN projects_project p ON p.id = a.project_id "
                    "WHERE p.district_id = %s AND p.plan_year = %s "
                    "AND a.status NOT IN ('draft', 'reviewed') GROUP BY 1, 2",
                    [district, year],
                ),
                (
                    "SELECT * FROM supervision_supervisionnotice WHERE district_id = %s "
                    "AND status IN ('issued', 'acknowledged', 'returned') "
                    "ORDER BY deadline < %s DESC, deadline, id DESC LIMIT 10",
                    [district, today],
                ),
            ],
        ),
        Case(
            "agreement list, city staff",
            "city_staff",
            "/compensation/agreements/",
            [
                (
                    "SELECT a.*, h.code, h.party_name, p.name, r.name "
                    "FROM compensation_agreement a "
                    "JOIN households_household h ON h.id = a.household_id "
                    "JOIN projects_project p ON p.id = a.project_id "
                    "JOIN core_region r ON r.id = a.district_id "
                    "ORDER BY a.signed_on DESC NULLS FIRST, a.created_at DESC LIMIT 50",
                    [],
                ),
                ("SELECT count(*) FROM compensation_agreement", []),
                district_options(),
            ],
        ),
        Case(
            "campaigns, city staff",
            "city_staff",
            "/projects/campaigns/",
            [
                (
                    "SELECT c.*, t.district_id, t.households, r.name FROM projects_campaign c "
                    "LEFT JOIN projects_campaigntarget t ON t.campaign_id = c.id "
                    "LEFT JOIN core_region r ON r.id = t.district_id ORDER BY c.starts_on",
                    [],
                ),
                campaign_progress(campaigns),
            ],
        ),
        Case(
            "API payments, last district's official",
            last_official,
            "/api/v1/payments/",
            [
                (
                    "SELECT * FROM compensation_ledgerentry WHERE district_id = %s "
                    "ORDER BY id LIMIT 50",
                    [last_district],
                ),
                (
                    "SELECT count(*) FROM compensation_ledgerentry WHERE district_id = %s",
                    [last_district],
                ),
            ],
        ),
        Case(
            "notice board, city staff",
            "city_staff",
            "/supervision/",
            [
                (
                    "SELECT n.*, r.name FROM supervision_supervisionnotice n "
                    "JOIN core_region r ON r.id = n.district_id "
                    "ORDER BY n.deadline < %s DESC, n.deadline LIMIT 50",
                    [today],
                ),
                (notice_counts.format(where=""), [today]),
                district_options(),
            ],
        ),
    ]
