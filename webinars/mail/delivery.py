"""Delivering the e-mail of the outbox: reserve due rows, prepare them, claim and send each one,
record the outcome (the claim protocol is in ``webinars/mail/claims.py``).

One connection serves a batch while it lasts; when it drops, the next message opens a new one (a
message the server had not started receiving goes again at once over it).
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from webinars.extensions import db
from webinars.mail import claims
from webinars.mail.claims import DeliveryTimes, ReservedRow
from webinars.mail.compose import Attachment, Envelope, build_message
from webinars.mail.deferred import write_unwritten
from webinars.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from webinars.mail.transports import ConnectionLost, DeliveryFailure, FileTransport, SMTPTransport

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    taken_over: int = 0  # reserved, then taken over by another worker before this one got to them
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def current_transport():
    url = current_app.config.get("SMTP_URL")
    if url:
        return SMTPTransport(url, timeout=float(current_app.config["SMTP_TIMEOUT_SECONDS"]))
    return FileTransport(Path(current_app.instance_path) / "outbox")


def sender_address() -> str:
    return parseaddr(current_app.config["MAIL_FROM"])[1]


def deliver_due(transport=None) -> DeliveryReport:
    """Send every message that is due, batch after batch."""
    transport = transport or current_transport()
    times = DeliveryTimes.from_config()
    token = claims.new_claim_token()
    report = DeliveryReport()
    while ids := claims.reserve_due(token, times):
        _Batch(ids, token, times, transport, report).deliver()
        if len(ids) < times.batch_size:
            break
    return report


class _ServerUnreachable(Exception):
    def __init__(self, failure: DeliveryFailure):
        self.failure = failure


class _Link:
    """The connection to the mail server: opened for the first message, and again after it dropped."""

    def __init__(self, transport):
        self.transport = transport
        self._open: ExitStack | None = None
        self._connection = None

    def send(self, mime, sender: str, recipient: str) -> None:
        if self._connection is None:
            stack = ExitStack()
            try:
                self._connection = stack.enter_context(self.transport.connect())
            except DeliveryFailure as failure:
                raise _ServerUnreachable(failure) from failure
            self._open = stack
        try:
            self._connection.send(mime, sender, recipient)
        except ConnectionLost:
            self.close()
            raise

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
        self._open = self._connection = None


class _Batch:
    """One reserved batch: written and loaded in a few queries, then each message claimed and sent."""

    def __init__(self, ids: list[int], token: str, times: DeliveryTimes, transport, report: DeliveryReport):
        self.ids = ids
        self.token = token
        self.times = times
        self.link = _Link(transport)
        self.report = report

    def deliver(self) -> None:
        prepared = self._prepare()
        sent: int | None = None  # recorded with the next claim: one commit per message
        try:
            for position, (row, envelope) in enumerate(prepared):
                if sent is not None:
                    claims.mark_sent(sent)
                    sent = None
                claimed = claims.claim(row.id, self.token)
                db.session.commit()
                if not claimed:
                    self.report.taken_over += 1
                    continue
                try:
                    self._send(envelope)
                except _ServerUnreachable as unreachable:
                    # Nothing more goes out over this server now: the rest waits for the next try.
                    for waiting, _envelope in prepared[position:]:
                        self._record_failure(waiting, unreachable.failure)
                    db.session.commit()
                    return
                except DeliveryFailure as failure:
                    self._record_failure(row, failure)
                    db.session.commit()
                else:
                    sent = row.id
                    self.report.sent += 1
            if sent is not None:
                claims.mark_sent(sent)
                db.session.commit()
        except Exception:
            # The database failed (or worse): a message already handed to the server is still
            # recorded as sent if the database lets us, so that it is not sent again.
            if sent is not None:
                db.session.rollback()
                try:
                    claims.mark_sent(sent)
                    db.session.commit()
                except Exception:
                    log.warning("Mail %s was sent but could not be recorded as sent", sent, exc_info=True)
            raise
        finally:
            self.link.close()

    def _prepare(self) -> list[tuple[ReservedRow, Envelope]]:
        messages = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(self.ids)).order_by(OutboxMessage.id)
        ).all()
        writes = any(message.text_body is None for message in messages)
        unwritable = write_unwritten(messages)
        # Read before the first commit: each commit expires the loaded rows, and reading them
        # again would cost a query per message.
        attachments = attachments_by_message(self.ids)
        rows = {message.id: ReservedRow.of(message) for message in messages}
        prepared = [
            (rows[message.id], envelope_of(message, attachments.get(message.id, ())))
            for message in messages
            if message.id not in unwritable
        ]
        for message_id, reason in unwritable.items():
            self._record_failure(rows[message_id], DeliveryFailure(reason, permanent=True))
        if writes:
            db.session.commit()  # what the worker wrote stays with the rows, even if sending fails
        return prepared

    def _send(self, envelope: Envelope) -> None:
        # A message that cannot be built never will be: failing for good keeps it from stopping
        # the batch, and from coming back again and again to stop it.
        try:
            mime = build_message(envelope)
        except ValueError as error:
            raise DeliveryFailure(f"the message cannot be built: {error}", permanent=True) from error
        try:
            self.link.send(mime, envelope.sender_address, envelope.to_address)
        except ConnectionLost as lost:
            if not lost.nothing_sent:
                raise
            # The server had closed the connection between messages: once more, over a new one.
            self.link.send(mime, envelope.sender_address, envelope.to_address)

    def _record_failure(self, row: ReservedRow, failure: DeliveryFailure) -> None:
        outcome = claims.record_failure(
            row, self.token, reason=failure.reason, permanent=failure.permanent, times=self.times
        )
        self.report.errors.append(failure.reason)
        if outcome is None:
            self.report.taken_over += 1
        elif outcome.status is OutboxStatus.FAILED:
            self.report.failed += 1
            log.warning("Mail %s failed: %s", row.id, failure.reason)
        else:
            self.report.retrying += 1
            log.info("Mail %s will be retried at %s: %s", row.id, outcome.next_attempt_at, failure.reason)


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
