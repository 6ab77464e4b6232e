"""Webhooks: the organization's endpoints, the events written with the changes they describe, and
their deliveries, which are rows of an outbox run by the same claim protocol as mail
(webinars/mail/claims.py)."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, intpk
from webinars.extensions import db
from webinars.mail.claims import OutboxDelivery

# A payload names registrants: it is kept this long once every delivery of it is settled.
EVENTS_KEPT = timedelta(days=30)
# Bytes of a receiver's answer kept with each attempt (shown as text, never as HTML).
ANSWER_EXCERPT_BYTES = 500


class EventType(enum.StrEnum):
    REGISTRATION_CREATED = "registration.created"
    REGISTRATION_UPDATED = "registration.updated"
    WEBINAR_PUBLISHED = "webinar.published"
    WEBINAR_UPDATED = "webinar.updated"
    WEBINAR_CANCELLED = "webinar.cancelled"
    AGREEMENT_SIGNED = "agreement.signed"
    AGREEMENT_COMPLETED = "agreement.completed"
    SUMMARY_PUBLISHED = "summary.published"

    @property
    def label(self) -> str:
        return str(_EVENT_LABELS[self])


_EVENT_LABELS = {
    EventType.REGISTRATION_CREATED: _l("Someone registered"),
    EventType.REGISTRATION_UPDATED: _l("A registration changed (confirmed, waitlisted, promoted, cancelled, checked in)"),
    EventType.WEBINAR_PUBLISHED: _l("A webinar was published"),
    EventType.WEBINAR_UPDATED: _l("A webinar's details changed"),
    EventType.WEBINAR_CANCELLED: _l("A webinar was cancelled"),
    EventType.AGREEMENT_SIGNED: _l("Someone signed an agreement"),
    EventType.AGREEMENT_COMPLETED: _l("An agreement has every signature"),
    EventType.SUMMARY_PUBLISHED: _l("A summary was published"),
}


class WebhookEndpoint(db.Model):
    """Where an organization wants to hear about changes, and which ones."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(1000))
    description: Mapped[str | None] = mapped_column(String(300))
    # The subscribed event types, space-separated (EventType values).
    event_types: Mapped[str] = mapped_column(String(500))
    # The Standard Webhooks signing secret, "whsec_" and base64 of 32 random bytes. Stored as it is:
    # the app needs it to sign every call, and the owners see it on the endpoint's page.
    secret: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # The language of the owner who added it: the e-mail saying it was disabled is written in it.
    language: Mapped[str] = mapped_column(String(5), default="en")
    # Since when every call has failed (None after any success); past WEBHOOK_DISABLE_AFTER_HOURS it is disabled.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[created_now]

    @property
    def subscribed(self) -> list[EventType]:
        return [EventType(value) for value in self.event_types.split()]


class WebhookSequence(db.Model):
    """The last sequence number given to an event of the organization: increased just before the
    commit of the change, so numbers follow the order of commits and a rollback leaves no gap."""

    __tablename__ = "webhook_sequences"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    last_sequence: Mapped[int] = mapped_column(BigInteger, default=0)


class WebhookEvent(db.Model):
    """One change, as sent: the JSON body is written once, in the change's transaction, so every
    endpoint and every retry get the same bytes."""

    __tablename__ = "webhook_events"
    __table_args__ = (UniqueConstraint("organization_id", "sequence"),)

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    # The organization's running number, given just before the commit (None until then).
    sequence: Mapped[int | None] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(40))
    # The webhook-id header: the same for every endpoint and retry, so receivers can drop duplicates.
    message_id: Mapped[str] = mapped_column(String(64), unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    webinar_id: Mapped[int | None] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_now]


class WebhookDelivery(OutboxDelivery, db.Model):
    """One event to one endpoint: a row of the delivery outbox (the claim columns come from
    ``OutboxDelivery``; webinars/webhooks/delivery.py is its sender)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[created_now]

    event: Mapped[WebhookEvent] = relationship()
    endpoint: Mapped[WebhookEndpoint] = relationship()


class WebhookAttempt(db.Model):
    """One call to an endpoint and what came back, for the endpoint's page."""

    __tablename__ = "webhook_attempts"

    id: Mapped[intpk]
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    # The first bytes of the receiver's answer, decoded as text; shown escaped, never as HTML.
    response_excerpt: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String(300))
