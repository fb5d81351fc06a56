"""Launcher behind the README's two commands.

    python -m config.stack run                 # PostgreSQL, Redis, web, worker and beat
    python -m config.stack exec -- CMD ...     # CMD with the data stores up (the tests)
    python -m config.stack compilemessages     # .po -> .mo with polib (no gettext needed)

When DATABASE_URL / CELERY_BROKER_URL are set those servers are used and no embedded one starts.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from config import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "Demo@2026")
BIN = Path(PYTHON).parent


def _start_data_stores(*, redis_name: str = "redis") -> embedded.EmbeddedServers:
    need_postgres = not os.environ.get("DATABASE_URL")
    need_redis = not os.environ.get("CELERY_BROKER_URL")
    servers = embedded.start(
        need_postgres=need_postgres, need_redis=need_redis, redis_name=redis_name
    )
    os.environ.setdefault("DATABASE_URL", servers.database_url)
    os.environ.setdefault("CELERY_BROKER_URL", servers.broker_url)
    where = []
    where.append(
        "内置 PostgreSQL (var/postgres)" if need_postgres else "DATABASE_URL 指定的 PostgreSQL"
    )
    where.append(
        f"内置 Redis (var/{redis_name})" if need_redis else "CELERY_BROKER_URL 指定的 Redis"
    )
    print("数据存储：" + "，".join(where), flush=True)
    return servers


def _manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, check=True)


def run(host: str, port: int) -> int:
    servers = _start_data_stores()
    children: list[subprocess.Popen] = []
    stopping = False

    def stop_all(signum=None, frame=None):
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    try:
        _manage("migrate", "--noinput")
        _manage("collectstatic", "--noinput", "--verbosity", "0")
        _manage("seed_demo", "--password", DEMO_PASSWORD)
        commands = {
            "web": [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
            ],
            "worker": [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--hostname",
                "worker@%h",
            ],
            "beat": [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO"],
        }
        for command in commands.values():
            children.append(subprocess.Popen(command, cwd=BASE_DIR))
        if _wait_until_healthy(host, port, children):
            accounts = subprocess.run(
                [PYTHON, "manage.py", "demo_accounts"],
                cwd=BASE_DIR,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            print(
                f"\n棚改通已启动：http://{host}:{port}/  （健康检查：/healthz）\n"
                f"可登录的账号（演示密码 {DEMO_PASSWORD}，仅在首次生成演示数据时设定）：\n"
                f"{accounts}按 Ctrl-C 停止。\n",
                flush=True,
            )
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
        return 0 if stopping else 1
    finally:
        stop_all()  # whatever happened, no web server or worker is left running
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        servers.stop()
        print("已停止。", flush=True)


def _wait_until_healthy(host: str, port: int, children, seconds: int = 120) -> bool:
    """Poll /healthz until every part answers (web, database, Redis, worker, beat); say
    which part is missing when it does not come up in time."""
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/healthz"
    checks = {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True  # 200: every part answered
        except urllib.error.HTTPError as exc:  # 503 while a part is still starting
            try:
                checks = {k: v for k, v in json.load(exc).items() if isinstance(v, dict)}
            except ValueError:  # not the health answer (a host the site does not serve)
                checks = {}
        except OSError:
            pass  # the web server is not listening yet
        time.sleep(3)
    missing = [name for name, check in checks.items() if not check.get("ok")]
    print(
        f"\n启动超时：{'、'.join(missing) if missing else '/healthz'} 未就绪，详见上方日志。",
        flush=True,
    )
    return False


def exec_command(command: list[str]) -> int:
    # A Redis of its own, so a running system's worker never takes the tests' tasks;
    # PostgreSQL is shared (the tests work in their own test_ database).
    servers = _start_data_stores(redis_name="redis-test")
    try:
        return subprocess.run(command, cwd=BASE_DIR).returncode
    finally:
        servers.stop()


def compile_messages() -> int:
    import polib

    for po_path in (BASE_DIR / "locale").rglob("LC_MESSAGES/*.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m config.stack")
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run")
    run_parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    exec_parser = sub.add_parser("exec")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    sub.add_parser("compilemessages")
    args = parser.parse_args(argv)
    if args.action == "run":
        return run(args.host, args.port)
    if args.action == "exec":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        return exec_command(command)
    return compile_messages()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
