"""Background jobs with Huey.

With no configuration the queue is a SQLite file in the instance folder and
``make run`` starts a consumer beside the web server. With
``WEBINARS_REDIS_URL`` the queue is in Redis and any number of
``webinars worker`` processes, on any number of machines, consume it.

The queue only carries wake-up calls: the work itself (the outbox, due
reminders) lives in the database, so a lost task loses nothing — the periodic
sweep picks up whatever is due.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask import Blueprint, Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from webinars.extensions import db
from webinars.mail.service import PENDING_FLAG

log = logging.getLogger(__name__)

bp = Blueprint("jobs", __name__, cli_group=None)


def init_huey(app: Flask) -> Huey:
    immediate = bool(app.config.get("HUEY_IMMEDIATE"))
    if app.config.get("REDIS_URL"):
        huey: Huey = RedisHuey("webinars", url=app.config["REDIS_URL"], immediate=immediate)
    else:
        huey = SqliteHuey(
            "webinars", filename=str(Path(app.instance_path) / "queue.sqlite3"), immediate=immediate
        )

    # Each task runs in its own app context, hence its own database session,
    # even in immediate mode where it runs inside the request's commit hook.
    @huey.task(name="deliver_outbox")
    def deliver_outbox() -> int:
        from webinars.mail.delivery import deliver_due

        with app.app_context():
            return deliver_due().handled

    @huey.periodic_task(crontab(minute="*"), name="sweep")
    def sweep() -> None:
        from webinars.mail.delivery import deliver_due

        with app.app_context():
            for job in app.extensions["periodic_jobs"]:
                job()
            deliver_due()

    from webinars.invites.service import send_due_updates
    from webinars.reminders.service import send_due_reminders
    from webinars.speakers.calendars import send_due_updates as send_due_speaker_updates
    from webinars.summaries.followups import send_requested_follow_ups

    # Woken by the organizer's Send; the periodic sweep runs the same job if the wake-up is lost.
    @huey.task(name="send_follow_ups")
    def send_follow_ups() -> int:
        with app.app_context():
            return send_requested_follow_ups()

    app.extensions["huey"] = huey
    app.extensions["periodic_jobs"] = [
        send_due_reminders, send_due_updates, send_due_speaker_updates, send_requested_follow_ups,
    ]
    app.extensions["wake_delivery"] = deliver_outbox
    app.extensions["wake_follow_ups"] = send_follow_ups
    return huey


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
    """Deliver e-mail and run periodic jobs (a Huey consumer)."""
    huey: Huey = current_app.extensions["huey"]
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=not no_periodic)
    click.echo(f"Worker consuming {type(huey.storage).__name__} with {workers} threads")
    consumer.run()
