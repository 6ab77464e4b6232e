"""Webinars and their partner organizations."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from flask import url_for
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, str200, utcnow
from webinars.extensions import db
from webinars.markdown import RenderedMarkdown, keep_rendered, rendered
from webinars.people.models import ParticipationRole
from webinars.timezones import to_local

if TYPE_CHECKING:
    from webinars.accounts.models import Organization
    from webinars.agenda.models import AgendaItem
    from webinars.people.models import Participation


class WebinarStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Language(enum.StrEnum):
    FR = "fr"
    EN = "en"


def new_calendar_uid() -> str:
    return str(uuid.uuid4())


class Webinar(db.Model):
    __tablename__ = "webinars"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str200]
    subtitle: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    # ``description`` rendered when saved (webinars/markdown.py): HTML for pages, text for calendars.
    description_html: Mapped[str] = mapped_column(Text, default="")
    description_text: Mapped[str] = mapped_column(Text, default="")
    markdown_version: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.FR)
    # Stored in UTC; ``timezone`` is the IANA zone the event is held in.
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    join_url: Mapped[str | None] = mapped_column(String(1000))
    join_url_is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # For the moderator and speakers (webinars/speakers/): their own join link (the attendees'
    # when unset) and a rehearsal, shown in their space and sent as calendar invites.
    speakers_join_url: Mapped[str | None] = mapped_column(String(1000))
    rehearsal_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rehearsal_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # How long before the start the registrants' join page (webinars/joining/) shows "Join now".
    doors_open_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    capacity: Mapped[int | None] = mapped_column(Integer)
    # When full: waitlist newcomers (True) or tell them it is full (False).
    waitlist_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Registrations wait for an organizer's approval.
    approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Reminders, in minutes before the start, comma-separated ("1440,60": a day and an hour before).
    reminder_minutes: Mapped[str] = mapped_column(String(100), default="1440,60")
    # The registration form's built-in fields (organization, job title, country, city) that are
    # required or hidden: {"job_title": "required", "city": "hidden"}; the others are optional
    # (webinars/registration/builtin_fields.py).
    registrant_fields: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[WebinarStatus] = mapped_column(
        enum_column(WebinarStatus), default=WebinarStatus.DRAFT, index=True
    )
    # An event that already took place, entered afterwards for the record:
    # it may be published although its start is in the past.
    is_past_record: Mapped[bool] = mapped_column(Boolean, default=False)
    # Calendar identity: one UID for every .ics of this webinar, SEQUENCE bumped on changes.
    calendar_uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_calendar_uid)
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The cover image of its public page (webinars/events/images.py), kept in the database like
    # people's photos so every app server serves it; deferred so lists never load the bytes.
    cover: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    cover_content_type: Mapped[str | None] = mapped_column(String(40))
    cover_hash: Mapped[str | None] = mapped_column(String(64))  # cache-busting key in its URL
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_now]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()
    partners: Mapped[list[WebinarPartner]] = relationship(
        back_populates="webinar",
        cascade="all, delete-orphan",
        order_by="WebinarPartner.position",
    )
    participations: Mapped[list[Participation]] = relationship(
        back_populates="webinar",
        cascade="all, delete-orphan",
        order_by="Participation.position",
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="webinar",
        cascade="all, delete-orphan",
        order_by="AgendaItem.starts_at",
    )

    @property
    def description_rendered(self) -> RenderedMarkdown:
        return rendered(self, "description")

    @property
    def has_cover(self) -> bool:
        return self.cover_hash is not None

    @property
    def cover_url(self) -> str | None:
        """The cover's address; it changes with the image, so it can be cached for ever."""
        if self.cover_hash is None:
            return None
        return url_for("sharing.cover", slug=self.slug, cover_hash=self.cover_hash)

    @property
    def cover_srcset(self) -> str | None:
        """The cover for phones and for large screens (webinars/events/images.py)."""
        if self.cover_hash is None:
            return None
        small = url_for("sharing.cover_small", slug=self.slug, cover_hash=self.cover_hash)
        return f"{small} 800w, {self.cover_url} 1600w"

    @property
    def starts_at_local(self) -> datetime:
        return to_local(self.starts_at, self.timezone)

    @property
    def ends_at_local(self) -> datetime:
        return to_local(self.ends_at, self.timezone)

    def mark_changed(self) -> None:
        """Its agenda or line-up changed: a new Last-Modified and ETag for its .ics files and feed,
        whose descriptions list them (edits of those rows do not touch this one by themselves)."""
        self.updated_at = utcnow()

    @property
    def reminder_offsets(self) -> list[int]:
        """Minutes before the start, largest first."""
        values = {int(part) for part in (self.reminder_minutes or "").split(",") if part.strip().isdigit()}
        return sorted((v for v in values if v > 0), reverse=True)

    @property
    def is_draft(self) -> bool:
        return self.status is WebinarStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status is WebinarStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status is WebinarStatus.CANCELLED

    # The line-up as the public sees it (confirmed people only: not those invited who have not
    # answered, nor those who declined), by role, in the organizer's order. Pages that show it
    # load ``participations`` (and their person) with ``selectinload`` first.
    @property
    def moderator(self) -> Participation | None:
        return next((p for p in self.participations if p.role is ParticipationRole.MODERATOR and p.is_confirmed), None)

    @property
    def speakers(self) -> list[Participation]:
        return [p for p in self.participations if p.role is ParticipationRole.SPEAKER and p.is_confirmed]

    def __repr__(self) -> str:
        return f"<Webinar {self.slug}>"


keep_rendered(Webinar, "description")


class WebinarPartner(db.Model):
    """A co-organizing organization shown on the webinar's page."""

    __tablename__ = "webinar_partners"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    name: Mapped[str200]
    website: Mapped[str | None] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # An optional logo, checked and re-encoded like covers (webinars/events/images.py).
    logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    logo_content_type: Mapped[str | None] = mapped_column(String(40))
    logo_hash: Mapped[str | None] = mapped_column(String(64))

    webinar: Mapped[Webinar] = relationship(back_populates="partners")

    @property
    def logo_url(self) -> str | None:
        if self.logo_hash is None:
            return None
        return url_for("sharing.partner_logo", slug=self.webinar.slug, partner_id=self.id, logo_hash=self.logo_hash)
