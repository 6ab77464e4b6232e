"""Background jobs with Huey.

With no configuration the queue is a SQLite file in the instance folder and
``make run`` starts a consumer beside the web server. With
``WEBINARS_REDIS_URL`` the queue is in Redis and any number of
``webinars worker`` processes, on any number of machines, consume it.

The queue only carries wake-up calls: the work itself (the outbox, due
reminders) lives in the database, so a lost task loses nothing — the periodic
sweep picks up whatever is due. Hence a Redis that is down or hung costs little:
a wake-up call that cannot be queued is dropped (the sweep does the work once
Redis is back), each attempt gives up after ``REDIS_TIMEOUT_SECONDS``, and the
outage is logged once a minute, not at every try.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Blueprint, Flask, current_app
from huey.constants import EmptyData
from huey import Huey, SqliteHuey, crontab
from huey.consumer import Consumer, Scheduler
from huey.storage import RedisStorage
from redis import ConnectionPool, Redis, RedisError
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from webinars.config import redis_client_options
from webinars.errors import is_outage
from webinars.extensions import db
from webinars.mail.service import PENDING_FLAG
from webinars.outages import OutageLog

log = logging.getLogger(__name__)

bp = Blueprint("jobs", __name__, cli_group=None)


class OutageTolerantRedisStorage(RedisStorage):
    """Huey's Redis queue, for a Redis that may be down or hung.

    Every command gives up after ``timeout`` seconds, without redis-py's retries. A wake-up call
    that cannot be queued is dropped, the worker's reads return "nothing to do" after a pause, and
    each failure goes to ``outages`` (logged once a minute) instead of a traceback per attempt.
    """

    PAUSE_AFTER_FAILURE = 1.0  # seconds: the consumer asks again at once when told "nothing to do"

    def __init__(self, name: str, *, redis_url: str, timeout: float, outages: OutageLog, read_timeout: float = 1, **kwargs):
        options = redis_client_options(timeout)
        super().__init__(name, connection_pool=ConnectionPool.from_url(redis_url, **options), read_timeout=read_timeout, **kwargs)
        # A worker's read waits up to ``read_timeout`` for a task before Redis answers: its replies
        # may come that much later. Only workers read, so app servers never open this pool.
        waiting = {**options, "socket_timeout": timeout + read_timeout}
        self.waiting_conn = Redis(connection_pool=ConnectionPool.from_url(redis_url, **waiting))
        self.outages = outages

    def enqueue(self, data, priority=None):
        try:
            super().enqueue(data, priority)
        except RedisError as error:
            self.outages.failed(error)
        else:
            self.outages.answered()

    def dequeue(self):
        try:
            popped = self.waiting_conn.brpop(self.queue_key, timeout=self.read_timeout)
        except RedisError as error:
            self.outages.failed(error)
            time.sleep(self.PAUSE_AFTER_FAILURE)
            return None
        self.outages.answered()
        return popped[1] if popped else None

    # Huey reads and drops a task's data keys (revocation, results) around each execution: Redis hanging
    # or going away just then is the same outage, logged once, never a traceback per task.

    def _tolerant(self, call, default):
        try:
            answer = call()
        except RedisError as error:
            self.outages.failed(error)
            return default
        self.outages.answered()
        return answer

    def put_data(self, key, value, is_result=False):
        return self._tolerant(lambda: super(OutageTolerantRedisStorage, self).put_data(key, value, is_result), None)

    def peek_data(self, key):
        return self._tolerant(lambda: super(OutageTolerantRedisStorage, self).peek_data(key), EmptyData)

    def pop_data(self, key):
        return self._tolerant(lambda: super(OutageTolerantRedisStorage, self).pop_data(key), EmptyData)

    def has_data_for_key(self, key):
        return self._tolerant(lambda: super(OutageTolerantRedisStorage, self).has_data_for_key(key), False)

    def delete_data(self, key):
        return self._tolerant(lambda: super(OutageTolerantRedisStorage, self).delete_data(key), False)

    def read_schedule(self, ts):
        try:
            scheduled = super().read_schedule(ts)
        except RedisError as error:
            self.outages.failed(error)
            return []
        self.outages.answered()
        return scheduled


def init_huey(app: Flask) -> Huey:
    immediate = bool(app.config.get("HUEY_IMMEDIATE"))
    # Task results are never read: only the database says what was done.
    if app.config.get("REDIS_URL"):
        outages = OutageLog(
            "Redis (job queue)",
            "Wake-up calls are dropped; each worker's periodic sweep does their work once Redis is back.",
            float(app.config["OUTAGE_LOG_SECONDS"]),
        )
        huey: Huey = Huey(
            "webinars",
            results=False,
            immediate=immediate,
            storage_class=OutageTolerantRedisStorage,
            redis_url=app.config["REDIS_URL"],
            timeout=float(app.config["REDIS_TIMEOUT_SECONDS"]),
            outages=outages,
        )
    else:
        huey = SqliteHuey(
            "webinars", results=False, filename=str(Path(app.instance_path) / "queue.sqlite3"), immediate=immediate
        )

    @huey.task(name="deliver_outbox")
    def deliver_outbox() -> None:
        with job_context(app):
            deliver_every_kind()

    @huey.periodic_task(crontab(minute="*"), name="sweep")
    def sweep() -> None:
        with job_context(app):
            for job in app.extensions["periodic_jobs"]:
                job()
            deliver_every_kind()

    from webinars.accounts.passwords import send_requested_password_resets
    from webinars.invites.service import send_due_updates
    from webinars.messages.service import send_requested_messages
    from webinars.privacy.retention import run_retention_if_due
    from webinars.registration.attendance_imports import run_queued_imports
    from webinars.reminders.service import send_due_reminders
    from webinars.speakers.calendars import send_due_updates as send_due_speaker_updates
    from webinars.summaries.followup_sending import send_requested_follow_ups

    # Woken by the organizer's Send; the periodic sweep runs the same job if the wake-up is lost.
    @huey.task(name="send_follow_ups")
    def send_follow_ups() -> None:
        with job_context(app):
            send_requested_follow_ups()

    # Woken by the organizer's Send; the periodic sweep runs the same job if the wake-up is lost.
    @huey.task(name="send_registrant_messages")
    def send_registrant_messages() -> None:
        with job_context(app):
            send_requested_messages()

    # Woken by the organizer's upload; the periodic sweep runs the same job if the wake-up is lost.
    @huey.task(name="import_attendance")
    def import_attendance() -> int:
        with app.app_context():
            return run_queued_imports()

    # Woken by "Forgot your password?"; the periodic sweep runs the same job if the wake-up is lost.
    @huey.task(name="send_password_resets")
    def send_password_resets() -> int:
        with job_context(app):
            return send_requested_password_resets()

    app.extensions["huey"] = huey
    app.extensions["periodic_jobs"] = [
        send_due_reminders,
        send_due_updates,
        send_due_speaker_updates,
        send_requested_follow_ups,
        send_requested_messages,
        run_queued_imports,
        send_requested_password_resets,
        # Once a day at most, whatever the number of workers (it claims its run in the database).
        run_retention_if_due,
    ]
    app.extensions["wake_delivery"] = deliver_outbox
    app.extensions["wake_follow_ups"] = send_follow_ups
    app.extensions["wake_registrant_messages"] = send_registrant_messages
    app.extensions["wake_attendance_imports"] = import_attendance
    app.extensions["wake_password_resets"] = send_password_resets
    return huey


def deliver_every_kind() -> None:
    """Every sender of the delivery outbox: e-mail, then webhooks (a webhook's failure e-mail to
    the owners is queued by the second and sent by the next wake-up)."""
    from webinars.mail.delivery import deliver_due as deliver_mail
    from webinars.webhooks.delivery import deliver_due as deliver_webhooks

    deliver_mail()
    deliver_webhooks()


@contextmanager
def job_context(app: Flask) -> Iterator[None]:
    """Where a task runs: its own app context, hence its own database session (even in immediate
    mode, where it runs inside the request's commit hook). A database outage ends the task with a
    line in the outage log (once a minute) instead of a traceback per try: the next sweep does the
    work once the database is back, since all of it is recorded there."""
    with app.app_context():
        try:
            yield
        except SQLAlchemyError as error:
            if not is_outage(error):
                raise
            app.extensions["database_outages"].failed(error)


def wake_delivery_after_commit(session: Session) -> None:
    """After a transaction that queued mail commits, ask a worker to deliver it now."""
    if not session.info.pop(PENDING_FLAG, False):
        return
    try:
        current_app.extensions["wake_delivery"]()
    except Exception:  # the queue is down: the periodic sweep delivers later
        log.warning("Could not wake the mail worker; the periodic sweep will deliver", exc_info=True)


def forget_pending_mail(session: Session) -> None:
    session.info.pop(PENDING_FLAG, None)


def register_session_hooks() -> None:
    if not event.contains(db.session, "after_commit", wake_delivery_after_commit):
        event.listen(db.session, "after_commit", wake_delivery_after_commit)
        event.listen(db.session, "after_rollback", forget_pending_mail)


@bp.cli.command("worker")
@click.option("--workers", default=4, show_default=True, help="Threads consuming the queue.")
@click.option("--no-periodic", is_flag=True, help="Do not run the minute-by-minute sweep in this process.")
def worker_command(workers: int, no_periodic: bool) -> None:
    """Deliver e-mail and webhooks and run periodic jobs (a Huey consumer)."""
    huey: Huey = current_app.extensions["huey"]
    consumer = WorkerConsumer(
        huey,
        sweep_seconds=float(current_app.config["SWEEP_SECONDS"]),
        workers=workers,
        worker_type="thread",
        periodic=not no_periodic,
    )
    click.echo(f"Worker consuming {type(huey.storage).__name__} with {workers} threads")
    consumer.run()


class WorkerConsumer(Consumer):
    """Huey's consumer, whose scheduler queues the periodic sweep every ``sweep_seconds`` (60 in
    production, as its crontab says; tests shorten it)."""

    def __init__(self, huey: Huey, *, sweep_seconds: float, **options):
        self.sweep_seconds = sweep_seconds
        super().__init__(huey, **options)

    def _create_scheduler(self) -> Scheduler:
        scheduler = super()._create_scheduler()
        scheduler.periodic_task_seconds = self.sweep_seconds
        return scheduler
