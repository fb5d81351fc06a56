"""Fixtures the browser tests share with the other tests."""

from tests.reports.conftest import city_day, plan_city  # noqa: F401 (fixtures, found by name)
