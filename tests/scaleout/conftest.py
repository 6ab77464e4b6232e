"""A production layout on loopback for the scale-out test: two gunicorn servers and two
``webinars worker`` processes sharing PostgreSQL, Redis and one SMTP server, as the README's
"Production" section lays it out. Each process has its own instance folder, as on its own machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.smtp_server import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the virtualenv that runs pytest has gunicorn and webinars
REDIS_URL = os.environ.get("WEBINARS_TEST_REDIS_URL")

# Sign-in attempts allowed per client address and hour, all servers together.
LOGIN_ATTEMPTS = 5
STARTUP_TIMEOUT = 60
SHARED_SECRET_KEY = "scale-out-secret-shared-by-every-server"


@pytest.fixture
def app_config(app_config):
    # The test process talks to the same queue as the workers (to run the sweep now and then).
    return {**app_config, "REDIS_URL": REDIS_URL, "HUEY_IMMEDIATE": False}


@pytest.fixture
def redis_db():
    """The Redis test database, empty before and after; fails (never skips) when Redis does not answer."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def is_running(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def ask_to_stop(self) -> None:
        """SIGTERM to the process and its children (gunicorn's workers): its own process group."""
        if self.is_running():
            self._signal_group(signal.SIGTERM)

    def stop(self) -> None:
        self.ask_to_stop()
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.popen.wait(timeout=10)
        self._signal_group(signal.SIGKILL)  # a child that outlived its parent

    def _signal_group(self, signum: int) -> None:
        try:
            os.killpg(self.popen.pid, signum)
        except ProcessLookupError:
            pass

    def tail(self, lines: int = 150) -> str:
        shown = self.output().splitlines()[-lines:]
        return f"----- {self.name} (exit code {self.popen.returncode}) -----\n" + "\n".join(shown)


@dataclass
class Deployment:
    servers: list[str]  # base URLs of the app servers
    processes: list[Process]
    login_attempts: int

    def server(self, number: int) -> str:
        """The servers in turn, as a round-robin reverse proxy would hand them out."""
        return self.servers[number % len(self.servers)]

    def check_running(self) -> None:
        for process in self.processes:
            assert process.is_running(), f"{process.name} stopped\n{process.tail()}"


def deployment_environment(smtp, database_url: str) -> dict[str, str]:
    """The same ``WEBINARS_*`` settings for every process, and nothing inherited that could differ."""
    inherited = {
        name: value for name, value in os.environ.items() if not name.startswith(("WEBINARS_", "GUNICORN_"))
    }
    return {
        **inherited,
        "PYTHONUNBUFFERED": "1",
        "WEBINARS_DATABASE_URL": database_url,
        "WEBINARS_REDIS_URL": REDIS_URL,
        "WEBINARS_SECRET_KEY": SHARED_SECRET_KEY,
        "WEBINARS_BASE_URL": "http://webinars.test",
        "WEBINARS_SMTP_URL": smtp.url,
        "WEBINARS_MAIL_FROM": "webinars@webinars.test",
        # scrypt costs 0.17 s per hash; the scheme is not what this test is about.
        "WEBINARS_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Every registration comes from 127.0.0.1 here; the sign-in limit is the one under test.
        "WEBINARS_REGISTRATION_RATE_LIMIT": "1000 per hour",
        "WEBINARS_LOGIN_RATE_LIMIT": f"{LOGIN_ATTEMPTS} per hour",
        "WEB_CONCURRENCY": "2",
    }


def start(name: str, command: list[str], environment: dict[str, str], folder: Path) -> Process:
    instance = folder / name
    instance.mkdir()
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        popen = subprocess.Popen(
            [str(part) for part in command],
            cwd=PROJECT_ROOT,
            env={**environment, "WEBINARS_INSTANCE_PATH": str(instance)},
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches gunicorn's workers
        )
    return Process(name, popen, log)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def wait_until_ready(deployment: Deployment, workers: list[Process]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    waiting_servers = list(deployment.servers)
    waiting_workers = list(workers)
    while waiting_servers or waiting_workers:
        deployment.check_running()
        waiting = waiting_servers + [worker.name for worker in waiting_workers]
        assert time.monotonic() < deadline, f"not ready after {STARTUP_TIMEOUT} s: {waiting}"
        waiting_servers = [url for url in waiting_servers if not answers(url + "/login")]
        waiting_workers = [worker for worker in waiting_workers if "Worker consuming" not in worker.output()]
        time.sleep(0.2)


@pytest.fixture
def deployment(app, smtp, redis_db, tmp_path):
    """Two app servers on loopback ports and two workers; stopped (and their output printed, which
    pytest shows when the test fails) before the ``app`` fixture empties the tables."""
    environment = deployment_environment(smtp, app.config["SQLALCHEMY_DATABASE_URI"])
    processes: list[Process] = []
    try:
        servers = []
        for name in ("server-a", "server-b"):
            port = free_port()
            gunicorn = [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
            processes.append(start(name, gunicorn, environment, tmp_path))
            servers.append(f"http://127.0.0.1:{port}")
        workers = [
            start(name, [BIN / "webinars", "worker", "--workers", "2"], environment, tmp_path)
            for name in ("worker-1", "worker-2")
        ]
        processes.extend(workers)
        ready = Deployment(servers, processes, LOGIN_ATTEMPTS)
        wait_until_ready(ready, workers)
        yield ready
    finally:
        for process in processes:
            process.ask_to_stop()
        for process in processes:
            process.stop()
        for process in processes:
            print(process.tail())
