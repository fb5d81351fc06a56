"""COPY-based writes keep Django's field preparation, auto_now and the history triggers."""

import gc
import os
import time
import weakref
from datetime import date, datetime
from decimal import Decimal

import pghistory
import pytest
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone, translation

from core.bulk import (
    FEW,
    InHelperProcess,
    copy_insert,
    copy_rows,
    copy_update,
    foreign_keys_checked_once,
)
from core.models import Region
from households import crypto
from projects.models import InvestmentReport
from reports.models import Report


def test_copy_insert_and_update_write_rows_and_history(city):
    with pghistory.context(source="test"):
        copy_insert(
            Region,
            [
                Region(code=f"99019{n}", name=f"新区{n}", level="district", parent=city)
                for n in (1, 2)
            ],
        )
    regions = list(Region.objects.filter(parent=city).order_by("code"))
    assert [(r.code, r.name) for r in regions] == [("990191", "新区1"), ("990192", "新区2")]
    for region in regions:
        region.name += "（改）"
    with pghistory.context(source="test"):
        copy_update(Region, regions, ["name"])
    assert list(
        Region.objects.filter(parent=city).order_by("code").values_list("name", flat=True)
    ) == ["新区1（改）", "新区2（改）"]
    events = Region.pgh_event_model.objects.filter(code__startswith="99019").order_by("pgh_id")
    assert [(e.pgh_label, e.name, e.pgh_context.metadata) for e in events] == [
        ("insert", "新区1", {"source": "test"}),
        ("insert", "新区2", {"source": "test"}),
        ("update", "新区1（改）", {"source": "test"}),
        ("update", "新区2（改）", {"source": "test"}),
    ]


def test_copy_update_refuses_deferred_fields(city):
    deferred = list(Region.objects.filter(pk=city.pk).only("code"))
    with pytest.raises(ValueError, match="name"):
        copy_update(Region, deferred, ["name"])


def test_any_lookup_finds_what_in_finds(city, district_1, district_2):
    codes = [district_1.code, district_2.code, "000000"]
    assert (
        set(Region.objects.filter(code__any=codes))
        == set(Region.objects.filter(code__in=codes))
        == {district_1, district_2}
    )


def test_a_failed_copy_leaves_nothing_behind_and_names_are_checked(city):
    with pytest.raises(DataError):
        copy_insert(
            Region, [Region(code="9" * 40, name="太长的代码", level="district", parent=city)]
        )
    copy_insert(Region, [Region(code="990199", name="新区", level="district", parent=city)])
    assert Region.objects.filter(code="990199").exists()
    with pytest.raises(FieldDoesNotExist):
        copy_update(Region, [city], ["nmae"])


def test_values_are_prepared_as_save_would_whatever_their_python_type(db):
    """Plain values go as they are; a JSON field's text is still written as JSON text, and
    a non-text value in a text field as its text."""
    from reports.models import Report

    copy_insert(
        Report,
        [
            Report(kind="daily_resumption", period="2026-11-20", version=1, data="纯文本"),
            Report(kind="daily_resumption", period="2026-11-21", version=1, data={"a": 1}),
        ],
    )
    assert list(Report.objects.order_by("period").values_list("data", flat=True)) == [
        "纯文本",
        {"a": 1},
    ]


def test_through_copy_a_naive_datetime_is_still_made_aware_as_save_would(db):
    """Values passed straight to COPY (a batch of FEW or more) are only those save() would
    not change: a naive datetime is still read in the bureau's time zone, not the session's
    UTC."""
    from reports.models import Report

    naive, aware = datetime(2026, 11, 20, 17, 0), timezone.make_aware(datetime(2026, 11, 21, 17))
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        copy_insert(
            Report,
            [
                Report(
                    kind="daily_resumption",
                    period=f"p{n:04d}",
                    version=1,
                    generated_at=naive if n == 0 else aware,
                )
                for n in range(FEW)
            ],
        )
    stored = Report.objects.order_by("period").values_list("generated_at", flat=True)
    assert {timezone.localtime(at).hour for at in stored} == {17}


def test_through_copy_dates_and_decimals_go_as_they_are_and_a_nan_is_refused(project_1, official_1):
    def reports(amount):
        return [
            InvestmentReport(
                project=project_1,
                month=date(2000 + n // 12, n % 12 + 1, 1),
                amount=amount,
                reported_by=official_1,
            )
            for n in range(FEW)
        ]

    copy_insert(InvestmentReport, reports(Decimal("12.34")))
    stored = InvestmentReport.objects.filter(project=project_1).order_by("month")
    assert set(stored.values_list("amount", flat=True)) == {Decimal("12.34")}
    assert [r.month for r in stored][:2] == [date(2000, 1, 1), date(2000, 2, 1)]
    InvestmentReport.objects.all().delete()
    with pytest.raises(ValidationError):  # as save() would: not a number is not stored
        copy_insert(InvestmentReport, reports(Decimal("NaN")))


def test_through_copy_a_file_name_goes_as_it_is_and_a_new_file_is_stored(db, settings, tmp_path):
    """A name is written without binding a FieldFile to the object: the rows of a bulk write
    are freed as soon as they are dropped, not left in reference cycles."""
    settings.MEDIA_ROOT = tmp_path
    names = ["", None, "reports/daily/2026-11-20/v1-日报.xlsx"]
    rows = [Report(kind="daily", period=f"p{n}", version=1, file=names[n % 3]) for n in range(FEW)]
    rows[3].file = ContentFile(b"xlsx", name="new.xlsx")  # not stored yet: pre_save stores it
    gc.disable()
    try:
        freed = weakref.ref(rows[0])
        copy_insert(Report, rows)
        del rows
        assert freed() is None  # by reference counting alone
    finally:
        gc.enable()
    stored = dict(Report.objects.values_list("period", "file"))
    assert (stored["p0"], stored["p1"], stored["p2"]) == ("", "", names[2])
    assert stored["p3"].startswith("reports/daily/p3/v1-new") and (tmp_path / stored["p3"]).exists()


def test_a_record_made_in_the_past_keeps_its_time_only_where_asked(db):
    """auto_now_add stamps the time of the write, unless the field is written as given."""
    from reports.models import Report

    made = timezone.make_aware(datetime(2026, 3, 2, 9, 0))

    def report(period):
        return Report(kind="daily_resumption", period=period, version=1, started_at=made)

    copy_insert(Report, [report("2026-03-02")], as_given=["started_at"])
    copy_insert(Report, [report("2026-03-03")])
    stamped = dict(Report.objects.values_list("period", "started_at"))
    assert stamped["2026-03-02"] == made
    assert stamped["2026-03-03"] > made
    with pytest.raises(FieldDoesNotExist):
        copy_insert(Report, [report("2026-03-04")], as_given=["made_at"])


@pytest.mark.parametrize("size, replanned", [(FEW - 1, False), (FEW, True)])
def test_a_large_batch_of_progress_plans_the_history_trigger_afresh(
    project_1, official_1, size, replanned
):
    """The trigger's plan cached from a one-row update (a nested loop) made a batch of 2,500
    ten times slower; a large batch drops it first, a small one keeps it."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from households.models import Household
    from households.services import household_record_progress

    Household.objects.bulk_create(
        Household(project=project_1, district_id=project_1.district_id, code=f"P{n:04d}")
        for n in range(size)
    )
    with CaptureQueriesContext(connection) as ctx:
        household_record_progress(
            households=list(Household.objects.all()),
            to_stage="surveyed",
            effective_on=date(2026, 11, 2),
            user=official_1,
        )
    assert Household.objects.filter(stage="surveyed").count() == size
    assert any("DISCARD PLANS" in q["sql"] for q in ctx.captured_queries) == replanned


def test_copy_rows_writes_the_named_values_defaults_and_history(project_1, official_1):
    """Generated rows without instances: the named values as given, every other field what a
    new instance would have (default, auto_now time)."""
    from households.models import Household, ProgressEvent

    household = Household.objects.create(
        project=project_1, district_id=project_1.district_id, code="H-1", party_name="张明"
    )
    with pghistory.context(source="test"):
        count = copy_rows(
            ProgressEvent,
            ["household", "from_stage", "to_stage", "effective_on", "recorded_by"],
            (
                (household.pk, "registered", "surveyed", date(2026, 3, 1), official_1.pk),
                (household.pk, "surveyed", "appraised", date(2026, 4, 1), official_1.pk),
            ),
        )
    assert count == 2
    events = list(ProgressEvent.objects.filter(household=household).order_by("effective_on"))
    assert [(e.to_stage, e.effective_on, e.is_reversal, e.note) for e in events] == [
        ("surveyed", date(2026, 3, 1), False, ""),
        ("appraised", date(2026, 4, 1), False, ""),
    ]
    assert all(e.recorded_at is not None for e in events)


def test_copy_rows_gives_defaults_their_database_values_and_keeps_history(project_1):
    """An enum member and a list as defaults; the history trigger fires with the context."""
    from households.models import Household

    with pghistory.context(source="test"):
        copy_rows(
            Household,
            ["project", "district", "code"],
            [(project_1.pk, project_1.district_id, "H-9")],
        )
    household = Household.objects.get(code="H-9")
    assert (household.stage, household.hardship_types, household.version) == ("registered", [], 1)
    history = Household.pgh_event_model.objects.filter(pgh_obj=household)
    assert [(e.pgh_label, e.pgh_context.metadata) for e in history] == [
        ("insert", {"source": "test"})
    ]


def test_copy_rows_writes_the_values_every_row_shares_as_given(project_1):
    """`same`: one value on every row, formatted once for them all, read back as given: a
    time with its zone, a list, a decimal, and text that COPY must escape."""
    from zoneinfo import ZoneInfo

    from households.models import Household

    made = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    note = '一个"引号", a back\\slash, a\ttab\nand a new line, \\N'
    shared = {
        "created_at": made,
        "hardship_types": ["elderly_alone", "tekun"],
        "legal_area": Decimal("45.50"),
        "note": note,
    }
    with pghistory.context(source="test"):
        count = copy_rows(
            Household,
            ["project", "district", "code"],
            [(project_1.pk, project_1.district_id, code) for code in ("H-1", "H-2")],
            same=shared,
        )
    assert count == 2
    rows = Household.objects.order_by("code").values_list("code", *shared)
    assert list(rows) == [(code, *shared.values()) for code in ("H-1", "H-2")]
    assert Household.pgh_event_model.objects.count() == 2


def _foreign_keys(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [model._meta.db_table],
        )
        return cursor.fetchall()


def test_a_load_checks_its_foreign_keys_once_and_puts_them_back(city):
    constraints = _foreign_keys(Region)
    assert constraints  # the parent
    fields = ["code", "name", "level", "parent"]
    with foreign_keys_checked_once([Region]):
        assert _foreign_keys(Region) == []
        copy_rows(Region, fields, [("990193", "新区3", "district", city.pk)])
    assert _foreign_keys(Region) == constraints
    assert Region.objects.get(code="990193").parent == city

    with pytest.raises(IntegrityError), transaction.atomic():
        with foreign_keys_checked_once([Region]):
            copy_rows(Region, fields, [("990194", "无上级", "district", 10**9)])
    assert _foreign_keys(Region) == constraints
    assert not Region.objects.filter(code="990194").exists()


def _squared_where(value):
    if value < 0:
        raise ValueError(f"negative: {value}")
    return value * value, os.getpid()


def test_a_helper_process_gives_each_result_in_order_across_batches(db):
    with InHelperProcess(_squared_where, batch=3) as helper:
        places = [helper.add(value) for value in range(10)]
        results = helper.results()
    assert places == list(range(10))
    assert [square for square, _pid in results] == [value * value for value in range(10)]
    assert {pid for _square, pid in results} != {os.getpid()}  # the first batch is the helper's
    # This process's database connection still answers beside it.
    assert Region.objects.count() == 0


def _slowly_where(value):
    time.sleep(0.05)
    return value, os.getpid(), translation.get_language()


def test_a_helper_process_backlog_is_shared_with_this_process():
    """What the helper has not taken when the results are asked for is worked here, from the
    last batch back, in the block's language, while it works from the first: the results
    still come in order."""
    with translation.override("en"), InHelperProcess(_slowly_where, batch=1) as helper:
        for value in range(8):
            helper.add(value)
        with translation.override("zh-hans"):
            results = helper.results()
    assert [value for value, _pid, _language in results] == list(range(8))
    where = [pid == os.getpid() for _value, pid, _language in results]
    assert where[0] is False and where[-1] is True
    assert where == sorted(where)  # the helper's first, then this process's
    assert {language for _value, _pid, language in results} == {"en"}


def _open_files(_value) -> set[str]:
    """What the process's file descriptors point to (socket:[inode] for a connection)."""
    targets = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            targets.add(os.readlink(f"/proc/self/fd/{fd}"))
        except FileNotFoundError:  # the directory listing's own descriptor, closed since
            pass
    return targets


def _language(_value) -> str | None:
    return translation.get_language()


def test_a_helper_process_holds_none_of_this_process_connections(db):
    """A forked helper shared the parent's sockets, and kombu's after-fork hook, reading the
    parent's Redis channel from the child, hung a test run: the helper is a new process."""
    connection.ensure_connection()
    database_socket = os.readlink(f"/proc/self/fd/{connection.connection.fileno()}")
    assert database_socket.startswith("socket:")
    with InHelperProcess(_open_files) as helper:
        helper.add(None)
        [helper_files] = helper.results()
    assert database_socket not in helper_files


def test_a_helper_process_works_in_this_process_language():
    with translation.override("en"), InHelperProcess(_language) as helper:
        helper.add(None)
        assert helper.results() == ["en"]


def test_a_helper_process_error_reaches_the_load():
    with (
        pytest.raises(ValueError, match="negative: -1"),
        InHelperProcess(_squared_where, batch=2) as helper,
    ):
        for value in (1, 2, -1, 3):
            helper.add(value)
        helper.results()


def test_id_numbers_protected_by_a_helper_process_read_back_here():
    number = "11010519491231002X"
    with InHelperProcess(crypto.protected) as helper:
        helper.add(number)
        [(encrypted, hashed, masked)] = helper.results()
    assert crypto.decrypt(encrypted) == number
    assert (hashed, masked) == (crypto.search_hash(number), crypto.mask(number))
