"""A real HTTP receiver for webhooks: a threaded http.server on a free loopback port, allowed
through ``WEBHOOK_ALLOWED_HOSTS`` (loopback is refused otherwise)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests import factories
from webinars.extensions import db
from webinars.webhooks import service
from webinars.webhooks.models import EventType


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers 200 unless told otherwise: ``answers`` is a list of (status, delay in seconds, body)
    used one per request, then ``default``; ``fail_when`` answers 500 to matching payloads."""

    received: list[Received] = field(default_factory=list)
    answers: list[tuple[int, float, bytes]] = field(default_factory=list)
    default: tuple[int, float, bytes] = (200, 0.0, b"ok")
    fail_when: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def answer_for(self, received: Received) -> tuple[int, float, bytes]:
        with self.lock:
            self.received.append(received)
            if self.fail_when is not None and self.fail_when(received.payload):
                return (500, 0.0, b"failing on purpose")
            return self.answers.pop(0) if self.answers else self.default

    @property
    def payloads(self) -> list[dict]:
        return [received.payload for received in self.received]


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, delay, answer = state.answer_for(Received(dict(self.headers.items()), body))
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                pass  # the app gave up waiting

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
        "WEBHOOK_TIMEOUT_SECONDS": 0.5,
        "WEBHOOK_RETRY_SECONDS": 60,
    }


def add_endpoint(organization, url, event_types=tuple(EventType)):
    endpoint = service.add_endpoint(organization, url, [t.value for t in event_types], "CRM", "en")
    db.session.commit()
    return endpoint


@pytest.fixture
def endpoint(organizer, receiver):
    return add_endpoint(organizer.organization, receiver.url)


@pytest.fixture
def webinar(organizer, clock):
    from webinars.events.models import WebinarStatus

    return factories.make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED, capacity=1, waitlist_enabled=True)
