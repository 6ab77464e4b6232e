"""The outbox: every e-mail the app sends is first a row here, written in the
same transaction as the change that causes it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, utcnow
from webinars.extensions import db

if TYPE_CHECKING:
    from webinars.registration.models import Registration


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # being sent by the worker that claimed it (webinars/mail/claims.py)
    RETRYING = "retrying"  # a temporary failure; next_attempt_at says when
    SENT = "sent"
    FAILED = "failed"  # permanent failure, or gave up; last_error says why


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The workers' query: due rows in order.
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(40))  # "invitation", "registration_confirmation", ...
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    webinar_id: Mapped[int | None] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    sender_name: Mapped[str] = mapped_column(String(200))  # display name in From: the organization
    to_address: Mapped[str] = mapped_column(String(320))
    to_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    # Empty until written: most messages are written when queued, some by the worker just
    # before sending (``writer``, see mail/deferred.py).
    subject: Mapped[str | None] = mapped_column(String(300))
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    # An iCalendar object sent as text/calendar with its METHOD (REQUEST, CANCEL...). For a message
    # not written yet, the method says which calendar object its writer should attach, if any.
    calendar: Mapped[str | None] = mapped_column(Text)
    calendar_method: Mapped[str | None] = mapped_column(String(16))
    # A message the worker writes: its writer's name, the registration it is about, and until it
    # is written the token of the personal link it carries (the database keeps only the hash elsewhere;
    # once written, the link is in the body, as in every message written when queued).
    writer: Mapped[str | None] = mapped_column(String(40))
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    link_token: Mapped[str | None] = mapped_column(String(100))
    # Lets a message be queued with a registration not written yet: one flush writes both, in order.
    registration: Mapped[Registration | None] = relationship()
    # Where the Message-ID's right-hand side comes from, fixed at queue time.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    # A copy queued again by the organizer's "Resend" (webinars/mail/routes.py): the message it repeats.
    resent_from_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))

    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Start of the current retry window: creation, or the organizer's manual retry.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The worker run that reserved or claimed the row, and when (webinars/mail/claims.py).
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_now]


class OutboxAttachment(db.Model):
    """A file sent with an outbox message (the signed PDF of an agreement, say)."""

    __tablename__ = "outbox_attachments"

    id: Mapped[intpk]
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))  # "application/pdf"
    content: Mapped[bytes] = mapped_column(LargeBinary)
