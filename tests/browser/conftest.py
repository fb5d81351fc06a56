"""Fixtures the browser tests share with the other tests."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.reports.conftest import city_day, plan_city  # noqa: F401 (fixtures, found by name)


@pytest.fixture(autouse=True)
def pages_closed_before_the_database_is_emptied(browser, live_server):
    """Every page a test opened is left idle and closed before its database is emptied. A
    page left open went on loading from the live server while the tables were truncated,
    and the request and the truncation deadlocked (a CI run, once). Set up after the live
    server, this is torn down before it and its database."""
    yield
    for context in browser.contexts:
        for page in context.pages:
            try:
                page.wait_for_load_state("networkidle", timeout=5000)
            except PlaywrightError:
                pass  # a page that keeps polling: closing it stops it all the same
            page.close()
