"""Report pages and API: every role reads the city-wide report; drill-down stays in scope."""

import pytest
import time_machine

from reports import services
from tests.reports.conftest import DAY


@pytest.fixture
def report(city_day):
    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        return services.report_generate(kind="daily_resumption", period=DAY.isoformat())


def test_every_role_reads_the_city_wide_report(client, report, official_1, leader, city_staff):
    for user in (official_1, leader, city_staff):
        client.force_login(user)
        html = client.get(f"/reports/{report.pk}/").content.decode()
        assert "江西区" in html and "P3 未报送" in html and "60.0%" in html


def test_the_not_resumed_figure_says_it_counts_the_projects_that_did_not_report(
    client, report, city_staff
):
    """The figure counted P3, which did not report, while the table under it listed only the
    projects that reported: 3 beside a list of 2."""
    client.force_login(city_staff)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    city = report.data["city"]
    assert city["not_reported"] == 1 and city["not_resumed"] > len(report.data["not_resumed"])
    assert 'data-testid="not-resumed-unreported">其中未报送 1 个<' in html
    assert "已报送的未复工项目" in html


def test_drill_down_shows_only_records_in_scope(client, report, official_1, district_2, city_day):
    client.force_login(official_1)
    html = client.get(
        f"/reports/{report.pk}/records/{district_2.code}/under_construction/"
    ).content.decode()
    assert "P6 迟报" not in html and "另有 2 条记录不在您的数据范围内" in html
    html = client.get(f"/reports/{report.pk}/records/990102/not_resumed/").content.decode()
    assert "P2 未复工" in html and "P3 未报送" in html


def test_file_download(client, report, official_1):
    client.force_login(official_1)
    response = client.get(f"/reports/{report.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_publish_is_for_city_staff(client, report, official_1, city_staff):
    client.force_login(official_1)
    assert client.post(f"/reports/{report.pk}/publish/").status_code == 403
    client.force_login(city_staff)
    client.post(f"/reports/{report.pk}/publish/")
    report.refresh_from_db()
    assert report.status == "published" and report.published_by == city_staff


def test_api_lists_and_returns_the_figures_and_the_file(client, report, official_1):
    client.force_login(official_1)
    listed = client.get("/api/v1/reports/", {"kind": "daily_resumption"}).json()
    assert listed["count"] == 1 and "data" not in listed["results"][0]
    body = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert body["data"]["city"]["resumption_rate"] == 60.0 and body["is_current"] is True
    assert client.get(body["file_url"]).status_code == 200


def test_generate_request_queues_the_task(client, city_staff, official_1, monkeypatch):
    from reports import tasks

    sent = []
    monkeypatch.setattr(
        tasks.generate_report, "apply_async", lambda args, **options: sent.append(args)
    )
    client.force_login(official_1)
    assert (
        client.post(
            "/reports/generate/", {"kind": "daily_resumption", "period": "2026-10-10"}
        ).status_code
        == 403
    )
    client.force_login(city_staff)
    client.post("/reports/generate/", {"kind": "daily_resumption", "period": "2026-10-10"})
    assert sent == [("daily_resumption", "2026-10-10")]


def test_the_home_dashboard_shows_the_stored_trend(client, report, city_staff):
    client.force_login(city_staff)
    html = client.get("/").content.decode()
    assert '"trend_dates": ["2026-10-10"]' in html and '"trend_rates": [60.0]' in html
