"""Stored, versioned reports: atomic swaps, failures, publication and the workbook."""

import io
from dataclasses import replace
from importlib import import_module

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from core.errors import Conflict
from reports import services
from reports.models import Report
from tests.reports.conftest import DAY

PERIOD = DAY.isoformat()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        yield


def generate():
    return services.report_generate(kind="daily_resumption", period=PERIOD)


def test_running_twice_leaves_exactly_one_current_version(city_day):
    first, second = generate(), generate()
    assert (first.version, second.version) == (1, 2)
    assert list(Report.objects.filter(is_current=True).values_list("version", flat=True)) == [2]


def test_a_run_that_fails_halfway_leaves_the_previous_version_current(city_day, monkeypatch):
    first = generate()
    before = first.file.open("rb").read()
    first.file.close()

    def broken_workbook(data):
        raise RuntimeError("disk full")

    spec = services.KINDS["daily_resumption"]
    monkeypatch.setitem(
        services.KINDS, "daily_resumption", replace(spec, write_workbook=broken_workbook)
    )
    with pytest.raises(RuntimeError):
        generate()
    current = Report.objects.get(is_current=True)
    assert current.pk == first.pk and current.file.open("rb").read() == before
    failed = Report.objects.get(version=2)
    assert failed.status == "failed" and "disk full" in failed.error and not failed.file


def test_a_run_killed_mid_way_is_marked_failed_at_the_next_run(city_day):
    Report.objects.create(kind="daily_resumption", period=PERIOD, version=1)
    with time_machine.travel("2026-10-10 19:00 +0800", tick=False):
        report = generate()
    assert Report.objects.get(version=1).status == "failed"
    assert report.version == 2 and report.is_current


def test_a_published_report_is_unchanged_by_a_regeneration(client, city_day, city_staff):
    first = services.report_publish(report=generate(), user=city_staff)
    data, content = first.data, first.file.open("rb").read()
    second = generate()
    client.force_login(city_staff)  # its page asks for the note by name, not a bare box
    page = client.get(f"/reports/{second.pk}/").content.decode()
    assert (
        '<label class="small text-nowrap align-self-center" for="correction-note">更正说明（必填）'
        in page
    )
    first.refresh_from_db()
    assert first.is_current and first.status == "published" and first.data == data
    assert first.file.open("rb").read() == content
    assert not second.is_current and second.status == "ready"
    with pytest.raises(ValidationError):
        services.report_publish(report=second, user=city_staff)
    second = services.report_publish(
        report=second, user=city_staff, correction_note="补录江东区迟报数据"
    )
    first.refresh_from_db()
    assert second.is_current and second.correction_note == "补录江东区迟报数据"
    assert first.status == "published" and not first.is_current and first.data == data


def test_publishing_twice_is_a_conflict(city_day, city_staff):
    report = services.report_publish(report=generate(), user=city_staff)
    with pytest.raises(Conflict):
        services.report_publish(report=report, user=city_staff)


def test_a_future_period_is_refused_before_anything_is_written(city_day):
    with pytest.raises(ValidationError):
        services.report_generate(kind="daily_resumption", period="2026-10-11")
    assert not Report.objects.exists()


@pytest.mark.parametrize("period", ["1900-01-01", "0001-01-02"])
def test_a_day_long_before_the_programme_is_refused(city_day, period):
    """It made a ready report of 1900, listed to every user."""
    with pytest.raises(ValidationError, match="2000-01-01") as refused:
        services.report_generate(kind="daily_resumption", period=period)
    assert list(refused.value.message_dict) == ["period"]
    assert not Report.objects.exists()


def test_a_stored_report_of_such_a_day_still_opens(city_day, client, city_staff):
    """Made before the bound, it is read as stored: the bound is for a day asked for."""
    report = generate()
    Report.objects.filter(pk=report.pk).update(period="1900-01-01")
    client.force_login(city_staff)
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    assert client.get("/").status_code == 200  # the home page names the latest report


def test_the_workbook_a_bureau_would_send(city_day):
    report = generate()
    book = load_workbook(io.BytesIO(report.file.open("rb").read()))
    assert book.sheetnames == ["复工日报", "未复工项目", "未报送项目"]
    sheet = book["复工日报"]
    assert sheet["A1"].value == "棚户区改造项目复工日报"
    assert (
        sheet["A3"].value == "区县"
        and sheet["C3"].value == "复工情况"
        and sheet["C4"].value == "施工或复工（个）"
    )
    assert {"A3:A4", "C3:E3", "G3:H3", "I3:L3"} <= {str(r) for r in sheet.merged_cells.ranges}
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert rows[-1][:6] == ("全市合计", 5, 3, 2, 60.0, 1)
    assert rows[0][:5] == ("江东区", 3, 1, 2, 33.3)
    assert sheet.freeze_panes == "B5"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == int(
        sheet.PAPERSIZE_A4
    )
    assert sheet.print_title_rows == "$3:$4"
    assert sheet["E5"].number_format == "0.0"
    listed = list(book["未复工项目"].iter_rows(min_row=4, values_only=True))
    assert listed == [("江东区", "P2", "P2 未复工", "材料进场延迟", "2026-10-12")]


def test_the_command_runs_the_same_code(city_day, capsys):
    call_command("generate_report", "daily_resumption", "--date", PERIOD)
    assert "第1版已生成（当前版本）" in capsys.readouterr().out
    assert Report.objects.get().data["city"]["resumption_rate"] == 60.0


def test_the_schedules_are_editable_data(db):
    """Daily at 18:00; the weekly circular on Monday at 08:00 (for the week before)."""
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # The migrations write them; a test run in the same process with a transaction of its
    # own empties every table afterwards, so their steps are run again here (they keep
    # what exists).
    for name in ("0002_daily_resumption_schedule", "0004_weekly_and_annual_kinds"):
        import_module(f"reports.migrations.{name}").create_schedule(apps, None)

    schedules = {
        task.args: (
            task.crontab.day_of_week,
            task.crontab.hour,
            task.crontab.minute,
            str(task.crontab.timezone),
        )
        for task in PeriodicTask.objects.filter(task="reports.generate_report")
    }
    assert schedules == {
        '["daily_resumption"]': ("*", "18", "0", "Asia/Shanghai"),
        '["weekly_supervision"]': ("1", "8", "0", "Asia/Shanghai"),
    }
