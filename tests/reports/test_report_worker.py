"""The report task run by a real Celery worker through real Redis."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from reports.models import Report
from reports.tasks import generate_report
from tests.reports.conftest import DAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_generates_and_twice_leaves_one_current_version(city_day):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = generate_report.delay("daily_resumption", DAY.isoformat()).get(timeout=60)
        second = generate_report.delay("daily_resumption", DAY.isoformat()).get(timeout=60)
    assert Report.objects.get(pk=first).version == 1
    current = Report.objects.get(is_current=True)
    assert current.pk == second and current.status == "ready"
    assert current.data["city"]["resumption_rate"] == 60.0


def test_the_scheduled_run_skips_a_day_off(db):
    import time_machine

    with time_machine.travel("2026-10-11 18:00 +0800", tick=False):
        assert generate_report.run("daily_resumption") is None
    assert not Report.objects.exists()
