"""Reports filter through one FilterSet on the page and in the API."""

import time_machine

from reports import services
from tests.reports.conftest import DAY


def test_reports_filter_the_same_on_the_page_and_in_the_api(client, leader, city_day):
    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        services.report_generate(kind="daily_resumption", period=DAY.isoformat())
    client.force_login(leader)
    api = client.get(
        "/api/v1/reports/", {"period": DAY.isoformat(), "kind": "daily_resumption"}
    ).json()
    assert [r["period"] for r in api["results"]] == [DAY.isoformat()]
    assert client.get("/api/v1/reports/", {"period": "2026-10-11"}).json()["count"] == 0
    page = client.get("/reports/", {"period": "2026-10-11"}).content.decode()
    assert "report-table" not in page
    assert (
        'data-testid="report-table"'
        in client.get("/reports/", {"period": DAY.isoformat()}).content.decode()
    )
    assert client.get("/api/v1/reports/", {"kind": "no_such_kind"}).status_code == 400
