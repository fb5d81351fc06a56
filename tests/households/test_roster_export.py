"""A roster too large for the page is written by the worker: queued with the list's filters,
read in the requester's scope, theirs alone, told when ready or failed, purged after a day."""

import io
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from openpyxl import load_workbook

from core.models import Notification
from core.queue import QueueUnavailable
from households import services, tasks
from households.choices import ExportStatus
from households.models import RosterExport
from households.services import household_create
from tests.households.conftest import person_id


@pytest.fixture
def sent(monkeypatch):
    """The tasks the page queued (no worker here: the last test has a real one)."""
    queued = []
    monkeypatch.setattr(
        tasks.export_roster, "apply_async", lambda args, **options: queued.append(args)
    )
    return queued


@pytest.fixture
def two_on_the_page(monkeypatch):
    monkeypatch.setattr(RosterExport, "INLINE_ROWS", 2)


def _codes(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]


def test_up_to_the_limit_the_file_comes_at_once(client, official_1, roster, sent, two_on_the_page):
    client.force_login(official_1)
    response = client.get("/households/", {"export": "xlsx", "q": "H00"})  # H001 … H009
    small = client.get("/households/", {"export": "xlsx", "q": "H01"})  # H010 alone
    assert response.status_code == 302  # nine: queued
    assert _codes(small.content) == ["H010"]
    assert RosterExport.objects.count() == len(sent) == 1


def test_the_file_names_the_filters_it_was_made_with(client, official_1, roster):
    """Not "all projects in your scope" for a filtered list; a search holding a character a
    sheet's name refuses (/) is named in the title, and dropped from the name only."""
    client.force_login(official_1)
    response = client.get("/households/", {"export": "xlsx", "q": "H01/", "stage": "registered"})
    book = load_workbook(io.BytesIO(response.content))
    title = book.active["A1"].value
    assert title == "被征收户台账（姓名或户编号：H01/；进度：已登记）", title
    assert book.active.title == "被征收户台账（姓名或户编号：H01；进度：已登记）"
    everything = load_workbook(io.BytesIO(client.get("/households/", {"export": "xlsx"}).content))
    assert everything.active["A1"].value == "被征收户台账（您范围内的全部项目）"


def test_a_large_roster_is_queued_then_written_in_the_requesters_scope(
    client, official_1, roster, project_3, sent, two_on_the_page
):
    household_create(project=project_3, code="H099", party_name="外区户", id_number=person_id(20))
    client.force_login(official_1)
    response = client.get("/households/", {"export": "xlsx", "q": "H0", "after": "5"})
    export = RosterExport.objects.get()
    assert response.url == f"/households/exports/{export.pk}/"
    assert export.query == "q=H0" and export.status == ExportStatus.QUEUED
    assert sent == [(export.pk,)]
    waiting = client.get(response.url).content.decode()
    assert 'data-status="queued"' in waiting and 'hx-trigger="every 2s"' in waiting

    tasks.export_roster.run(export.pk)  # what the worker does with it

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.rows == 10
    ready = client.get(response.url).content.decode()
    assert 'data-status="done"' in ready and "hx-trigger" not in ready
    file = client.get(f"/households/exports/{export.pk}/file/")
    codes = _codes(b"".join(file.streaming_content))
    assert codes == [f"H{n:03d}" for n in range(1, 11)]  # not the other district's H099
    [notice] = Notification.objects.filter(recipient=official_1)
    assert notice.link == response.url and "10 户" in notice.text
    # delivered twice, it is written once
    assert services.roster_export_write(export_id=export.pk) is None
    assert Notification.objects.filter(recipient=official_1).count() == 1


def test_the_file_and_its_page_are_the_requesters_alone(
    client, official_1, official_2, city_staff, roster, sent, two_on_the_page
):
    client.force_login(official_1)
    page = client.get("/households/", {"export": "xlsx"}).url
    tasks.export_roster.run(RosterExport.objects.get().pk)
    for other in (official_2, city_staff):
        client.force_login(other)
        assert client.get(page).status_code == 404
        assert client.get(f"{page}file/").status_code == 404


def test_a_failure_is_told_and_the_worker_goes_on(
    client, official_1, roster, sent, two_on_the_page, monkeypatch
):
    client.force_login(official_1)
    page = client.get("/households/", {"export": "xlsx"}).url

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "roster_workbook", broken)
    tasks.export_roster.run(RosterExport.objects.get().pk)  # raises nothing
    assert RosterExport.objects.get().status == ExportStatus.FAILED
    assert "请重新导出" in client.get(page).content.decode()
    assert Notification.objects.get(recipient=official_1).text == "台账导出未能生成，请重新导出。"


def test_when_the_queue_is_down_nothing_is_left_waiting(
    client, official_1, roster, two_on_the_page, monkeypatch
):
    def down(*args, **kwargs):
        raise QueueUnavailable

    monkeypatch.setattr("households.views.exports.enqueue", down)
    client.force_login(official_1)
    response = client.get("/households/", {"export": "xlsx", "q": "H0"}, follow=True)
    assert response.redirect_chain[-1][0] == "/households/?q=H0"
    assert "后台任务服务暂时无法连接" in response.content.decode()
    assert not RosterExport.objects.exists()


def test_exports_are_purged_after_a_day(official_1):
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        old = RosterExport.objects.create(requested_by=official_1, status=ExportStatus.DONE)
        old.file.save("old.xlsx", ContentFile(b"PK"), save=True)
    with time_machine.travel("2026-11-21 08:00 +0800", tick=False):
        kept = RosterExport.objects.create(requested_by=official_1)
    with time_machine.travel("2026-11-21 09:01 +0800", tick=False):
        assert tasks.purge_roster_exports.run() == 1
    assert list(RosterExport.objects.all()) == [kept]
    assert not old.file.storage.exists(old.file.name)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_queued_export(client, official_1, roster, two_on_the_page):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    client.force_login(official_1)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page = client.get("/households/", {"export": "xlsx"}).url
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and 'data-status="done"' not in (
            html := client.get(page).content.decode()
        ):
            time.sleep(0.2)
    assert 'data-status="done"' in html
    assert RosterExport.objects.get().rows == 10
    assert timezone.now() - RosterExport.objects.get().finished_at < timedelta(minutes=1)


def test_an_official_moved_to_another_district_no_longer_reaches_the_file(
    client, official_1, district_2, roster, sent, two_on_the_page
):
    client.force_login(official_1)
    page = client.get("/households/", {"export": "xlsx"}).url
    tasks.export_roster.run(RosterExport.objects.get().pk)
    assert client.get(f"{page}file/").status_code == 200
    official_1.scope_region = district_2
    official_1.save()
    client.force_login(official_1)
    assert client.get(page).status_code == 404
    assert client.get(f"{page}file/").status_code == 404


def test_one_export_at_a_time_and_only_the_lists_filters_kept(
    client, official_1, roster, sent, two_on_the_page
):
    client.force_login(official_1)
    first = client.get("/households/", {"export": "xlsx", "q": "H00", "pad": "x" * 3000})
    export = RosterExport.objects.get()
    assert export.query == "q=H00"  # the filter whole, the rest of the address dropped
    again = client.get("/households/", {"export": "xlsx", "stage": "registered"}, follow=True)
    assert again.redirect_chain[-1][0] == first.url
    assert "上一次的导出仍在生成" in again.content.decode()
    assert RosterExport.objects.count() == len(sent) == 1
    tasks.export_roster.run(export.pk)
    assert RosterExport.objects.get().rows == 9  # H001 … H009, not H010
    client.get("/households/", {"export": "xlsx"})  # once it is done, the next one
    assert RosterExport.objects.count() == len(sent) == 2


def test_a_run_cut_short_is_taken_again_and_a_lost_one_shown_failed(
    client, official_1, roster, sent, two_on_the_page
):
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        client.force_login(official_1)
        page = client.get("/households/", {"export": "xlsx"}).url
        export = RosterExport.objects.get()
        RosterExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.RUNNING, started_at=timezone.now()
        )
    with time_machine.travel("2026-11-20 09:05 +0800", tick=False):
        # delivered again while the first run may still be writing it: left alone
        assert services.roster_export_write(export_id=export.pk) is None
    with time_machine.travel("2026-11-20 09:40 +0800", tick=False):
        client.force_login(official_1)  # the morning's session has run out
        lost = client.get(page).content.decode()
        assert 'data-status="failed"' in lost and "hx-trigger" not in lost
        # past the task's time limit that run is over: the redelivered task writes it
        assert services.roster_export_write(export_id=export.pk).status == ExportStatus.DONE
        assert 'data-status="done"' in client.get(page).content.decode()


def test_a_file_purged_meanwhile_is_not_found_and_never_left_behind(
    client, official_1, roster, sent, two_on_the_page, monkeypatch
):
    client.force_login(official_1)
    page = client.get("/households/", {"export": "xlsx"}).url
    export = RosterExport.objects.get()
    tasks.export_roster.run(export.pk)
    export.refresh_from_db()
    export.file.storage.delete(export.file.name)
    assert client.get(f"{page}file/").status_code == 404

    real_workbook = services.roster_workbook

    def purged_while_writing(*args, **kwargs):
        RosterExport.objects.all().delete()
        return real_workbook(*args, **kwargs)

    monkeypatch.setattr(services, "roster_workbook", purged_while_writing)
    client.get("/households/", {"export": "xlsx"})
    before = set(default_storage.listdir("exports")[1])
    assert services.roster_export_write(export_id=sent[-1][0]) is None
    assert set(default_storage.listdir("exports")[1]) == before  # its file went with it
