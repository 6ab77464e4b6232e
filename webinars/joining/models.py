"""Who clicked "Join now" on their join page, and when (first and last time)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from webinars.database import UTCDateTime
from webinars.extensions import db


class JoinClick(db.Model):
    """One row per registrant who clicked "Join now" during the webinar (``joining/service.py``).

    Written with an upsert, not through the registration: thousands of registrants click at
    the start, and touching their registration would make every click wait for the webinar's
    registration tally (``registration/tallies.py``). Personal data: when a person joined.
    """

    __tablename__ = "join_clicks"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    first_clicked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_clicked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    clicks: Mapped[int] = mapped_column(Integer, default=1)
