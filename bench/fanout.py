"""Reminder fan-out: 10,000 due reminders handed to a local SMTP sink by ``webinars worker --workers 2``,
against the same number of messages sent by a bare ``smtplib`` loop (the ceiling).

The worker runs as in production, with ``--no-periodic`` so that its only
sweep is the one the bench puts on the queue (what the minute's crontab does;
waiting for the minute would only add idle time). The clock starts then and
stops when the sink receives the last reminder: the time covers finding the
due registrants, rendering and queueing 10,000 e-mails, and delivering them
over SMTP.
"""

from __future__ import annotations

import smtplib
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.environment import BENCH, REPO, VENV_BIN, Target, app_environment, free_port


@dataclass(frozen=True)
class FanoutResult:
    messages: int
    app_seconds: float
    bare_seconds: float  # the ceiling: each message built and sent by a bare smtplib loop
    transport_seconds: float  # the same count of ready-made bytes: what the sink and the socket allow
    duplicates_or_missing: int  # sink count minus the reminders recorded as sent

    @property
    def app_rate(self) -> float:
        return self.messages / self.app_seconds

    @property
    def bare_rate(self) -> float:
        return self.messages / self.bare_seconds


class Sink:
    """bench/smtp_sink.py in its own process, and a thread that follows its count."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "smtp_sink.py"), "--port", str(self.port)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=(log_dir / "smtp-sink.log").open("w"),
            text=True,
        )
        ready = self.process.stdout.readline()
        if not ready.startswith("ready"):
            raise RuntimeError(f"the SMTP sink did not start: {ready!r}")
        self.count = 0
        self.last_arrival = 0.0
        self.arrivals: dict[int, float] = {}  # message number -> arrival, for the first of each measure
        self.changed = threading.Condition()
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self) -> None:
        for line in self.process.stdout:
            count, arrival = line.split()
            with self.changed:
                self.count, self.last_arrival = int(count), float(arrival)
                self.arrivals.setdefault(self.count, self.last_arrival)
                self.changed.notify_all()

    def wait_for(self, count: int, timeout: float) -> float:
        """The arrival time of message number ``count``."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.count < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"the sink received {self.count} of {count} messages in {timeout:.0f} s")
                self.changed.wait(remaining)
            return self.last_arrival

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def measure_fanout(target: Target, reminder_webinar_id: int, expected: int, log_dir: Path, say=print) -> FanoutResult:
    from webinars import create_app
    from webinars.extensions import db

    app = create_app()
    sink = Sink(log_dir)
    try:
        with app.app_context():
            _clear_outbox_and_queue(app)
            worker = _start_worker(target, sink.url, log_dir)
            try:
                started = time.time()
                _enqueue_sweep(app)
                finished = sink.wait_for(expected, timeout=max(600, expected / 5))
                app_seconds = finished - started
                first_seconds = sink.arrivals[1] - started
                # A short grace period: a duplicate would arrive right after.
                time.sleep(1)
                received = sink.count
            finally:
                _stop(worker)
            sent = _sent_reminders(reminder_webinar_id)
            say(
                f"  worker: {sent:,} reminders recorded as sent, {received:,} received by the sink in {app_seconds:.1f} s "
                f"(the first after {first_seconds:.1f} s)"
            )
            envelopes = _sent_envelopes(reminder_webinar_id)
            db.session.remove()
            bare_seconds = _bare_smtplib_loop(sink, envelopes)
            say(f"  bare smtplib loop: {len(envelopes):,} messages built and sent in {bare_seconds:.1f} s")
            transport_seconds = _ready_bytes_loop(sink, envelopes)
            say(f"  ready-made bytes: {len(envelopes):,} messages sent in {transport_seconds:.1f} s")
    finally:
        sink.stop()
        with app.app_context():
            db.engine.dispose()
    return FanoutResult(expected, app_seconds, bare_seconds, transport_seconds, received - sent)


def _clear_outbox_and_queue(app) -> None:
    """Mail queued by the load (registration confirmations) is not part of this measure."""
    from sqlalchemy import delete

    from webinars.extensions import db
    from webinars.mail.models import OutboxAttachment, OutboxMessage
    from webinars.reminders.models import ReminderDelivery

    db.session.execute(delete(ReminderDelivery))
    db.session.execute(delete(OutboxAttachment))
    db.session.execute(delete(OutboxMessage))
    db.session.commit()
    app.extensions["huey"].flush()
    if db.engine.dialect.name == "postgresql":
        # Every run starts from the same clean tables, not from the dead rows of the previous ones.
        from sqlalchemy import text

        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE outbox_messages, outbox_attachments, reminder_deliveries"))


def _start_worker(target: Target, smtp_url: str, log_dir: Path) -> subprocess.Popen:
    env = app_environment(target, WEBINARS_SMTP_URL=smtp_url, PYTHONUNBUFFERED="1")
    log = (log_dir / "worker.log").open("w")
    worker = subprocess.Popen(
        # One sweep, the one the bench queues: a worker also queues its periodic sweep when it starts,
        # and two sweeps in one process would leave no thread to deliver while they queue.
        [str(VENV_BIN / "webinars"), "worker", "--workers", "2", "--no-periodic"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    line = worker.stdout.readline()
    if "Worker consuming" not in line:
        worker.kill()
        raise RuntimeError(f"the worker did not start: {line!r} (see {log.name})")
    threading.Thread(target=lambda: [log.write(rest) for rest in worker.stdout], daemon=True).start()
    # The consumer polls its queue right after it prints its banner; a moment for its threads to start.
    time.sleep(0.5)
    return worker


def _enqueue_sweep(app) -> None:
    huey = app.extensions["huey"]
    sweep = next(task for name, task in huey._registry._registry.items() if name.endswith(".sweep"))
    huey.enqueue(sweep())


def _stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _sent_reminders(webinar_id: int) -> int:
    from sqlalchemy import func, select

    from webinars.extensions import db
    from webinars.mail.models import OutboxMessage, OutboxStatus

    return db.session.scalar(
        select(func.count()).where(
            OutboxMessage.webinar_id == webinar_id,
            OutboxMessage.kind == "reminder",
            OutboxMessage.status == OutboxStatus.SENT,
        )
    )


def _sent_envelopes(webinar_id: int) -> list:
    """The reminders as the worker sent them, read before the clock starts for the bare loop."""
    from sqlalchemy import select

    from webinars.extensions import db
    from webinars.mail.delivery import envelope_of
    from webinars.mail.models import OutboxMessage

    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.webinar_id == webinar_id, OutboxMessage.kind == "reminder")
    )
    return [envelope_of(message, attachments=()) for message in messages]


def _bare_smtplib_loop(sink: Sink, envelopes: list) -> float:
    """The ceiling: one connection, and for each recipient the message built as the app builds it
    (``build_message``) and handed over with ``send_message``: no database, no queue, no templates."""
    from webinars.mail.compose import build_message

    before = sink.count
    started = time.time()
    with smtplib.SMTP("127.0.0.1", sink.port) as client:
        for envelope in envelopes:
            client.send_message(build_message(envelope), envelope.sender_address, [envelope.to_address])
    return sink.wait_for(before + len(envelopes), timeout=600) - started


def _ready_bytes_loop(sink: Sink, envelopes: list) -> float:
    """For reference: the same count of one message's bytes, built once (the socket and the sink alone)."""
    from webinars.mail.compose import build_message

    message = build_message(envelopes[0])
    raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    before = sink.count
    started = time.time()
    with smtplib.SMTP("127.0.0.1", sink.port) as client:
        for envelope in envelopes:
            client.sendmail(envelope.sender_address, [envelope.to_address], raw)
    return sink.wait_for(before + len(envelopes), timeout=600) - started
