"""Fixtures the browser tests share with the other tests."""

from tests.reports.conftest import city_day  # noqa: F401 (a fixture, found by pytest by its name)
