"""Each message once, behind a slow mail server and across workers that die.

A batch is reserved by one worker, but each message is claimed only just before it is sent
(webinars/mail/claims.py): the rest of a slow batch may go to another worker without being sent
twice, and a worker killed mid-batch holds back only the message it was sending.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.mail.test_delivery import queue, rows
from webinars import clock as app_clock
from webinars.extensions import db
from webinars.mail.delivery import deliver_due
from webinars.mail.models import OutboxStatus

MESSAGES = 40
WAIT = 60  # seconds of real time before a test gives up waiting for the mail


@pytest.fixture
def app_config(app_config):
    # Nothing is delivered at commit: the workers of each test do it.
    return {**app_config, "HUEY_IMMEDIATE": False}


class AcceleratedClock:
    """The app's clock running ``speed`` times faster than the real one, so that the production
    time settings (a claim held 10 minutes, a reservation 1 minute) play out in seconds."""

    def __init__(self, speed: float):
        self.speed = speed
        self.started = datetime.now(UTC)
        self.started_monotonic = time.monotonic()

    def __call__(self) -> datetime:
        return self.started + timedelta(seconds=(time.monotonic() - self.started_monotonic) * self.speed)

    def real_seconds(self, app_seconds: float) -> float:
        return app_seconds / self.speed


@contextmanager
def workers(app, count: int):
    """``count`` worker threads, each with its own session, delivering whatever is due until stopped."""
    stop = threading.Event()
    failures: list[BaseException] = []

    def work() -> None:
        with app.app_context():
            try:
                while not stop.is_set():
                    deliver_due()
                    stop.wait(0.05)
            except BaseException as error:  # shown by the test, not lost in the thread
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, name=f"worker-{number}") for number in range(count)]
    for thread in threads:
        thread.start()
    try:
        yield failures
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=WAIT)  # each finishes the message it is sending


def received_by_address(smtp) -> Counter:
    return Counter(address for received in list(smtp.received) for address in received.recipients)


def wait_until(condition, what: str, failures=()) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert not failures, f"a worker failed: {failures!r}"
        assert time.monotonic() < deadline, f"still waiting for {what} after {WAIT} s"
        time.sleep(0.05)


def test_two_workers_behind_a_server_taking_20_seconds_a_message_send_each_message_once(app, smtp):
    # At 120 times the real speed, 20 s per message is a sixth of a real second, the batch of 40 takes
    # 13 minutes of the app's time, past the 10 minutes a message being sent is left to its worker.
    fast = AcceleratedClock(speed=120)
    app_clock.set_source(fast)
    try:
        smtp.take_time(fast.real_seconds(20))
        addresses = [f"registrant{number}@example.org" for number in range(MESSAGES)]
        for address in addresses:
            queue(address)
        db.session.commit()

        with workers(app, 2) as failures:
            wait_until(lambda: len(received_by_address(smtp)) == MESSAGES, "every message", failures)
        assert not failures
    finally:
        app_clock.set_source(None)

    received = received_by_address(smtp)
    assert [address for address, times in received.items() if times > 1] == [], "sent twice"
    assert received == Counter(addresses)
    assert {row.status for row in rows()} == {OutboxStatus.SENT}


def start_worker_process(app, smtp) -> subprocess.Popen:
    """``webinars worker``, as in production, on the test's database, queue and mail server."""
    environment = {
        **os.environ,
        "WEBINARS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "WEBINARS_INSTANCE_PATH": app.instance_path,  # the SQLite queue the test's commit wrote to
        "WEBINARS_SMTP_URL": smtp.url,
        "WEBINARS_MAIL_FROM": app.config["MAIL_FROM"],
        "WEBINARS_SECRET_KEY": app.config["SECRET_KEY"],
        "WEBINARS_DELIVERY_RESERVATION_SECONDS": str(app.config["DELIVERY_RESERVATION_SECONDS"]),
        "WEBINARS_DELIVERY_CLAIM_SECONDS": str(app.config["DELIVERY_CLAIM_SECONDS"]),
    }
    environment.pop("WEBINARS_REDIS_URL", None)
    command = [str(Path(sys.executable).parent / "webinars"), "worker", "--workers", "1", "--no-periodic"]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_worker_killed_mid_batch_holds_back_only_the_message_it_was_sending(app, smtp):
    app.config.update(DELIVERY_RESERVATION_SECONDS=1, DELIVERY_CLAIM_SECONDS=5)
    smtp.take_time(0.3)
    addresses = [f"registrant{number}@example.org" for number in range(6)]
    for address in addresses:
        queue(address)
    db.session.commit()  # wakes a worker through the queue

    first = start_worker_process(app, smtp)
    try:
        smtp.wait_for_messages_started(3, timeout=WAIT)  # it sent two and is sending the third
    finally:
        first.kill()
        output = first.communicate(timeout=WAIT)[0].decode(errors="replace")
    assert len(smtp.received) == 2, output

    with workers(app, 1) as failures:
        wait_until(lambda: len(received_by_address(smtp)) == len(addresses), "every message", failures)
    order = [received.recipients[0] for received in smtp.received]
    assert Counter(order) == Counter(addresses), "each message once"
    # The three it had not started went out at once; the one it was sending waited for its claim to expire.
    assert order == addresses[:2] + addresses[3:] + addresses[2:3]
    assert {row.status for row in rows()} == {OutboxStatus.SENT}
