"""Roster import speed: a 10,000-row file end to end against the floor of only reading it.

    make bench          (or: python -m config.stack exec -- .venv/bin/python benchmarks/roster_import.py)

Runs on the configured PostgreSQL inside a transaction that is rolled back, so it leaves
no data behind. Prints each figure and its ratio to the floor measured in the same run.
"""

import argparse
import io
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from households.importers import TEMPLATE_HEADERS, find_header, import_roster, read_sheet  # noqa: E402
from households.models import Household  # noqa: E402
from projects.models import Project, Region  # noqa: E402


class Rollback(Exception):
    pass


def id_number(n: int) -> str:
    birth = date(1950, 1, 1) + timedelta(days=n // 900)
    body = f"110101{birth:%Y%m%d}{n % 900 + 100:03d}"
    return body + ric.calc_check_digit(body + "0")


def roster(rows: int, phone_prefix: str = "138") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["江州市江东区基准测试项目被征收户台账"])
    sheet.append(TEMPLATE_HEADERS)
    for n in range(rows):
        sheet.append([f"B{n:06d}", f"住户{n}", id_number(n), f"{phone_prefix}{n:08d}", f"解放路{n}号", "国有", "住宅",
                      60 + n % 40, n % 7, 1 + n % 5, "低保" if n % 50 == 0 else "", "货币补偿", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def one_round(content: bytes, changed_content: bytes, rows: int) -> dict:
    """The three imports in order, in a transaction that is rolled back; seconds of each."""
    seconds = {}
    try:
        with transaction.atomic():
            city = Region.objects.create(code="980100", name="基准市", level="city")
            district = Region.objects.create(code="980102", name="基准区", level="district", parent=city)
            project = Project.objects.create(code="BENCH-1", name="基准测试项目", district=district)

            def run(file):
                return import_roster(project=project, content=file, filename="roster.xlsx", user=None, dry_run=False)

            seconds["first"], first = timed(lambda: run(content))
            assert first.created == rows and not first.errors, first.errors[:3]
            assert Household.objects.filter(project=project).count() == rows
            seconds["again"], again = timed(lambda: run(content))
            assert again.unchanged == rows
            seconds["changed"], changed = timed(lambda: run(changed_content))
            assert changed.updated == rows, changed.as_dict()
            history_rows = Household.pgh_event_model.objects.filter(pgh_obj__project=project).count()
            assert history_rows == 2 * rows, history_rows  # one per created and one per updated household
            raise Rollback
    except Rollback:
        pass
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="each figure is the best of this many rounds")
    args = parser.parse_args()
    rows = args.rows
    content = roster(rows)
    changed_content = roster(rows, phone_prefix="139")
    print(f"roster: {rows} rows, {len(content) / 1024 / 1024:.1f} MB; best of {args.rounds} rounds")

    read_seconds = min(timed(lambda: find_header(read_sheet(content, "roster.xlsx")))[0] for _ in range(args.rounds))
    rounds = [one_round(content, changed_content, rows) for _ in range(args.rounds)]
    best = {name: min(r[name] for r in rounds) for name in rounds[0]}

    print(f"{'figure':<44}{'seconds':>9}{'rows/s':>10}{'× read':>9}")
    for label, seconds in [("read only (python-calamine, the floor)", read_seconds),
                           ("import: validate, encrypt, write, history", best["first"]),
                           ("re-import of the same file (all unchanged)", best["again"]),
                           ("re-import, every phone changed (updates)", best["changed"])]:
        print(f"{label:<44}{seconds:>9.2f}{rows / seconds:>10,.0f}{seconds / read_seconds:>9.1f}")
    print("history: one event per created and per updated household, checked in every round")
    target = 5000
    verdict = "meets" if rows / best["first"] >= target else "MISSES"
    print(f"target: ≥ {target:,} rows/s end to end — {verdict} ({rows / best['first']:,.0f} rows/s)")


if __name__ == "__main__":
    main()
