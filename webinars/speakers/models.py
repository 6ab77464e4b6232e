"""The moderator's and speakers' own space: its personal links, the profile changes waiting for
review, the slides, and the calendar invites each one was sent.

The invitation's answer lives on the participation itself (``people.models.ParticipationStatus``):
public pages, calendars and recaps read it there.
"""

from __future__ import annotations

import enum
import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, str200
from webinars.extensions import db

if TYPE_CHECKING:
    from webinars.events.models import Webinar
    from webinars.people.models import Participation, Person


def new_uid() -> str:
    return str(uuid.uuid4())


class SpeakerSpace(db.Model):
    """What a speaker's personal links lead to, for one webinar.

    It outlives the participation (``participation_id`` is set to NULL when the organizer takes
    the person out of the line-up), so a link mailed before says "you are no longer on the
    line-up" instead of "unknown link". Putting the person back reattaches the same space.
    """

    __tablename__ = "speaker_spaces"
    __table_args__ = (UniqueConstraint("webinar_id", "person_id"),)

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    participation_id: Mapped[int | None] = mapped_column(
        ForeignKey("participations.id", ondelete="SET NULL"), unique=True
    )
    # The zone the speaker lives in, chosen in their space, to read their slot in their own time.
    timezone: Mapped[str | None] = mapped_column(String(64))
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The organizer who invited them (or last sent their link): told when they decline.
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Calendar invites (speakers/calendars.py): one UID for the webinar and one for the rehearsal,
    # both their own (a speaker who also registered keeps the registrant's entry apart); the
    # SEQUENCE of each; what the speaker's calendar shows now (JSON, NULL: no entry there).
    calendar_uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_uid)
    rehearsal_uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_uid)
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0)
    rehearsal_sequence: Mapped[int] = mapped_column(Integer, default=0)
    calendar_sent: Mapped[str | None] = mapped_column(Text)
    rehearsal_sent: Mapped[str | None] = mapped_column(Text)
    # The webinar or its rehearsal changed: the sweep brings the invites up to date once the
    # organizer has stopped editing for a while (several edits, one update).
    calendar_change_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[created_now]

    webinar: Mapped[Webinar] = relationship()
    person: Mapped[Person] = relationship()
    participation: Mapped[Participation | None] = relationship()

    @property
    def is_removed(self) -> bool:
        return self.participation_id is None

    def sent_fields(self, which: str) -> dict | None:
        stored = self.calendar_sent if which == "webinar" else self.rehearsal_sent
        return json.loads(stored) if stored else None


class ProfileProposal(db.Model):
    """Profile changes a speaker made in their space, waiting for the organizer's review.

    One per person (a new submission replaces the previous one); accepting it copies it onto the
    person, which is what public pages show; discarding it deletes it. Trusted speakers' changes
    go to the person at once and never wait here.
    """

    __tablename__ = "profile_proposals"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    # The space it was made from (which webinar the speaker was looking at).
    space_id: Mapped[int | None] = mapped_column(ForeignKey("speaker_spaces.id", ondelete="SET NULL"), index=True)
    full_name: Mapped[str200]
    position: Mapped[str | None] = mapped_column(String(200))
    affiliation: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    bio_en: Mapped[str | None] = mapped_column(Text)
    links: Mapped[str | None] = mapped_column(Text)
    # A new photo (checked, cropped, re-encoded), or ``remove_photo``; neither: the photo stays.
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    photo_content_type: Mapped[str | None] = mapped_column(String(40))
    photo_hash: Mapped[str | None] = mapped_column(String(64))
    remove_photo: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[created_now]

    person: Mapped[Person] = relationship()
    space: Mapped[SpeakerSpace | None] = relationship()

    @property
    def has_new_photo(self) -> bool:
        return self.photo_hash is not None

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in (self.links or "").splitlines() if line.strip()]


class SlidesSource(enum.StrEnum):
    SPEAKER = "speaker"
    ORGANIZER = "organizer"


class SpeakerSlides(db.Model):
    """One speaker's slides for one webinar: a checked PDF, kept in the database (app servers keep
    nothing on their disk). Public on the summary only once the organizer says so, after the webinar."""

    __tablename__ = "speaker_slides"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participations.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(String(200))  # as uploaded, cleaned; also the download's name
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    size_bytes: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[SlidesSource] = mapped_column(enum_column(SlidesSource))
    uploaded_at: Mapped[created_now]
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)

    webinar: Mapped[Webinar] = relationship()
    participation: Mapped[Participation] = relationship()
