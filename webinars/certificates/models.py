"""Certificates of attendance: the organizer's settings per webinar, and each certificate issued."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, intpk
from webinars.extensions import db

if TYPE_CHECKING:
    from webinars.events.models import Webinar
    from webinars.registration.models import Registration


class CertificateSettings(db.Model):
    """Whether a webinar's attendees get certificates, and from how many minutes present."""

    __tablename__ = "certificate_settings"

    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Minutes in the session (from the imported report) an attendee needs; without a report,
    # clicking "Join now" (or being checked in) is enough.
    minimum_minutes: Mapped[int] = mapped_column(Integer, default=30)


class Certificate(db.Model):
    """A certificate of attendance issued to one registrant (at most one per registration).

    Personal data: the holder's name as printed, and what they attended. Its verification code,
    printed on the PDF with a QR code, opens ``/verify/<code>``; a revoked certificate stays, so
    that page can say it was revoked.
    """

    __tablename__ = "certificates"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    # The name as registered, or as the holder corrected its spelling (once, before downloading).
    holder_name: Mapped[str] = mapped_column(String(201))
    name_corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Minutes in the session when issued (from the imported report); None when attendance came
    # from the check-in or the join page, which say nothing of the time spent.
    minutes_attended: Mapped[int | None] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_downloaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(300))

    webinar: Mapped[Webinar] = relationship()
    registration: Mapped[Registration] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def name_can_be_corrected(self) -> bool:
        return self.name_corrected_at is None and self.first_downloaded_at is None and not self.is_revoked
