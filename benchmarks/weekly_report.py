"""The weekly supervision report on the city dataset: its figures and its Excel file, the file
beside openpyxl write-only writing the same cells (the floor: no styles, no merged cells).

    make bench
    (or: python -m config.stack exec -- .venv/bin/python benchmarks/weekly_report.py)

Nothing is stored: the report's own two steps are called, not report_generate().
Targets (DESIGN.md §7): built in under 15 s, the file within 3× of the floor.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook, load_workbook  # noqa: E402

from households.models import Household  # noqa: E402
from reports import weekly  # noqa: E402

ROUNDS = 3


def best(function):
    times, value = [], None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), value


def cells_of(content: bytes) -> list[tuple[str, list[list]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [
        (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]) for sheet in book
    ]


def write_only(sheets: list[tuple[str, list[list]]]) -> bytes:
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    period = weekly.last_week()
    data_best, data_median, data = best(lambda: weekly.build_data(period))
    file_best, file_median, content = best(lambda: weekly.workbook(data))
    sheets = cells_of(content)
    floor_best, floor_median, _ = best(lambda: write_only(sheets))
    cells = sum(len(row) for _title, rows in sheets for row in rows)
    total = data_best + file_best
    ratio = file_best / floor_best
    print(
        f"weekly supervision report {period}: {Household.objects.count():,} households, "
        f"{len(sheets)} sheets, {cells:,} cells; best (median) of {ROUNDS}"
    )
    print(f"{'figures (build_data)':<44}{data_best:>8.2f} s ({data_median:.2f})")
    print(f"{'Excel file (styled)':<44}{file_best:>8.2f} s ({file_median:.2f})")
    print(
        f"{'same cells, openpyxl write-only (floor)':<44}{floor_best:>8.2f} s ({floor_median:.2f})"
    )
    print(
        f"built in {total:.2f} s (target < 15 s) — {'meets' if total < 15 else 'MISSES'}; "
        f"file {ratio:.2f}× the floor (target ≤ 3×) — {'meets' if ratio <= 3 else 'MISSES'}"
    )


if __name__ == "__main__":
    main()
