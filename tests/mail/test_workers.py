"""Two real worker processes (``webinars worker``) consuming one queue deliver every message exactly once.

The queue is Redis when ``WEBINARS_TEST_REDIS_URL`` is set (``.ci/run`` sets it), a shared SQLite file otherwise.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.mail.test_delivery import queue
from webinars.extensions import db
from webinars.mail.models import OutboxMessage, OutboxStatus

REDIS_URL = os.environ.get("WEBINARS_TEST_REDIS_URL")
MESSAGES = 500


@pytest.fixture
def app_config(app_config):
    config = {**app_config, "HUEY_IMMEDIATE": False}
    if REDIS_URL:
        config["REDIS_URL"] = REDIS_URL
    return config


def start_worker(app, smtp) -> subprocess.Popen:
    environment = {
        **os.environ,
        "WEBINARS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "WEBINARS_INSTANCE_PATH": app.instance_path,
        "WEBINARS_SMTP_URL": smtp.url,
        "WEBINARS_MAIL_FROM": app.config["MAIL_FROM"],
        "WEBINARS_SECRET_KEY": app.config["SECRET_KEY"],
    }
    if REDIS_URL:
        environment["WEBINARS_REDIS_URL"] = REDIS_URL
    command = [str(Path(sys.executable).parent / "webinars"), "worker", "--workers", "2", "--no-periodic"]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_two_workers_deliver_500_messages_exactly_once(app, smtp):
    huey = app.extensions["huey"]
    huey.flush()
    for number in range(MESSAGES):
        queue(f"registrant{number}@example.org")
    db.session.commit()  # enqueues one wake-up task
    for _ in range(7):  # and a few more, so both workers compete for the rows
        app.extensions["wake_delivery"]()

    workers = [start_worker(app, smtp) for _ in range(2)]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            sent = db.session.scalar(
                select(func.count()).where(OutboxMessage.status == OutboxStatus.SENT)
            )
            db.session.rollback()
            if sent == MESSAGES:
                break
            assert all(worker.poll() is None for worker in workers), "a worker died"
            time.sleep(0.3)
        time.sleep(0.5)  # let any duplicate that would arrive, arrive
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGINT)
        outputs = [worker.communicate(timeout=20)[0].decode() for worker in workers]

    recipients = Counter(address for received in smtp.received for address in received.recipients)
    assert len(recipients) == MESSAGES, f"missing deliveries; worker output: {outputs}"
    assert set(recipients.values()) == {1}, "a message was delivered twice"
    message_ids = Counter(received.message["Message-ID"] for received in smtp.received)
    assert len(message_ids) == MESSAGES
    huey.flush()
