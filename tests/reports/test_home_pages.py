"""Each role's home page starts the day: the clerk's filing, waiting households and imports;
the city staff's missing filings with a reminder (催报) that reaches the clerks' inbox,
the latest report and what waits for them; a menu with nothing a role cannot use."""

import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Notification
from households import services as household_services
from households.models import RosterImport
from projects.models import FilingReminder
from projects.services import daily_status_submit
from supervision.models import Grievance
from tests.factories import ProjectFactory, UserFactory
from tests.households.conftest import person_id

FRIDAY = "2026-11-20 10:00 +0800"
SATURDAY = "2026-11-21 10:00 +0800"
UC = "under_construction"


@pytest.fixture
def building(district_1, street_1):
    return ProjectFactory(
        district=district_1,
        street=street_1,
        construction_status=UC,
        name="东区在建",
        street_contact_name="王主任",
        street_contact_phone="13900000001",
    )


@pytest.fixture
def building_2(district_2):
    return ProjectFactory(district=district_2, construction_status=UC, name="西区在建")


def file_working(project, reporter, correction_reason=""):
    """The project's status for Friday, filed on time."""
    row = {"project": project, "status": "working", "workers_on_site": 3, "machinery_on_site": 0}
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        daily_status_submit(
            day=date(2026, 11, 20),
            reporter=reporter,
            rows=[row],
            correction_reason=correction_reason,
        )


def home(client, user, moment=FRIDAY):
    client.force_login(user)
    with time_machine.travel(moment, tick=False):
        return client.get("/").content.decode()


def test_the_clerk_sees_todays_filing_with_the_cut_off_and_a_button(
    client, official_1, building, building_2
):
    html = home(client, official_1)
    card = html.split('data-testid="filing-today"')[1].split('data-testid="waiting-households"')[0]
    assert 'data-testid="home-missing">1<' in card and "截止 17:00" in card
    assert 'text-warning-emphasis" data-testid="home-missing"' in card  # still to file, not late
    evening = home(client, official_1, "2026-11-20 17:30 +0800")
    assert 'text-danger" data-testid="home-missing"' in evening  # past the cut-off: late
    assert 'href="/projects/daily/"' in card and "立即填报" in card
    file_working(building, official_1)
    assert 'data-testid="home-all-filed"' in home(client, official_1)
    assert 'data-testid="day-off"' in home(client, official_1, SATURDAY)


def registered(project, count):
    """`count` households registered on the project's roster (H0, H1, …)."""
    return [
        household_services.household_create(
            project=project,
            code=f"H{number}",
            party_name=f"住户{number}",
            id_number=person_id(number + 1),
        )
        for number in range(count)
    ]


def test_the_clerk_sees_households_by_stage_and_recent_imports(client, official_1, project_1):
    registered(project_1, 3)
    RosterImport.objects.create(
        project=project_1,
        imported_by=official_1,
        filename="东区台账.xlsx",
        created=3,
        updated=0,
        unchanged=0,
    )
    html = home(client, official_1)
    waiting = html.split('data-testid="waiting-registered"')[1][:400]
    assert 'href="/households/?stage=registered"' in html and ">3<" in waiting
    assert "下一步：已调查" in waiting
    assert "东区台账.xlsx" in html.split('data-testid="recent-imports"')[1]
    assert "resumption-dashboard" not in html  # the city-wide chart is the leader's


def test_a_roster_import_is_listed_for_its_district_only(client, official_1, official_2, project_1):
    from tests.households.test_roster_import import good_rows, run, xlsx

    run(project_1, xlsx(good_rows()))
    entry = RosterImport.objects.get()
    assert (entry.project, entry.created, entry.updated) == (project_1, len(good_rows()) - 1, 0)
    assert "roster.xlsx" in home(client, official_1) or entry.filename in home(client, official_1)
    assert entry.filename not in home(client, official_2)


def test_city_staff_see_who_has_not_filed_with_contacts_and_remind_them(
    client, city_staff, official_1, official_2, building, building_2
):
    street_clerk = UserFactory(
        username="street_1", role="district_official", scope_region=building.street
    )
    html = home(client, city_staff)
    missing = html.split('data-testid="not-filed"')[1].split('data-testid="latest-report"')[0]
    assert "东区在建" in missing and "王主任" in missing and "13900000001" in missing
    assert "西区在建" in missing
    with time_machine.travel(FRIDAY, tick=False):
        response = client.post(
            "/projects/daily/remind/",
            {"district": building.district_id, "date": "2026-11-20"},
            follow=True,
        )
    assert "已向江东区 2 名填报员发送催报" in response.content.decode()
    inbox = Notification.objects.filter(recipient__in=[official_1, street_clerk])
    assert inbox.count() == 2 and "东区在建" in inbox.first().text
    assert inbox.first().link == "/projects/daily/?date=2026-11-20"
    assert not Notification.objects.filter(recipient=official_2).exists()
    after = home(client, city_staff)
    # the button says when it can be pressed again, rather than offering what will be refused
    assert "10:00 已催报" in after and "10:30 后可再次催报" in after
    # The overview may show another day than the reminder's: it says which day it was sent.
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        overview = client.get("/projects/daily/overview/", {"date": "2026-11-20"}).content
    assert "11-20 10:00 已催报" in overview.decode()
    assert 'data-testid="remind"' in overview.decode()  # half an hour has long passed
    # a second reminder within half an hour is refused, and nobody is notified twice
    with time_machine.travel("2026-11-20 10:10 +0800", tick=False):
        again = client.post(
            "/projects/daily/remind/",
            {"district": building.district_id, "date": "2026-11-20"},
            follow=True,
        )
    assert "20 分钟后可再次催报" in again.content.decode()
    assert Notification.objects.count() == 2 and FilingReminder.objects.count() == 1


def test_the_home_page_names_five_unfiled_projects_a_district_and_counts_the_rest(
    client, city_staff, district_1
):
    """A morning with the whole city unfiled lists five a district, not hundreds: the rest
    are on the reporting overview, one link away."""
    for number in range(1, 8):
        ProjectFactory(district=district_1, construction_status=UC, name=f"在建{number:02d}号")
    html = home(client, city_staff)
    missing = html.split('data-testid="not-filed"')[1].split('data-testid="latest-report"')[0]
    assert [f"在建{n:02d}号" in missing for n in range(1, 8)] == [True] * 5 + [False] * 2
    # before the cut-off they are still to file, not late
    assert "7 个待报" in missing and "另有 2 个，见填报总览" in missing
    evening = home(client, city_staff, "2026-11-20 17:30 +0800")
    assert "7 个未报" in evening.split('data-testid="not-filed"')[1] and "个待报" not in evening
    assert 'href="/projects/daily/overview/#missing-list"' in missing


@pytest.mark.parametrize(
    "back, landing",
    [
        ("/projects/daily/overview/", "/projects/daily/overview/"),
        ("foo", "/"),  # a bare word was taken for a URL's name (a 500)
        ("https://example.org/", "/"),
        ("//example.org/", "/"),
    ],
)
def test_a_reminder_goes_back_to_a_page_of_this_site_only(
    client, city_staff, building, back, landing
):
    client.force_login(city_staff)
    with time_machine.travel(FRIDAY, tick=False):
        response = client.post(
            "/projects/daily/remind/",
            {"district": building.district_id, "date": "2026-11-20", "next": back},
        )
    assert (response.status_code, response["Location"]) == (302, landing)


def test_a_reminder_to_a_district_that_has_filed_is_refused(
    client, city_staff, official_1, building
):
    file_working(building, official_1)
    client.force_login(city_staff)
    with time_machine.travel(FRIDAY, tick=False):
        response = client.post(
            "/projects/daily/remind/",
            {"district": building.district_id, "date": "2026-11-20"},
            follow=True,
        )
    assert "均已报送" in response.content.decode()
    assert not Notification.objects.exists()


def test_the_clerk_sees_the_agreements_and_grievances_in_hand(client, official_1, project_1):
    """The home page said nothing of two drafts waiting for review or a grievance past its
    deadline: the clerk found them only by opening each list."""
    from compensation import services as compensation_services
    from compensation.models import Agreement
    from supervision import grievances

    scheme = compensation_services.scheme_new_version(project=project_1, user=official_1)
    statuses = ["draft", "draft", "reviewed", "effective"]
    for household, status in zip(registered(project_1, 4), statuses, strict=True):
        Agreement.objects.create(
            household=household,
            project=project_1,
            district_id=household.district_id,
            scheme=scheme,
            mode="monetary",
            status=status,
            planned_sign_on=date(2026, 11, 2),
            created_by=official_1,
        )
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        grievances.grievance_register(
            user=official_1,
            project=project_1,
            channel="visit",
            category="payment",
            content="补偿款至今未到账。",
            registered_on=date(2026, 11, 2),
        )
    html = home(client, official_1)  # Friday 20 November: past the 15-day deadline
    assert 'data-testid="waiting-drafts">2<' in html
    assert 'data-testid="waiting-reviewed">1<' in html
    assert 'data-testid="grievances-open-home">1<' in html
    assert 'data-testid="grievances-overdue-home">逾期 1<' in html
    # the count opens the grievances it counts: those in hand, not the closed ones too
    [link] = re.findall(r'href="([^"]+)" data-testid="grievances-in-hand-link"', html)
    with time_machine.travel(FRIDAY, tick=False):
        grievances.grievance_register(
            user=official_1,
            project=project_1,
            channel="visit",
            category="other",
            content="已解决的诉求。",
            registered_on=date(2026, 11, 20),
        )
        Grievance.objects.filter(content="已解决的诉求。").update(status="closed")
        listed = client.get(link.replace("&amp;", "&")).content.decode()
    rows = listed.split('data-testid="grievance-row"')[1:]
    assert len(rows) == 1 and "2026-11-02" in rows[0]  # the one in hand, not the closed one


def test_the_reminder_reaches_the_clerk_through_bell_inbox_and_home(
    client, city_staff, official_1, building
):
    client.force_login(city_staff)
    with time_machine.travel(FRIDAY, tick=False):
        client.post(
            "/projects/daily/remind/", {"district": building.district_id, "date": "2026-11-20"}
        )
    html = home(client, official_1)
    assert 'data-testid="unread-count">1<' in html and 'data-testid="home-notifications"' in html
    notification = Notification.objects.get()
    with time_machine.travel(FRIDAY, tick=False):
        inbox = client.get("/notifications/").content.decode()
        opened = client.get(f"/notifications/{notification.pk}/")
    assert "东区在建" in inbox
    assert ">未读</span>" in inbox and "新增" not in inbox  # it read 新增 before every message
    assert opened.status_code == 302 and opened.url == "/projects/daily/?date=2026-11-20"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-testid="unread-count"' not in home(client, official_1)


def test_a_reminder_is_settled_once_the_clerk_has_filed_everything_it_named(
    client, city_staff, official_1, building, district_1, django_capture_on_commit_callbacks
):
    second = ProjectFactory(district=district_1, construction_status=UC)
    client.force_login(city_staff)
    with time_machine.travel(FRIDAY, tick=False):
        client.post("/projects/daily/remind/", {"district": district_1.pk, "date": "2026-11-20"})
        reminder = Notification.objects.get(recipient=official_1)
        for project, expect_read in ((building, False), (second, True)):
            row = {"project": project, "status": "working", "workers_on_site": 5}
            with django_capture_on_commit_callbacks(execute=True):  # settled once committed
                daily_status_submit(
                    day=date(2026, 11, 20),
                    rows=[{**row, "machinery_on_site": 0}],
                    reporter=official_1,
                )
            reminder.refresh_from_db()
            assert (reminder.read_at is not None) is expect_read, project


def test_the_city_home_names_the_latest_report_and_what_waits(
    client, city_staff, official_1, building, household_pair_sharing_an_id
):
    from reports.services import report_generate

    with time_machine.travel("2026-11-19 18:00 +0800", tick=False):
        report = report_generate(kind="daily_resumption", period="2026-11-19")
    html = home(client, city_staff)
    assert f'href="/reports/{report.pk}/"' in html.split('data-testid="latest-report"')[1][:600]
    waiting = html.split('data-testid="waiting-items"')[1]
    assert "2026-11-19 待发布" in waiting and "身份证号重复的户" in waiting


@pytest.fixture
def household_pair_sharing_an_id(project_1, project_2):
    from tests.households.conftest import ID_A

    for project, code in [(project_1, "A1"), (project_2, "B1")]:
        household_services.household_create(
            project=project, code=code, party_name="张三", id_number=ID_A
        )


@pytest.mark.parametrize(
    "user, shown",
    [("official_1", False), ("leader", False), ("city_staff", True)],
)
def test_the_api_documentation_is_in_the_menu_of_those_who_may_read_it(
    client, request, user, shown
):
    user = request.getfixturevalue(user)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert ('href="/api/docs/"' in html) is shown
    assert (client.get("/api/docs/").status_code == 200) is shown


@pytest.mark.parametrize("user", ["official_1", "city_staff", "leader"])
def test_every_menu_entry_opens_for_the_role_that_sees_it(client, request, user, building):
    import re

    client.force_login(request.getfixturevalue(user))
    with time_machine.travel(FRIDAY, tick=False):
        html = client.get("/").content.decode()
        menu = html.split('id="mainNav"')[1].split("</ul>")[0]
        links = re.findall(r'href="([^"]+)"', menu)
        assert links
        for link in links:
            assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("user", ["official_1", "city_staff", "leader"])
def test_home_pages_run_a_fixed_number_of_queries(client, request, user, district_1):
    client.force_login(request.getfixturevalue(user))

    def count():
        with time_machine.travel(FRIDAY, tick=False), CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    ProjectFactory.create_batch(2, district=district_1, construction_status=UC)
    few = count()
    ProjectFactory.create_batch(20, district=district_1, construction_status=UC)
    assert count() == few


def test_each_clerk_is_reminded_of_the_projects_in_their_own_scope_only(
    client, city_staff, official_1, building, district_1, district_2, building_2, city
):
    from tests.factories import RegionFactory

    street_2 = RegionFactory(level="street", code="990102002", name="二街", parent=district_1)
    other_street = ProjectFactory(
        district=district_1, street=street_2, construction_status=UC, name="二街在建"
    )
    street_clerk = UserFactory(
        username="street_1", role="district_official", scope_region=building.street
    )
    hq = UserFactory(username="hq", role="district_official", scope_region=None)
    building_2.scope_users.add(hq)  # project-HQ staff of one project of another district
    ProjectFactory(district=district_2, construction_status=UC, name="西区其他在建")
    client.force_login(city_staff)
    with time_machine.travel(FRIDAY, tick=False):
        client.post("/projects/daily/remind/", {"district": district_1.pk, "date": "2026-11-20"})
        client.post("/projects/daily/remind/", {"district": district_2.pk, "date": "2026-11-20"})
    street_text = Notification.objects.get(recipient=street_clerk).text
    assert "东区在建" in street_text and "二街在建" not in street_text
    district_texts = " ".join(
        Notification.objects.filter(recipient=official_1).values_list("text", flat=True)
    )
    assert "东区在建" in district_texts and other_street.name in district_texts
    hq_text = Notification.objects.get(recipient=hq).text
    assert "西区在建" in hq_text and "西区其他在建" not in hq_text


@pytest.mark.parametrize("day", ["2026-11-21", "2026-10-19"])
def test_a_reminder_for_a_future_or_long_past_day_is_refused(
    client, city_staff, official_1, building, day
):
    client.force_login(city_staff)
    with time_machine.travel(FRIDAY, tick=False):
        response = client.post(
            "/projects/daily/remind/", {"district": building.district_id, "date": day}, follow=True
        )
    assert "只能催报今天或最近 31 天的日报" in response.content.decode()
    assert not Notification.objects.exists()


def test_the_dashboard_shows_the_stored_report_of_the_closed_day(
    client, city_staff, official_1, building, building_2
):
    from reports.services import report_generate

    file_working(building, official_1)
    with time_machine.travel("2026-11-20 18:00 +0800", tick=False):
        report_generate(kind="daily_resumption", period="2026-11-20")  # 1 of 2 working: 50%
    file_working(building_2, official_1, "补报")  # after the report: a correction, not shown
    html = home(client, city_staff, "2026-11-23 09:00 +0800")  # Monday before the cut-off
    assert 'data-testid="today-city-rate">50.0%<' in html


def test_only_those_who_publish_are_told_of_reports_to_publish(client, city_staff, district_1):
    from reports.services import report_generate

    bureau_leader = UserFactory(
        username="bureau_leader", role="bureau_leader", scope_region=district_1.parent
    )
    with time_machine.travel("2026-11-19 18:00 +0800", tick=False):
        report_generate(kind="daily_resumption", period="2026-11-19")
    assert "待发布" in home(client, city_staff).split('data-testid="waiting-items"')[1]
    assert "待发布" not in home(client, bureau_leader).split('data-testid="waiting-items"')[1]
