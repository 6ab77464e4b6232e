"""Messages an organizer writes to a group of a webinar's registrants, and who was sent each one.

The message is queued by the organizer and sent by the worker in batches
(``messages/service.py``): each batch writes a ``RegistrantMessageDelivery`` per registrant
with the outbox row of their e-mail, in one transaction under the webinar's lock. The unique
constraint on (message, registration) is the last word: a registrant gets a message once,
whatever the number of workers.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk
from webinars.extensions import db
from webinars.mail.models import OutboxMessage

LANGUAGES = ("fr", "en")


class Audience(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING = "pending"
    ATTENDED = "attended"
    NO_SHOWS = "no_shows"  # confirmed, not marked as attended
    EVERYONE = "everyone"  # confirmed, waitlisted and pending
    FILTERED = "filtered"  # the registrations page's search and state, as they were when composing


class MessageStatus(enum.StrEnum):
    SENDING = "sending"  # the worker is queueing it, a batch at a time
    SENT = "sent"  # every recipient has their row in the outbox


class RegistrantMessage(db.Model):
    __tablename__ = "registrant_messages"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    audience: Mapped[Audience] = mapped_column(enum_column(Audience))
    # For Audience.FILTERED: the registrations page's filter (state, search) when the message was composed.
    filter_state: Mapped[str | None] = mapped_column(String(20))
    filter_search: Mapped[str | None] = mapped_column(String(200))
    # One version per language, as written (Markdown with placeholders); at least one is set.
    subject_fr: Mapped[str | None] = mapped_column(String(300))
    body_fr: Mapped[str | None] = mapped_column(Text)
    subject_en: Mapped[str | None] = mapped_column(String(300))
    body_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MessageStatus] = mapped_column(enum_column(MessageStatus), default=MessageStatus.SENDING)
    queued_count: Mapped[int] = mapped_column(Integer, default=0)  # recipients with their e-mail in the outbox
    created_at: Mapped[created_now]
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def version(self, language: str) -> tuple[str, str] | None:
        subject, body = getattr(self, f"subject_{language}"), getattr(self, f"body_{language}")
        return (subject, body) if subject and body else None

    @property
    def languages(self) -> list[str]:
        return [language for language in LANGUAGES if self.version(language)]

    def version_for(self, language: str) -> tuple[str, str, str]:
        """The registrant's language when it was written, otherwise the other one: (language, subject, body)."""
        chosen = language if self.version(language) else self.languages[0]
        subject, body = self.version(chosen)
        return chosen, subject, body

    @property
    def subject(self) -> str:
        return self.version_for("fr")[1]


class RegistrantMessageDelivery(db.Model):
    """One registrant's copy of a message: written once, with the outbox row of their e-mail."""

    __tablename__ = "registrant_message_deliveries"
    __table_args__ = (UniqueConstraint("message_id", "registration_id"),)

    id: Mapped[intpk]
    message_id: Mapped[int] = mapped_column(ForeignKey("registrant_messages.id", ondelete="CASCADE"))
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[created_now]

    outbox_message: Mapped[OutboxMessage | None] = relationship()


class TextKind(enum.StrEnum):
    """The e-mails whose wording an organizer can change for one webinar (``messages/texts.py``)."""

    CONFIRMATION = "confirmation"  # "received", to a registrant whose seat is confirmed
    REMINDER = "reminder"
    FOLLOW_UP_THANKS = "follow_up_thanks"
    FOLLOW_UP_MISSED = "follow_up_missed"


class WebinarEmailText(db.Model):
    """A webinar's own subject and opening text for one kind of e-mail, in one language.

    No row: the built-in text, translated. The details below the opening (date, links, the
    recording...) stay the built-in ones, so no edit can lose a registrant's link.
    """

    __tablename__ = "webinar_email_texts"
    __table_args__ = (UniqueConstraint("webinar_id", "kind", "language"),)

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TextKind] = mapped_column(enum_column(TextKind))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))  # placeholders in canonical form
    body: Mapped[str] = mapped_column(Text)  # Markdown with placeholders
    updated_at: Mapped[created_now]
