"""Delivering the outbox: claim due rows atomically, send them, record the outcome.

At most once: a row is claimed by one worker with a single atomic UPDATE
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serializes writers). At
least once: a failure leaves the row due again later, and a row whose worker
died while sending is reclaimed after ``STALE_CLAIM``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

from flask import current_app
from sqlalchemy import bindparam, or_, select, update

from webinars import clock
from webinars.extensions import db
from webinars.mail.compose import Attachment, Envelope, build_message
from webinars.mail.deferred import write_unwritten
from webinars.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from webinars.mail.transports import DeliveryFailure, FileTransport, SMTPTransport

log = logging.getLogger(__name__)

BATCH_SIZE = 50
STALE_CLAIM = timedelta(minutes=10)
# Temporary failures are retried for two days (the issue asks for at least one).
GIVE_UP_AFTER = timedelta(hours=48)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after each failed attempt, at most one hour apart."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def current_transport():
    url = current_app.config.get("SMTP_URL")
    if url:
        return SMTPTransport(url)
    return FileTransport(Path(current_app.instance_path) / "outbox")


def sender_address() -> str:
    return parseaddr(current_app.config["MAIL_FROM"])[1]


def claim_due(limit: int = BATCH_SIZE) -> list[int]:
    """Mark up to ``limit`` due rows as being sent by this worker, and return their ids."""
    now = clock.now()
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.RETRYING])
                & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM),
            )
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status=OutboxStatus.SENDING, claimed_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed)


def deliver_due(limit: int = BATCH_SIZE, transport=None) -> DeliveryReport:
    """Send every message that is due, batch after batch, over one connection per batch."""
    transport = transport or current_transport()
    report = DeliveryReport()
    while ids := claim_due(limit):
        _deliver_batch(ids, transport, report)
        if len(ids) < limit:
            break
    return report


# Built once: a fan-out runs it for every message.
MARK_SENT = (
    update(OutboxMessage)
    .where(OutboxMessage.id == bindparam("outbox_id"))
    .values(status=OutboxStatus.SENT, sent_at=bindparam("when_sent"), attempts=OutboxMessage.attempts + 1, last_error=None)
    .execution_options(synchronize_session=False)
)


def _deliver_batch(ids: list[int], transport, report: DeliveryReport) -> None:
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)).all()
    writes = any(message.text_body is None for message in messages)
    unwritable = write_unwritten(messages)
    for message in messages:
        if message.id in unwritable:
            _record_failure(message, DeliveryFailure(unwritable[message.id], permanent=True), report)
    # Built before the first commit: each commit expires the loaded rows, and reading them
    # again would cost a query per message.
    attachments = attachments_by_message(ids)
    prepared = [
        (message, message.id, envelope_of(message, attachments.get(message.id, ())))
        for message in messages
        if message.id not in unwritable
    ]
    if writes:
        db.session.commit()  # what the worker wrote stays with the rows, even if sending fails
    try:
        with transport.connect() as connection:
            for message, message_id, envelope in prepared:
                _deliver_one(message, message_id, envelope, connection, report)
    except DeliveryFailure as failure:
        # The server could not be reached at all: every message not yet handled waits for the next try.
        for message in messages:
            if message.status is OutboxStatus.SENDING:
                _record_failure(message, failure, report)
        db.session.commit()


def _deliver_one(message: OutboxMessage, message_id: int, envelope: Envelope, connection, report: DeliveryReport) -> None:
    try:
        # A message that cannot be built never will be: failing for good keeps it from stopping
        # the batch, and from coming back every STALE_CLAIM to stop it again.
        try:
            mime = build_message(envelope)
        except ValueError as error:
            raise DeliveryFailure(f"the message cannot be built: {error}", permanent=True) from error
        connection.send(mime, envelope.sender_address, envelope.to_address)
    except DeliveryFailure as failure:
        _record_failure(message, failure, report)
    else:
        # One UPDATE, without loading the row again (the previous commit expired it).
        db.session.execute(MARK_SENT, {"outbox_id": message_id, "when_sent": clock.now()})
        report.sent += 1
    db.session.commit()


def _record_failure(message: OutboxMessage, failure: DeliveryFailure, report: DeliveryReport) -> None:
    now = clock.now()
    message.attempts += 1
    message.last_error = failure.reason
    report.errors.append(failure.reason)
    if failure.permanent or now - message.queued_at >= GIVE_UP_AFTER:
        message.status = OutboxStatus.FAILED
        report.failed += 1
        log.warning("Mail %s to %s failed: %s", message.id, message.to_address, failure.reason)
    else:
        message.status = OutboxStatus.RETRYING
        message.next_attempt_at = now + backoff(message.attempts)
        report.retrying += 1
        log.info("Mail %s to %s will be retried at %s: %s", message.id, message.to_address, message.next_attempt_at, failure.reason)


def envelope_of(message: OutboxMessage, attachments: tuple[Attachment, ...] | None = None) -> Envelope:
    return Envelope(
        message_id=message.message_id,
        sender_address=sender_address(),
        sender_name=message.sender_name,
        to_address=message.to_address,
        to_name=message.to_name,
        language=message.language,
        subject=message.subject,
        text_body=message.text_body,
        html_body=message.html_body,
        created_at=message.created_at,
        calendar=message.calendar,
        calendar_method=message.calendar_method,
        attachments=attachments_of(message) if attachments is None else attachments,
    )


def attachments_of(message: OutboxMessage) -> tuple[Attachment, ...]:
    return attachments_by_message([message.id]).get(message.id, ())


def attachments_by_message(message_ids: list[int]) -> dict[int, tuple[Attachment, ...]]:
    """The attachments of several messages in one query."""
    found: dict[int, list[Attachment]] = {}
    rows = db.session.scalars(
        select(OutboxAttachment).where(OutboxAttachment.message_id.in_(message_ids)).order_by(OutboxAttachment.id)
    )
    for row in rows:
        found.setdefault(row.message_id, []).append(Attachment(row.filename, row.content_type, row.content))
    return {message_id: tuple(files) for message_id, files in found.items()}
