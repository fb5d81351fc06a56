"""`seed_demo`: the fictional demo city, made by calling each app's own demo module."""

import gc
import random
import time
from contextlib import contextmanager

import pghistory
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.demo import seed_users
from accounts.models import User
from compensation.demo import (
    seed_compensation,
    seed_ledger,
    seed_payment_run,
    seed_selection_orders,
    seed_units,
)
from compensation.models import Agreement
from core.bulk import InHelperProcess, analyze, compact, foreign_keys_checked_once, truncate
from core.demo import seed_regions
from core.models import Region
from core.pdf import pdf_from_html
from households.demo import seed_households, seed_plan_targets
from households.models import Household
from projects import demo as projects_demo
from reports.demo import seed_annual_summary, seed_daily_reports, seed_weekly_reports
from supervision.demo import (
    seed_grievances,
    seed_inspections_and_meetings,
    seed_notices,
    store_printed_notices,
)

DEFAULT_PASSWORD = "Demo@2026"
# The apps whose data the demo makes (with their history): what --reset empties.
DEMO_APPS = (
    "core",
    "accounts",
    "projects",
    "households",
    "compensation",
    "supervision",
    "reports",
    "pghistory",
)
# districts, projects per district, households per project
SCALES = {
    "small": {"districts": 6, "projects": 12, "households": (30, 50)},
    "city": {"districts": 12, "projects": 100, "households": (200, 300)},
}


class Command(BaseCommand):
    help = "Create the fictional demo city (regions, users, projects) dated relative to today."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--reset", action="store_true", help="Delete existing demo data first.")

    def handle(self, *args, scale, seed, password, reset, verbosity, **options):
        try:
            # The documented demo password is known to everyone who reads the README: the
            # rules that keep real passwords from being guessed are for any other one.
            if password != DEFAULT_PASSWORD:
                validate_password(password)
        except ValidationError as exc:
            raise CommandError("演示密码不符合密码规则：" + "；".join(exc.messages)) from None
        has_data = Region.objects.exists() or User.objects.exists()
        if has_data and not reset:
            self.stdout.write("数据库中已有数据，未做任何更改（如需重建演示数据，请加 --reset）。")
            return
        size = SCALES[scale]
        lap = _lap_timer(self.stdout if verbosity >= 2 else None)
        with _memory_for_a_bulk_load():
            self._seed(size, seed=seed, password=password, has_data=has_data, lap=lap)

    def _seed(self, size, *, seed, password, has_data, lap):
        with (
            transaction.atomic(),
            pghistory.context(source="seed_demo"),
            foreign_keys_checked_once(_demo_models()),
            # The notices' PDFs (WeasyPrint: a seventh of the small city's seed) are printed
            # there while the households, agreements and ledger are made.
            InHelperProcess(pdf_from_html, batch=1) as printer,
        ):
            with _cycles_collected_per_step():
                if has_data:
                    self._reset()
                rng = random.Random(seed)
                today = timezone.localdate()
                city, districts = seed_regions(districts=size["districts"])
                users = seed_users(city=city, districts=districts, password=password)
                by_name = {u.username: u for u in users}
                city_staff = by_name["city_staff"]
                reporters = {
                    u.scope_region_id: u for u in users if u.username.startswith("district_")
                }
                # District officials draft; city staff review (the demo has one official each).
                officials = {d: (u, city_staff) for d, u in reporters.items()}
                projects_demo.seed_plans(
                    districts=districts, projects_per_district=size["projects"], today=today
                )
                projects = projects_demo.seed_projects(
                    per_district=size["projects"],
                    districts=districts,
                    rng=rng,
                    liaison=city_staff,
                    today=today,
                )
                projects_demo.seed_sites(
                    districts=districts, projects=projects, rng=rng, today=today
                )
                projects_demo.seed_investment(
                    projects=projects, rng=rng, user=city_staff, today=today
                )
                projects_demo.seed_daily_statuses(
                    projects=projects, rng=rng, reporters=reporters, today=today
                )
                projects_demo.seed_spring_resumption(
                    projects=projects, rng=rng, reporters=reporters, today=today
                )
                projects_demo.seed_campaigns(districts=districts, rng=rng, today=today)
                # Early, for their printing to run beside the rest; with a random stream of
                # their own: drawn from the shared one here, they would change every household.
                notices = seed_notices(
                    districts=districts,
                    projects=projects,
                    users=by_name,
                    reporters=reporters,
                    today=today,
                    rng=random.Random(f"{seed}-notices"),
                    printer=printer,
                )
                lap("projects, notices")
                households = seed_households(
                    projects=projects,
                    rng=rng,
                    recorders=reporters,
                    today=today,
                    per_project=size["households"],
                )
                analyze(_tables_written())
                lap("households")
                agreements = seed_compensation(
                    projects=projects,
                    rng=rng,
                    today=today,
                    officials=officials,
                    approver=city_staff,
                )
                analyze(_tables_written())
                lap("compensation")
                payments = seed_ledger(
                    projects=projects,
                    rng=rng,
                    today=today,
                    officials=officials,
                    approver=city_staff,
                )
                payments += seed_payment_run(
                    projects=projects,
                    officials=officials,
                    approver=city_staff,
                    today=today,
                )
                seed_units(rng=rng, user=city_staff, today=today)
                seed_selection_orders(projects=projects, officials=officials, approver=city_staff)
                seed_plan_targets(today=today)
                lap("ledger, units, selection")
            grievances = seed_grievances(
                projects=projects, reporters=reporters, today=today, rng=rng
            )
            inspections, meetings = seed_inspections_and_meetings(
                projects=projects, users=by_name, today=today, rng=rng
            )
            store_printed_notices(notices, printer.results())
            lap("supervision")
        compact(
            _tables_written(),
            # Inserted once and hardly touched since, the others need no rewrite.
            rewritten=[Household, Agreement],
        )
        lap("commit and compact")
        # Stored reports for the last weeks, so the dashboards have a history to show.
        reports = seed_daily_reports(today=today, publisher=city_staff)
        weekly = seed_weekly_reports(today=today, publisher=city_staff)
        seed_annual_summary(today=today)
        lap("reports")
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已生成：{len(districts)} 个区县，{len(projects)} 个项目，"
                f"{households} 户被征收户，{agreements} 份协议，{payments} 笔台账条目，"
                f"{len(notices)} 份督办函，{grievances} 件群众诉求，{inspections} 次督导检查，"
                f"{meetings} 次调度会议，{reports} 份复工日报，{weekly} 期周督导通报，"
                f"{len(users)} 个账号"
                "（admin、city_staff、bureau_leader、city_leader、"
                f"district_1 … district_{len(districts)}）。"
            )
        )

    def _reset(self):
        stored = _stored_files(_demo_models())
        truncate(_demo_models())
        # The old records' files go once the new city is committed: a reset that fails
        # leaves the old city whole, its printed notices and reports too.
        transaction.on_commit(lambda: _delete_files(stored))


def _stored_files(models_) -> set[tuple]:
    """(storage, name) of every file the models' rows point to: printed notices and
    agreements, report workbooks, imports, exports, evidence and photos."""
    return {
        (field.storage, name)
        for model in models_
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
        for name in model._base_manager.exclude(**{field.attname: ""})
        .values_list(field.attname, flat=True)
        .distinct()
        if name
    }


def _delete_files(stored) -> None:
    for storage, name in stored:
        storage.delete(name)  # a file already gone is no error


def _is_history(model) -> bool:
    """pghistory's event tables: only ever inserted into, nothing to compact."""
    return any(field.name == "pgh_id" for field in model._meta.fields)


def _tables_written():
    """The demo's own tables, for the services that join them next: the history tables are
    only written to, and refreshing their statistics is most of the cost of doing all."""
    return [m for m in _demo_models() if not _is_history(m)]


def _demo_models():
    """The demo apps' tables, the many-to-many ones included (roles are groups: kept)."""
    return [
        model
        for label in DEMO_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    ]


@contextmanager
def _memory_for_a_bulk_load():
    """More memory for this session's sorts and hashes than a web request's 4 MB: the
    history triggers join each update's old and new rows, and the foreign keys are checked
    and the tables rebuilt over millions of rows (spilled to disk with the defaults)."""
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '64MB'")
        cursor.execute("SET maintenance_work_mem = '512MB'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET work_mem")
            cursor.execute("RESET maintenance_work_mem")


@contextmanager
def _cycles_collected_per_step():
    """The seed holds millions of rows as objects, and Python's cycle collector, run every
    few hundred allocations, walked them all again and again (a fifth of the seed's time at a
    tenth of the city). It is off while the rows are made, and each step's lap collects
    once; it is on again after the ledger, for the supervision records and the reports'
    workbooks, which make little data out of many reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lap_timer(stdout):
    """lap(label) writes the seconds since the previous lap (with -v 2): where a seed's
    time goes, step by step. While the cycle collector is off, it collects the step's
    garbage cycles first."""
    last = [time.perf_counter()]

    def lap(label):
        if not gc.isenabled():
            gc.collect()
        now = time.perf_counter()
        if stdout is not None:
            stdout.write(f"{label}: {now - last[0]:.1f} s")
        last[0] = now

    return lap
