"""A record of each reminder sent, so it is never sent twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinars.database import UTCDateTime, created_now, intpk
from webinars.extensions import db


class ReminderDelivery(db.Model):
    """Reminder ``minutes_before`` for the start ``for_starts_at`` was handled for this registrant.

    Keyed by the start it was computed for: when the webinar moves, the
    reminders for the new time are due again.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("registration_id", "minutes_before", "for_starts_at"),)

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    minutes_before: Mapped[int] = mapped_column(Integer)
    for_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # False when a later reminder was due at the same time (a worker that was
    # down catches up with the nearest reminder only, not with all of them).
    sent: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created_now]
