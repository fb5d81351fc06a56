"""A real Celery worker consumes tasks from the real Redis broker; /healthz sees it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from config.celery import app
from core.health import HEARTBEAT_KEY, heartbeat


@pytest.fixture
def celery_worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def _wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


# The worker closes the database connections of the thread that starts it (Celery's Django
# fix-up), so these tests use real transactions rather than one wrapping atomic block.
@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_heartbeat_task_through_redis(celery_worker):
    cache.delete(HEARTBEAT_KEY)
    heartbeat.delay()
    assert _wait_for(lambda: cache.get(HEARTBEAT_KEY) is not None)


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_database_broker_worker_and_beat(client, celery_worker):
    cache.delete(HEARTBEAT_KEY)
    before = client.get("/healthz").json()
    assert before["database"]["ok"] and before["broker"]["ok"]
    assert before["worker"]["ok"] and before["worker"]["workers"] >= 1
    assert before["beat"] == {"ok": False, "last_tick": None}
    heartbeat.delay()
    assert _wait_for(lambda: cache.get(HEARTBEAT_KEY) is not None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_says_error_when_no_worker_answers(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["worker"]["ok"] is False and body["status"] == "error"
