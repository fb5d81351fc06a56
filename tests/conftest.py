"""Shared fixtures: a small city with two districts, their projects and one user per role.

Tests run on the PostgreSQL and Redis named by DATABASE_URL / CELERY_BROKER_URL (CI's servers)
or the embedded ones that `make test` starts.
"""

import os
from decimal import Decimal

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.conf import settings  # noqa: E402

from config.celery import app  # noqa: E402
from tests.factories import ProjectFactory, RegionFactory, UserFactory  # noqa: E402

# Tests run in parallel processes (pytest-xdist), each on its own test database; in the
# one Redis each keeps its own keys, so no process's worker takes another's tasks and no
# cached value (a heartbeat, a session) crosses between them.
_PROCESS = os.environ.get("PYTEST_XDIST_WORKER")
if _PROCESS:
    settings.CACHES["default"]["KEY_PREFIX"] += f"-{_PROCESS}"
    app.conf.broker_transport_options = {"global_keyprefix": f"{_PROCESS}:"}
    app.conf.result_backend_transport_options = {"global_keyprefix": f"{_PROCESS}:"}

PASSWORD = "Test@2026pw"


@pytest.fixture(scope="session", autouse=True)
def no_connection_left_at_the_end(django_db_setup, django_db_blocker):
    """A Celery worker started in a thread (`start_worker`) keeps its own connection to the
    test database after its tests, and the database could not be dropped at the end ("is
    being accessed by other users"). Those connections are closed before it is."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every test user gets a password; a deliberately slow hash of it is no part of what the
    tests check, so they use a fast one (Django's advice for test suites)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city(db):
    return RegionFactory(level="city", code="990100", name="江州市", parent=None)


@pytest.fixture
def district_1(city):
    return RegionFactory(level="district", code="990102", name="江东区", parent=city)


@pytest.fixture
def district_2(city):
    return RegionFactory(level="district", code="990103", name="江西区", parent=city)


@pytest.fixture
def street_1(district_1):
    return RegionFactory(level="street", code="990102001", name="解放路街道", parent=district_1)


@pytest.fixture
def project_1(district_1, street_1):
    return ProjectFactory(
        code="PG-01-001", name="江东区老火车站片区棚改项目", district=district_1, street=street_1
    )


@pytest.fixture
def project_2(district_2):
    return ProjectFactory(code="PG-02-001", name="江西区纺织厂宿舍区棚改项目", district=district_2)


@pytest.fixture
def official_1(district_1):
    return UserFactory(username="district_1", role="district_official", scope_region=district_1)


@pytest.fixture
def official_2(district_2):
    return UserFactory(username="district_2", role="district_official", scope_region=district_2)


@pytest.fixture
def city_staff(city):
    return UserFactory(username="city_staff", role="city_staff", scope_region=city)


@pytest.fixture
def leader(city):
    return UserFactory(username="city_leader", role="leader", scope_region=city)


@pytest.fixture
def plan(db):
    """The 2026 plan: 1,000 households (400 in kind, 600 monetary), 10 projects."""
    from projects.models import AnnualPlan

    return AnnualPlan.objects.create(
        year=2026,
        target_households=1000,
        target_households_in_kind=400,
        target_households_monetary=600,
        target_units=400,
        target_projects=10,
        target_investment=Decimal("50000"),
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a browser downloaded by Playwright."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1024, "height": 768}}
