"""Two app servers on one machine, each with its own gunicorn control socket (``gunicornc``).

Runs once, on the SQLite pass: the database plays no part.
"""

from __future__ import annotations

import os
import time

import pytest
from gunicorn.ctl.client import ControlClient

from tests.scaleout.conftest import BIN, answers, start
from tests.smtp_server import free_port

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("WEBINARS_TEST_DATABASE_URL")), reason="runs once, on the SQLite pass"
)


def listening_on(socket_path) -> list[str]:
    with ControlClient(str(socket_path), timeout=10) as client:
        return [listener["address"] for listener in client.send_command("show listeners")["listeners"]]


def test_two_servers_on_one_machine_keep_their_own_control_socket(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir()
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("WEBINARS_", "GUNICORN_"))},
        "XDG_RUNTIME_DIR": str(runtime),
        "WEBINARS_DATABASE_URL": f"sqlite:///{tmp_path / 'webinars.sqlite3'}",
        "WEBINARS_SECRET_KEY": "control-socket-test",
        "WEB_CONCURRENCY": "1",
    }
    ports = [free_port(), free_port()]
    servers = [
        start(f"server-{port}", [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wsgi:app"], environment, tmp_path)
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(answers(f"http://127.0.0.1:{port}/login") for port in ports):
            assert all(server.is_running() for server in servers), [server.tail() for server in servers]
            assert time.monotonic() < deadline, "the servers did not start"
            time.sleep(0.2)

        sockets = [runtime / f"gunicorn-127.0.0.1-{port}.ctl" for port in ports]
        assert sorted(runtime.iterdir()) == sorted(sockets)
        for socket_path, port in zip(sockets, ports):
            assert listening_on(socket_path) == [f"http://127.0.0.1:{port}"]

        servers[0].stop()
        assert not sockets[0].exists()
        assert listening_on(sockets[1]) == [f"http://127.0.0.1:{ports[1]}"], "the other server's socket is untouched"
    finally:
        for server in servers:
            server.stop()
