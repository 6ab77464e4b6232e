"""Who sends which outbox row: reservations, claims and outcomes, whatever is sent.

Exactly once while workers live, at least once when they die:

1. A worker **reserves** a batch of due rows with one atomic UPDATE (``FOR UPDATE SKIP LOCKED`` on
   PostgreSQL; SQLite serializes writers): it writes its own ``claimed_by`` token and the time on
   them, and leaves their status alone. It then prepares the batch in a few queries (writes the
   messages not written yet, loads attachments).
2. Just before sending a row, it **claims** it: an UPDATE that succeeds only while its token is still
   on the row, and marks the row ``sending``. A row another worker took over is skipped.
3. It records the **outcome** (sent, or a failure with its backoff), in the same transaction as the
   next row's claim.

A reservation older than ``DELIVERY_RESERVATION_SECONDS`` may be taken over by another worker: the
first one died, or its server is so slow that the rest of its batch is better sent by someone else
(the claim's token check keeps the first from sending it too). A claim (a row being sent) older than
``DELIVERY_CLAIM_SECONDS`` is due again: its worker died while sending, so it may or may not have
gone out; that, and an outcome that could not be written, are the only ways to send a row twice.

Nothing here knows what is sent, nor which table the rows are in: ``ClaimedTable`` runs the protocol on
any table with the outbox's delivery columns (``OutboxDelivery`` below). E-mail is one sender
(``webinars/mail/delivery.py``, on ``outbox_messages``); webhooks are another
(``webinars/webhooks/delivery.py``, on ``webhook_deliveries``): one protocol, one backoff, a sender per kind.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Integer, String, bindparam, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from webinars import clock
from webinars.database import UTCDateTime, enum_column, utcnow
from webinars.extensions import db
from webinars.mail.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

WAITING = (OutboxStatus.QUEUED, OutboxStatus.RETRYING)


@dataclass(frozen=True)
class DeliveryTimes:
    """The time settings of delivery (see webinars/config.py), read once per run."""

    batch_size: int
    reservation: timedelta
    claim: timedelta
    first_retry: timedelta
    longest_retry: timedelta
    give_up: timedelta

    @classmethod
    def from_config(cls, retries: str = "DELIVERY") -> DeliveryTimes:
        """Batches and claims as the outbox's settings say; retries as ``<retries>_RETRY_SECONDS``,
        ``<retries>_RETRY_MAX_SECONDS`` and ``<retries>_GIVE_UP_HOURS`` say (mail: ``DELIVERY``,
        webhooks: ``WEBHOOK``)."""
        config = current_app.config
        return cls(
            batch_size=int(config["DELIVERY_BATCH_SIZE"]),
            reservation=timedelta(seconds=float(config["DELIVERY_RESERVATION_SECONDS"])),
            claim=timedelta(seconds=float(config["DELIVERY_CLAIM_SECONDS"])),
            first_retry=timedelta(seconds=float(config[f"{retries}_RETRY_SECONDS"])),
            longest_retry=timedelta(seconds=float(config[f"{retries}_RETRY_MAX_SECONDS"])),
            give_up=timedelta(hours=float(config[f"{retries}_GIVE_UP_HOURS"])),
        )

    def backoff(self, attempts: int) -> timedelta:
        """1, 2, 4, 8... times the first retry's wait after each failed attempt, at most the longest."""
        doublings = min(max(attempts - 1, 0), 30)  # past that, any sane longest wait is reached
        return min(self.first_retry * 2**doublings, self.longest_retry)


def new_claim_token() -> str:
    """Who holds a row: readable in the table (host and process), unique per delivery run."""
    return f"{socket.gethostname()[:40]}/{os.getpid()}/{secrets.token_hex(4)}"


class OutboxDelivery:
    """The delivery columns of an outbox table (a mixin): what the claim protocol reads and writes.

    ``outbox_messages`` declares the same columns itself (it came first); a new kind of outgoing call
    gets its table from this mixin, and ``ClaimedTable`` runs the protocol on it."""

    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(1000))


class ClaimedTable:
    """The protocol on one table. Statements are built once, as every statement run per row below:
    a fan-out runs them for every message."""

    def __init__(self, model):
        self.model = model
        self._claim = (
            update(model)
            .where(
                model.id == bindparam("row_id"),
                model.claimed_by == bindparam("token"),
                model.status.in_((*WAITING, OutboxStatus.SENDING)),
            )
            .values(status=OutboxStatus.SENDING, claimed_at=bindparam("when_claimed"))
            .execution_options(synchronize_session=False)
        )
        self._mark_sent = (
            update(model)
            .where(model.id == bindparam("row_id"))
            .values(status=OutboxStatus.SENT, sent_at=bindparam("when_sent"), attempts=model.attempts + 1, last_error=None)
            .execution_options(synchronize_session=False)
        )
        self._record_failure = (
            update(model)
            .where(model.id == bindparam("row_id"), model.claimed_by == bindparam("token"))
            .values(
                status=bindparam("new_status"),
                attempts=model.attempts + 1,
                last_error=bindparam("reason"),
                next_attempt_at=bindparam("next_attempt"),
                claimed_by=None,
            )
            .execution_options(synchronize_session=False)
        )

    def reserve_due(self, token: str, times: DeliveryTimes) -> list[int]:
        """Put ``token`` on up to a batch of due rows (reservation taken over included), and return their ids."""
        model = self.model
        now = clock.now()
        due = (
            select(model.id)
            .where(
                or_(
                    model.status.in_(WAITING)
                    & (model.next_attempt_at <= now)
                    & (model.claimed_by.is_(None) | (model.claimed_at < now - times.reservation)),
                    (model.status == OutboxStatus.SENDING) & (model.claimed_at < now - times.claim),
                )
            )
            .order_by(model.next_attempt_at, model.id)
            .limit(times.batch_size)
        )
        if db.engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        reserved = db.session.scalars(
            update(model)
            .where(model.id.in_(due.scalar_subquery()))
            .values(claimed_by=token, claimed_at=now)
            .returning(model.id)
            .execution_options(synchronize_session=False)
        ).all()
        db.session.commit()
        return sorted(reserved)

    def claim(self, row_id: int, token: str) -> bool:
        """Mark the row as being sent by ``token``'s holder; False if another worker has taken it over.

        The caller commits before sending, so that the claim is what other workers see meanwhile.
        """
        claimed = db.session.execute(self._claim, {"row_id": row_id, "token": token, "when_claimed": clock.now()})
        return claimed.rowcount == 1

    def mark_sent(self, row_id: int) -> None:
        """Record a row as sent (one UPDATE, without loading it again); the caller commits."""
        db.session.execute(self._mark_sent, {"row_id": row_id, "when_sent": clock.now()})

    def record_failure(
        self, row: ReservedRow, token: str, *, reason: str, permanent: bool, times: DeliveryTimes
    ) -> Outcome | None:
        """Due again after the backoff, or failed for good (permanent, or still failing after ``give_up``).

        Returns ``None`` when another worker had taken the row over meanwhile (its outcome is that
        worker's to record). The caller commits.
        """
        now = clock.now()
        attempts = row.attempts + 1
        if permanent or now - row.queued_at >= times.give_up:
            outcome = Outcome(OutboxStatus.FAILED, attempts, row.next_attempt_at)
        else:
            outcome = Outcome(OutboxStatus.RETRYING, attempts, now + times.backoff(attempts))
        recorded = db.session.execute(
            self._record_failure,
            {
                "row_id": row.id,
                "token": token,
                "new_status": outcome.status,
                "reason": reason,
                "next_attempt": outcome.next_attempt_at,
            },
        )
        return outcome if recorded.rowcount == 1 else None


@dataclass(frozen=True)
class ReservedRow:
    """What the outcome of a row depends on, read when it was reserved: while the token is on the
    row nobody else changes these. Kept apart from the ORM object, which each commit expires."""

    id: int
    attempts: int
    queued_at: datetime
    next_attempt_at: datetime

    @classmethod
    def of(cls, message: OutboxMessage) -> ReservedRow:
        return cls(message.id, message.attempts, message.queued_at, message.next_attempt_at)


@dataclass(frozen=True)
class Outcome:
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime


# The e-mail outbox: the functions webinars/mail/delivery.py has always called.
MAIL = ClaimedTable(OutboxMessage)
reserve_due = MAIL.reserve_due
claim = MAIL.claim
mark_sent = MAIL.mark_sent
record_failure = MAIL.record_failure
