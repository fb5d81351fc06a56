"""The hot paths over HTTP on the city dataset, each beside its floor measured in the same run.

    make bench
    (or: python -m config.stack exec -- .venv/bin/python benchmarks/pages.py)

The pages are served by gunicorn (one worker, DEBUG off, the system's settings plus
benchmarks/settings.py) and fetched one after another, logged in as the role that uses them.
For each: the median and 95th percentile of the timed requests (after a warm-up), the SQL
statements the request ran (sessions and log-in included), and its floor: the empty
logged-in page of the same user (session, user, menu, notification count around nothing)
plus hand-written SQL returning the same rows or figures, timed in this process, each in
turn with the page's requests. The ratio is the page's median over the floor's. Targets
(DESIGN.md §7): under 150 ms at the median and within 1.5× of the floor; the empty page
itself at most 3 queries.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.base import SessionBase  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from accounts.models import User  # noqa: E402
from benchmarks.floors import Case, cases  # noqa: E402
from households.models import Household  # noqa: E402

TARGET_MS = 150
EMPTY_LABEL = "empty logged-in page (the frame)"
EMPTY_PATH = "/bench/empty/"
TARGET_RATIO = 1.5
EMPTY_PAGE_QUERIES = 3


@dataclass
class Result:
    case: Case
    times: list[float]
    queries: int
    status: int
    sql_times: list[float]  # the page's own SQL, as the server timed it
    template_times: list[float]  # its template rendering, less the SQL run inside
    floor_sql: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def sql(self) -> float:
        return statistics.median(self.sql_times)

    @property
    def template(self) -> float:
        return statistics.median(self.template_times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "DJANGO_DEBUG": "0"},
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def session_cookie(username: str) -> str:
    """A logged-in session for the user, made as log-in makes one (no password round trip)."""
    user = User.objects.get(username=username)
    store: SessionBase = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@dataclass
class Fetched:
    seconds: float
    status: int
    queries: int
    sql: float  # seconds, as benchmarks/middleware.py timed them in the server
    template: float


def fetch(conn: http.client.HTTPConnection, path: str, cookie: str) -> Fetched:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    seconds = time.perf_counter() - started
    return Fetched(
        seconds,
        response.status,
        int(response.getheader("X-Queries") or -1),
        float(response.getheader("X-SQL-ms") or 0) / 1000,
        float(response.getheader("X-Template-ms") or 0) / 1000,
    )


def _result(case: Case, fetched: list[Fetched]) -> Result:
    return Result(
        case,
        [f.seconds for f in fetched],
        fetched[-1].queries,
        fetched[-1].status,
        [f.sql for f in fetched],
        [f.template for f in fetched],
    )


def run_sql(statements: list[tuple[str, list]]) -> float:
    """Seconds to run the statements and fetch all their rows."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - started


def time_case(port: int, case: Case, cookie: str, runs: int, warmup: int) -> tuple[Result, Result]:
    """The page and its floor, measured in turns: a request of the page, one of the empty
    page as the same user, its hand SQL; `runs` times after `warmup`. A busy moment of the
    machine then weighs on the page and its floor alike (timed one after the other, a page
    measured in a quiet minute was set beside a frame measured in a busy one)."""
    frame = Case(EMPTY_LABEL, case.user, EMPTY_PATH)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    pages, frames, sql = [], [], []
    for turn in range(warmup + runs):
        page = fetch(conn, case.path, cookie)
        empty = fetch(conn, frame.path, cookie)
        hand = run_sql(case.floor)
        if turn >= warmup:
            pages.append(page)
            frames.append(empty)
            sql.append(hand)
    conn.close()
    result = _result(case, pages)
    result.floor_sql = statistics.median(sql)
    return result, _result(frame, frames)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", help="run the cases whose label contains this")
    args = parser.parse_args()

    households = Household.objects.count()
    if households < 100_000:
        print(
            f"warning: {households:,} households — the figures are meant for the city dataset "
            "(python manage.py seed_demo --scale city --reset)"
        )
    selected = [c for c in cases() if not args.only or args.only in c.label]
    if not selected:
        raise SystemExit(f"no path's label contains {args.only!r}")
    port = free_port()
    server = start_gunicorn(port)
    try:
        cookies = {u: session_cookie(u) for u in {c.user for c in selected}}
        timed = [time_case(port, c, cookies[c.user], args.runs, args.warmup) for c in selected]
    finally:
        server.terminate()
        server.wait()
    # The frame as every page's turns measured it, for its own line.
    empty = Result(
        Case(EMPTY_LABEL, "", EMPTY_PATH),
        [t for _page, frame in timed for t in frame.times],
        max(frame.queries for _page, frame in timed),
        max(frame.status for _page, frame in timed),  # any but 200 is a floor not measured
        [t for _page, frame in timed for t in frame.sql_times],
        [t for _page, frame in timed for t in frame.template_times],
    )

    print(
        f"{households:,} households, {timezone.localdate()}; {args.runs} timed requests per "
        f"path after {args.warmup} warm-up, each in turn with its floor: hand-written SQL + "
        "the empty page"
    )
    header = (
        f"{'path':<46}{'median':>8}{'p95':>8}{'queries':>8}{'SQL':>7}{'tmpl':>7}{'rest':>7}"
        f"{'hand SQL':>9}{'floor':>8}{'ratio':>7}  verdict"
    )
    print(header)
    print("-" * len(header))

    def split(result: Result) -> str:
        rest = result.median - result.sql - result.template
        return f"{result.sql * 1000:>6.1f} {result.template * 1000:>6.1f} {rest * 1000:>6.1f} "

    empty_ok = (
        empty.queries <= EMPTY_PAGE_QUERIES
        and empty.median * 1000 < TARGET_MS
        and all(frame.status == 200 for _page, frame in timed)
    )
    print(
        f"{empty.case.label:<46}{empty.median * 1000:>7.1f} {empty.p95 * 1000:>7.1f}"
        f"{empty.queries:>8}{split(empty)}{'':>9}{'':>8}{'':>7}  "
        f"{'meets' if empty_ok else 'MISSES'} (≤ {EMPTY_PAGE_QUERIES} queries)"
    )
    for result, frame in timed:
        floor = result.floor_sql + frame.median
        ratio = result.median / floor
        fast = result.median * 1000 < TARGET_MS
        near = ratio <= TARGET_RATIO
        answered = result.status == frame.status == 200
        verdict = "meets" if fast and near and answered else "MISSES"
        if result.status != 200:
            verdict += f" (HTTP {result.status})"
        if frame.status != 200:
            verdict += f" (empty page HTTP {frame.status})"
        print(
            f"{result.case.label:<46}{result.median * 1000:>7.1f} {result.p95 * 1000:>7.1f}"
            f"{result.queries:>8}{split(result)}{result.floor_sql * 1000:>8.1f} "
            f"{floor * 1000:>8.1f}{ratio:>6.2f}×  {verdict}"
        )
    print(
        "SQL: the page's statements sent and run, as the server timed them; tmpl: its "
        "templates, less the SQL run inside them; rest: the median less those two (the "
        "framework, forms and filters, the ORM building queries and rows, serialisation, "
        "HTTP); hand SQL: the floor's statements, run and read; floor: hand SQL + the empty "
        "page as the same user, both timed in turns with the page (the frame's line: all "
        "those turns)"
    )
    print("times in ms; targets: median < 150 ms and ratio ≤ 1.5×")


if __name__ == "__main__":
    main()
