"""A webinar's summary: what the organizer adds after the event, and the follow-ups sent.

The figures (registrations, attendance, breakdowns) are not stored: they are
computed from the registrations whenever the summary is shown (attendance.py,
breakdowns.py), so they are always current, until the registrants' data is anonymized at the
end of the retention period: they are frozen just before (frozen.py).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, utcnow
from webinars.extensions import db
from webinars.markdown import RenderedMarkdown, keep_rendered, rendered

if TYPE_CHECKING:
    from webinars.events.models import Webinar
    from webinars.people.models import Person
    from webinars.registration.models import Registration


class Summary(db.Model):
    """One per webinar, created when an organizer first opens the webinar's Summary."""

    __tablename__ = "summaries"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), unique=True)
    recording_url: Mapped[str | None] = mapped_column(String(1000))
    # The recap article in Markdown: drafted from the webinar's data (recap.py), then edited.
    article_title: Mapped[str | None] = mapped_column(String(300))
    article: Mapped[str | None] = mapped_column(Text)
    # ``article`` rendered when saved (webinars/markdown.py).
    article_html: Mapped[str] = mapped_column(Text, default="")
    article_text: Mapped[str] = mapped_column(Text, default="")
    markdown_version: Mapped[str | None] = mapped_column(String(80))
    article_drafted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The figures and breakdowns as counted just before the registrants' data was anonymized
    # (JSON, summaries/frozen.py): from then on the summary reads these instead of counting.
    # The breakdowns (their keys) and "no_shows" the public page shows, as a JSON list; None: the default
    # (public_choices.HIDDEN_BY_DEFAULT stays private).
    public_breakdowns: Mapped[str | None] = mapped_column(Text)
    frozen_figures: Mapped[str | None] = mapped_column(Text)
    figures_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_now]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    webinar: Mapped[Webinar] = relationship()
    highlights: Mapped[list[Highlight]] = relationship(
        back_populates="summary", cascade="all, delete-orphan", order_by="Highlight.position"
    )
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="summary", cascade="all, delete-orphan", order_by="Quote.position"
    )
    key_figures: Mapped[list[KeyFigure]] = relationship(
        back_populates="summary", cascade="all, delete-orphan", order_by="KeyFigure.position"
    )
    slide_links: Mapped[list[SlideLink]] = relationship(
        back_populates="summary", cascade="all, delete-orphan", order_by="SlideLink.position"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def article_rendered(self) -> RenderedMarkdown:
        return rendered(self, "article")



keep_rendered(Summary, "article")

class Highlight(db.Model):
    """A short paragraph on what stood out, in the organizer's order."""

    __tablename__ = "summary_highlights"

    id: Mapped[intpk]
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    summary: Mapped[Summary] = relationship(back_populates="highlights")


class Quote(db.Model):
    """Words of one of the webinar's people, with the moment of the recording they were said at."""

    __tablename__ = "summary_quotes"

    id: Mapped[intpk]
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    # Chosen among the webinar's moderator and speakers.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # Seconds from the start of the recording (shown as 0:42:10); optional.
    at_second: Mapped[int | None] = mapped_column(Integer)

    summary: Mapped[Summary] = relationship(back_populates="quotes")
    person: Mapped[Person] = relationship()


class KeyFigure(db.Model):
    """A figure worth remembering, such as "36" and "centres d'appels à Fès"."""

    __tablename__ = "summary_key_figures"

    id: Mapped[intpk]
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))

    summary: Mapped[Summary] = relationship(back_populates="key_figures")


class SlideLink(db.Model):
    """A link to a speaker's slides."""

    __tablename__ = "summary_slide_links"

    id: Mapped[intpk]
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(1000))

    summary: Mapped[Summary] = relationship(back_populates="slide_links")


class FollowUpKind(enum.StrEnum):
    THANKS = "thanks"  # to attendees: thank you, the recording and the summary
    MISSED = "missed"  # to confirmed registrants who did not attend: sorry we missed you, the recording

    @property
    def label(self) -> str:
        return str(_FOLLOW_UP_LABELS[self])


_FOLLOW_UP_LABELS = {
    FollowUpKind.THANKS: _l("Thank-you to attendees"),
    FollowUpKind.MISSED: _l("Sorry we missed you, to no-shows"),
}


class FollowUp(db.Model):
    """The follow-up a registrant was sent. The unique registration makes "at most one
    follow-up per registrant" a rule of the database, whatever two organizers click at once."""

    __tablename__ = "summary_follow_ups"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[FollowUpKind] = mapped_column(enum_column(FollowUpKind))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship()


class FollowUpSending(db.Model):
    """An organizer's Send of a webinar's follow-ups, waiting for the worker (summaries/followup_sending.py).

    One row per webinar while the worker works through its registrants in
    batches; it goes once every confirmed registrant has a follow-up.
    """

    __tablename__ = "summary_follow_up_sendings"

    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
