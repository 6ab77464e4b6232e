"""A calendar update waiting to be sent: several edits in a short time make one update mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinars.database import UTCDateTime, str200
from webinars.extensions import db


class PendingCalendarUpdate(db.Model):
    """A published webinar whose time, title, join link or description changed since
    registrants last got its invite. One row per webinar; it goes once the update is sent.

    The ``previous_*`` columns keep the webinar as registrants' calendars show it
    (the version last sent), for the "what changed" text of the update.
    """

    __tablename__ = "pending_calendar_updates"

    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), primary_key=True)
    pending_since: Mapped[datetime] = mapped_column(UTCDateTime)
    # The update is sent once nobody has edited the webinar for a while.
    last_change_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    previous_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    previous_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    previous_title: Mapped[str200]
    previous_join_url: Mapped[str | None] = mapped_column(String(1000))
    # SHA-256 of the subtitle and description: only whether they changed matters.
    previous_text_digest: Mapped[str] = mapped_column(String(64))
