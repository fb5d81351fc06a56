"""Redis down: pages that start work say so at once, and /healthz answers quickly without
telling an outsider where the internal servers are."""

import time

import pytest

from config.celery import app
from reports.models import Report

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(monkeypatch):
    # Celery reads the broker's address from the environment first.
    monkeypatch.setenv("CELERY_BROKER_URL", NOWHERE)
    assert app.conf.broker_url == NOWHERE


def test_starting_a_report_says_the_service_is_unreachable(client, city_staff, redis_down):
    client.force_login(city_staff)
    started = time.monotonic()
    response = client.post(
        "/reports/generate/", {"kind": "daily_resumption", "period": "2026-11-20"}, follow=True
    )
    assert time.monotonic() - started < 10  # was 19.5 s of retries
    assert "后台任务服务暂时无法连接" in response.content.decode()
    assert not Report.objects.exists()


def test_healthz_shows_details_only_to_staff_or_this_machine(client, city_staff, redis_down):
    outsider = client.get("/healthz", REMOTE_ADDR="10.1.2.3")
    assert outsider.status_code == 503 and outsider.json() == {"status": "error"}
    through_proxy = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert through_proxy.json() == {"status": "error"}
    local = client.get("/healthz", REMOTE_ADDR="127.0.0.1").json()
    assert local["broker"]["ok"] is False and local["worker"] == {"ok": False}
    client.force_login(city_staff)
    staff = client.get("/healthz", REMOTE_ADDR="10.1.2.3").json()
    assert "broker" not in staff  # city staff are not administrators (is_staff)
