"""People who appear in webinars (moderators, speakers), reusable across an organization's webinars."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, str200, utcnow
from webinars.extensions import db

if TYPE_CHECKING:
    from webinars.accounts.models import Organization
    from webinars.events.models import Webinar


class Person(db.Model):
    __tablename__ = "people"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str200]
    position: Mapped[str | None] = mapped_column(String(200))  # "Directeur général"
    affiliation: Mapped[str | None] = mapped_column(String(200))  # the organization they belong to
    email: Mapped[str | None] = mapped_column(String(320))  # private: never shown publicly
    bio: Mapped[str | None] = mapped_column(Text)  # in French (``bio_en`` in English); either may be empty
    bio_en: Mapped[str | None] = mapped_column(Text)
    # Their web pages (site, LinkedIn...), one https:// address per line.
    links: Mapped[str | None] = mapped_column(Text)
    # "Trust this speaker": changes they make in their speaker space go public without review.
    profile_trusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=db.false())
    # The photo lives in the database so every app server can serve it; it is
    # deferred so lists of people never load the bytes.
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    photo_content_type: Mapped[str | None] = mapped_column(String(40))
    photo_hash: Mapped[str | None] = mapped_column(String(64))  # cache-busting key in photo URLs
    created_at: Mapped[created_now]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()
    participations: Mapped[list[Participation]] = relationship(back_populates="person")

    @property
    def has_photo(self) -> bool:
        return self.photo_hash is not None

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in (self.links or "").splitlines() if line.strip()]

    def bio_in(self, language: str) -> str | None:
        """The biography in ``language`` ("fr" or "en"), else the one in the other language."""
        preferred, other = (self.bio_en, self.bio) if language == "en" else (self.bio, self.bio_en)
        return preferred or other

    @property
    def photo_url(self) -> str | None:
        """The photo's address; it changes with the photo, so it can be cached for ever."""
        if self.photo_hash is None:
            return None
        return url_for("people.photo", person_id=self.id, photo_hash=self.photo_hash)


class ParticipationRole(enum.StrEnum):
    MODERATOR = "moderator"
    SPEAKER = "speaker"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    ParticipationRole.MODERATOR: _l("Moderator"),
    ParticipationRole.SPEAKER: _l("Speaker"),
}


class ParticipationStatus(enum.StrEnum):
    """Where the person stands: public pages and calendars show the confirmed ones only."""

    ADDED = "added"  # put in the line-up by the organizer, who vouches for them
    INVITED = "invited"  # invited through their speaker space; no answer yet
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    ParticipationStatus.ADDED: _l("Confirmed by the organizer"),
    ParticipationStatus.INVITED: _l("Invited, no answer yet"),
    ParticipationStatus.ACCEPTED: _l("Accepted"),
    ParticipationStatus.DECLINED: _l("Declined"),
}


class Participation(db.Model):
    """A person's role in one webinar. Exactly one moderator per webinar."""

    __tablename__ = "participations"
    __table_args__ = (
        UniqueConstraint("webinar_id", "person_id"),
        # The database itself refuses a second moderator, whatever the code does.
        Index(
            "uq_participations_one_moderator",
            "webinar_id",
            unique=True,
            sqlite_where=db.text("role = 'moderator'"),
            postgresql_where=db.text("role = 'moderator'"),
        ),
    )

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[ParticipationRole] = mapped_column(enum_column(ParticipationRole))
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ParticipationStatus] = mapped_column(
        enum_column(ParticipationStatus), default=ParticipationStatus.ADDED, server_default=ParticipationStatus.ADDED.value
    )
    # The invitation through the speaker space and its answer (webinars/speakers/).
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str | None] = mapped_column(Text)

    webinar: Mapped[Webinar] = relationship(back_populates="participations")
    person: Mapped[Person] = relationship(back_populates="participations")

    @property
    def is_confirmed(self) -> bool:
        """Shown on public pages, in calendars and recaps: the organizer's choice or the person's yes.
        (A row not flushed yet has no status: the column's default, ADDED, is what it will get.)"""
        return self.status in (None, ParticipationStatus.ADDED, ParticipationStatus.ACCEPTED)
