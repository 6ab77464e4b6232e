"""Processes the bench starts: gunicorn servers (the app and the ceiling), and an HTTP client for them."""

from __future__ import annotations

import http.cookiejar
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.environment import BENCH, REPO, USER_AGENT, VENV_BIN, free_port

GUNICORN_CONF = BENCH / "gunicorn.conf.py"


@dataclass
class Server:
    """A gunicorn master started by the bench; stopped by its own pid only."""

    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_gunicorn(name: str, app_spec: str, env: dict[str, str], log_dir: Path, ready_path: str = "/") -> Server:
    """``gunicorn -c bench/gunicorn.conf.py <app_spec>`` on a free loopback port, once it answers."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    env = dict(env, WEBINARS_BIND=f"127.0.0.1:{port}", WEBINARS_BASE_URL=f"http://127.0.0.1:{port}")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(GUNICORN_CONF), app_spec],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(name, port, process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start; see {log_path}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.base_url + ready_path, timeout=5):
                pass
            # Every worker must be up before measuring, not just the first one.
            if len(server.worker_pids()) >= int(env.get("WEB_CONCURRENCY", "1")):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not answer within 60 s; see {log_path}")


def memory_of(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (the peak resident set) of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


# --- A browser-like client (cookies, the bench's User-Agent) ---------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Client:
    """Keeps cookies like a browser, sends the bench's User-Agent (sign-in sessions are bound to it)."""

    base_url: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, path: str, data: dict | None = None, timeout: float = 600) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers={"User-Agent": USER_AGENT})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def download(self, path: str) -> tuple[int, int, int]:
        """Status, bytes and lines of a (streamed) answer, read in chunks and not kept."""
        request = urllib.request.Request(self.base_url + path, headers={"User-Agent": USER_AGENT})
        size = lines = 0
        try:
            with self.opener.open(request, timeout=600) as response:
                while chunk := response.read(1 << 16):
                    size += len(chunk)
                    lines += chunk.count(b"\n")
                return response.status, size, lines
        except urllib.error.HTTPError as error:
            return error.code, 0, 0

    def csrf_token(self, path: str) -> str:
        status, _headers, body = self.request(path)
        match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body) or re.search(
            rb'value="([^"]+)"[^>]*name="csrf_token"', body
        )
        if status != 200 or not match:
            raise RuntimeError(f"no CSRF token on {path} (status {status})")
        return match.group(1).decode()

    def sign_in(self, email: str, password: str) -> None:
        token = self.csrf_token("/login")
        status, headers, _body = self.request("/login", {"csrf_token": token, "email": email, "password": password, "next": ""})
        if status != 302:
            raise RuntimeError(f"sign-in as {email} failed (status {status})")

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)
