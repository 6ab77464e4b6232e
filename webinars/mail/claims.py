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

Nothing here knows what is sent. E-mail is one sender (``webinars/mail/delivery.py``); another kind
of outgoing call (a webhook, say) would be another sender reusing these functions on the same
table, told apart by a column naming its kind, as STYLE.md's "delivery outbox" asks.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, or_, select, update

from webinars import clock
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
    def from_config(cls) -> DeliveryTimes:
        config = current_app.config
        return cls(
            batch_size=int(config["DELIVERY_BATCH_SIZE"]),
            reservation=timedelta(seconds=float(config["DELIVERY_RESERVATION_SECONDS"])),
            claim=timedelta(seconds=float(config["DELIVERY_CLAIM_SECONDS"])),
            first_retry=timedelta(seconds=float(config["DELIVERY_RETRY_SECONDS"])),
            longest_retry=timedelta(seconds=float(config["DELIVERY_RETRY_MAX_SECONDS"])),
            give_up=timedelta(hours=float(config["DELIVERY_GIVE_UP_HOURS"])),
        )

    def backoff(self, attempts: int) -> timedelta:
        """1, 2, 4, 8... times the first retry's wait after each failed attempt, at most the longest."""
        doublings = min(max(attempts - 1, 0), 30)  # past that, any sane longest wait is reached
        return min(self.first_retry * 2**doublings, self.longest_retry)


def new_claim_token() -> str:
    """Who holds a row: readable in the table (host and process), unique per delivery run."""
    return f"{socket.gethostname()[:40]}/{os.getpid()}/{secrets.token_hex(4)}"


def reserve_due(token: str, times: DeliveryTimes) -> list[int]:
    """Put ``token`` on up to a batch of due rows (reservation taken over included), and return their ids."""
    now = clock.now()
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                OutboxMessage.status.in_(WAITING)
                & (OutboxMessage.next_attempt_at <= now)
                & (OutboxMessage.claimed_by.is_(None) | (OutboxMessage.claimed_at < now - times.reservation)),
                (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_at < now - times.claim),
            )
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(times.batch_size)
    )
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    reserved = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(claimed_by=token, claimed_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(reserved)


# Built once, as every statement run per row below: a fan-out runs them for every message.
CLAIM = (
    update(OutboxMessage)
    .where(
        OutboxMessage.id == bindparam("row_id"),
        OutboxMessage.claimed_by == bindparam("token"),
        OutboxMessage.status.in_((*WAITING, OutboxStatus.SENDING)),
    )
    .values(status=OutboxStatus.SENDING, claimed_at=bindparam("when_claimed"))
    .execution_options(synchronize_session=False)
)
MARK_SENT = (
    update(OutboxMessage)
    .where(OutboxMessage.id == bindparam("row_id"))
    .values(status=OutboxStatus.SENT, sent_at=bindparam("when_sent"), attempts=OutboxMessage.attempts + 1, last_error=None)
    .execution_options(synchronize_session=False)
)
RECORD_FAILURE = (
    update(OutboxMessage)
    .where(OutboxMessage.id == bindparam("row_id"), OutboxMessage.claimed_by == bindparam("token"))
    .values(
        status=bindparam("new_status"),
        attempts=OutboxMessage.attempts + 1,
        last_error=bindparam("reason"),
        next_attempt_at=bindparam("next_attempt"),
        claimed_by=None,
    )
    .execution_options(synchronize_session=False)
)


def claim(row_id: int, token: str) -> bool:
    """Mark the row as being sent by ``token``'s holder; False if another worker has taken it over.

    The caller commits before sending, so that the claim is what other workers see meanwhile.
    """
    claimed = db.session.execute(CLAIM, {"row_id": row_id, "token": token, "when_claimed": clock.now()})
    return claimed.rowcount == 1


def mark_sent(row_id: int) -> None:
    """Record a row as sent (one UPDATE, without loading it again); the caller commits."""
    db.session.execute(MARK_SENT, {"row_id": row_id, "when_sent": clock.now()})


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


def record_failure(row: ReservedRow, token: str, *, reason: str, permanent: bool, times: DeliveryTimes) -> Outcome | None:
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
        RECORD_FAILURE,
        {
            "row_id": row.id,
            "token": token,
            "new_status": outcome.status,
            "reason": reason,
            "next_attempt": outcome.next_attempt_at,
        },
    )
    return outcome if recorded.rowcount == 1 else None
