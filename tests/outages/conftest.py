"""Private Redis and PostgreSQL servers that outage tests stop, hang and start again, and an app
server and a worker running on them as in production (see tests/scaleout/).

The shared servers of the test run are never touched. The outage tests run once, on the PostgreSQL
pass of the suite (``WEBINARS_TEST_DATABASE_URL``, which ``.ci/run`` sets); there, a missing
``redis-server`` or PostgreSQL server binaries is a failure, not a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.scaleout.conftest import BIN, Process, answers, deployment_environment, start
from tests.smtp_server import free_port

POSTGRESQL_PASS = os.environ.get("WEBINARS_TEST_DATABASE_URL", "").startswith(("postgresql", "postgres:"))
only_on_the_postgresql_pass = pytest.mark.skipif(
    not POSTGRESQL_PASS, reason="runs once, on the PostgreSQL pass (WEBINARS_TEST_DATABASE_URL)"
)
STARTUP_TIMEOUT = 60


class PrivateRedis:
    """``redis-server`` on a free loopback port, without persistence, that the test may stop or hang."""

    def __init__(self, folder: Path):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("redis-server is not installed (Debian package redis-server): the Redis outage test needs it")
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert self.process.poll() is None, (self.folder / "redis.log").read_text()
                assert time.monotonic() < deadline, "the private Redis did not start"
                time.sleep(0.05)
        client.close()
        return self

    def hang(self) -> None:
        """Stopped, not gone: connections are accepted by the system and never answered."""
        self.process.send_signal(signal.SIGSTOP)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # a hung process too
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


def postgresql_binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if not found:
        pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are missing (Debian package postgresql)")
    return Path(found[-1]).parent


class PrivatePostgreSQL:
    """A PostgreSQL cluster of its own in a temporary folder, on a free loopback port, trusting local
    connections. As root, the server runs as the ``postgres`` user (initdb refuses root)."""

    def __init__(self):
        self.binaries = postgresql_binaries()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="webinars-postgresql-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres", group="postgres")
        self.folder.chmod(0o700)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*as_postgres, *command], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"

    def create(self) -> PrivatePostgreSQL:
        self._run(
            str(self.binaries / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--no-sync", "--no-instructions",
        )
        return self.start()

    def start(self) -> PrivatePostgreSQL:
        # No durability needed: the cluster lives as long as the test.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_postgresql():
    """An empty private cluster with the app's schema (from the models, as the suite's ``_schema``)."""
    from webinars import create_app
    from webinars.extensions import db
    from tests.conftest import base_config

    server = PrivatePostgreSQL()
    try:
        server.create()
        with tempfile.TemporaryDirectory() as instance:
            app = create_app(base_config(server.url, Path(instance)))
            with app.app_context():
                db.create_all()
                db.engine.dispose()
        yield server
    finally:
        server.remove()


@dataclass
class Site:
    """One app server and one worker, as in production (README, "Production")."""

    server: str  # base URL
    processes: list[Process]

    def check_running(self) -> None:
        for process in self.processes:
            assert process.is_running(), f"{process.name} stopped\n{process.tail()}"

    def output(self, name: str) -> str:
        return next(process for process in self.processes if process.name == name).output()


@pytest.fixture
def start_site(app, smtp, tmp_path):
    """``start_site(database_url=..., redis_url=..., **settings)``: gunicorn (one process, so that
    rate limits kept in memory count exactly) and ``webinars worker``; stopped after the test, their
    output printed (pytest shows it when the test fails)."""
    processes: list[Process] = []

    def start_site(*, database_url: str, redis_url: str, **settings: str) -> Site:
        environment = {
            **deployment_environment(smtp, database_url),
            "WEBINARS_REDIS_URL": redis_url,
            "WEB_CONCURRENCY": "1",
            **{f"WEBINARS_{name}": str(value) for name, value in settings.items()},
        }
        port = free_port()
        gunicorn = [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
        processes.append(start("server", gunicorn, environment, tmp_path))
        processes.append(start("worker", [BIN / "webinars", "worker", "--workers", "2"], environment, tmp_path))
        site = Site(f"http://127.0.0.1:{port}", processes)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not (answers(site.server + "/login") and "Worker consuming" in site.output("worker")):
            site.check_running()
            assert time.monotonic() < deadline, f"the site did not start in {STARTUP_TIMEOUT} s"
            time.sleep(0.2)
        return site

    yield start_site
    for process in processes:
        process.ask_to_stop()
    for process in processes:
        process.stop()
    for process in processes:
        print(process.tail())


def wait_for(condition, site: Site, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        site.check_running()
        assert time.monotonic() < deadline, f"{what}: still waiting after {timeout} s"
        time.sleep(0.2)
