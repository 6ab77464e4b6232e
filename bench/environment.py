"""Where the benchmark runs: its database, its instance folder, and the settings every process shares.

The bench never touches the development database or the test databases: PostgreSQL
runs use the ``bench`` database (created when missing), SQLite runs a file in
``instance/bench-sqlite/``. The app servers, the worker and the data set builder
all get their settings from ``app_environment`` so they see the same data.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
VENV_BIN = Path(sys.executable).parent

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/bench"
# Redis database 9: the test suite uses 15 and the scale-out test's development runs 6.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
# A fixed key, so that a session opened by one server (or a previous run) is valid on every server.
SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdef"
USER_AGENT = "webinars-bench/1"


@dataclass(frozen=True)
class Target:
    """The database (and queue) a run measures."""

    database_url: str
    redis_url: str | None
    instance_path: Path

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def label(self) -> str:
        if self.is_sqlite:
            return "SQLite (embedded default), queue in a SQLite file, rate limits in memory"
        queue = "Redis (queue and rate limits)" if self.redis_url else "queue in a SQLite file (Redis unreachable)"
        return f"PostgreSQL, {queue}"


def target_for(sqlite: bool, database_url: str | None = None, redis_url: str | None = None) -> Target:
    if sqlite:
        instance = REPO / "instance" / "bench-sqlite"
        instance.mkdir(parents=True, exist_ok=True)
        return Target(f"sqlite:///{instance / 'webinars.sqlite3'}", None, instance)
    instance = REPO / "instance" / "bench"
    instance.mkdir(parents=True, exist_ok=True)
    url = database_url or DEFAULT_POSTGRES_URL
    ensure_postgres_database(url)
    redis = redis_url if redis_url is not None else DEFAULT_REDIS_URL
    return Target(url, redis if redis and redis_reachable(redis) else None, instance)


def ensure_postgres_database(url: str) -> None:
    """Create the bench database on first use (connecting to the server's ``postgres`` database)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL is not reachable for {url} ({error}); start it, or run the bench with --sqlite")


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def app_environment(target: Target, **overrides: str) -> dict[str, str]:
    """Environment of every bench process: this process's, with the bench's WEBINARS_* settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("WEBINARS_", "GUNICORN_"))}
    env.update(
        WEBINARS_DATABASE_URL=target.database_url,
        WEBINARS_INSTANCE_PATH=str(target.instance_path),
        WEBINARS_SECRET_KEY=SECRET_KEY,
        # Each registration POST comes from 127.0.0.1: the per-address limit would stop the load at once.
        # Raised, not switched off, so that the limiter's own cost is in the figures.
        WEBINARS_REGISTRATION_RATE_LIMIT="1000000 per minute",
        WEBINARS_LOGIN_RATE_LIMIT="1000 per minute",
        WEBINARS_API_RATE_LIMIT="1000000 per minute",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if target.redis_url:
        env["WEBINARS_REDIS_URL"] = target.redis_url
    env.update(overrides)
    return env


def use_in_this_process(target: Target) -> None:
    """Point ``create_app()`` in this process at the bench (for building data and preparing runs)."""
    for key in [key for key in os.environ if key.startswith("WEBINARS_")]:
        del os.environ[key]
    os.environ.update({k: v for k, v in app_environment(target).items() if k.startswith("WEBINARS_")})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine_description() -> str:
    """Cores, memory, database and Python version, for the table's heading."""
    cores = os.cpu_count()
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        "unknown CPU",
    )
    python = sys.version.split()[0]
    return f"{cores} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GB RAM, Python {python}"


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version.split()[0]}"


def wrk_version() -> str:
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (result.stdout or result.stderr).split("[")[0].strip()
