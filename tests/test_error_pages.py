"""The system's own error pages and quiet logs: DEBUG is off unless asked for, a refused
request is one log line, and the start banner lists the accounts there are."""

import io
import logging
import os
import subprocess
import sys

from django.core.management import call_command

from core.logging import ClientErrorsOnOneLine


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings; print(settings.DEBUG)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_a_missing_page_is_the_systems_own_chinese_page(client, official_1):
    client.force_login(official_1)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面或记录不存在" in html and "Using the URLconf" not in html


def test_a_refused_request_is_one_log_line(client, official_1):
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorsOnOneLine) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.force_login(official_1)
        assert client.get("/projects/plans/new/").status_code == 403
    finally:
        handler.setStream(previous)
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1 and "Forbidden" in lines[0] and "Traceback" not in stream.getvalue()


def test_the_banner_lists_the_accounts_there_are(db, official_1, city_staff, capsys):
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert "district_1" in out and "区县市填报员" in out and "city_staff" in out


def test_a_form_sent_without_its_security_token_is_told_in_chinese(official_1):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(official_1)
    response = browser.post("/households/progress/", {"stage": "surveyed"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "表单已过期" in html and "请返回上一页" in html and "CSRF" not in html


def test_the_api_answers_json_to_a_browser_too(client, official_1):
    """DRF's browsable pages are English and show raw records: a browser gets the JSON."""
    client.force_login(official_1)
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # Chromium's
    response = client.get("/api/v1/projects/", HTTP_ACCEPT=accept)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert client.get("/api/v1/projects/?format=api").status_code == 404


def test_a_fault_answers_an_api_caller_in_json_and_a_reader_with_the_page(
    client, official_1, monkeypatch
):
    """An API caller got Django's HTML error page; the API answers JSON everywhere else."""
    from households.api.views import HouseholdViewSet
    from reports.views import HomeView

    def fail(*args, **kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr(HouseholdViewSet, "list", fail)
    monkeypatch.setattr(HomeView, "get", fail)
    client.raise_request_exception = False
    client.force_login(official_1)
    api = client.get("/api/v1/households/")
    page = client.get("/")
    assert (api.status_code, api.json()) == (
        500,
        {"detail": "服务器出错，错误已记录，请稍后重试。"},
    )
    assert page.status_code == 500 and "系统出现错误" in page.content.decode()
