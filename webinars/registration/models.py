"""Registrations of attendees to a webinar, and the organizer's custom questions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, utcnow
from webinars.extensions import db

if TYPE_CHECKING:
    from webinars.events.models import Webinar


class RegistrationState(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING = "pending"  # waiting for the organizer's approval
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        # One registration per address and webinar; addresses are stored lower-cased.
        UniqueConstraint("webinar_id", "email"),
        # Counting seats and finding the head of the waitlist.
        Index("ix_registrations_webinar_state", "webinar_id", "state", "id"),
        # The organizer's list pages through these orders by keyset (registration/listing.py):
        # newest/oldest, by name, by organization.
        Index("ix_registrations_webinar_by_id", "webinar_id", "id"),
        Index("ix_registrations_webinar_by_name", "webinar_id", "last_name", "first_name", "id"),
        Index("ix_registrations_webinar_by_affiliation", "webinar_id", "affiliation", "last_name", "first_name", "id"),
        # The summary's breakdowns of confirmed registrants (summaries/breakdowns.py) read only this index:
        # three times faster than reading the rows at 100,000 registrations.
        Index("ix_registrations_summary_breakdowns", "webinar_id", "state", "affiliation", "country", "city", "job_title"),
    )

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    affiliation: Mapped[str | None] = mapped_column(String(200))  # the registrant's organization
    job_title: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    city: Mapped[str | None] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(5))  # for their e-mails
    # active_history: a change of state knows the state it leaves, even when that was not loaded,
    # so the webinar's tally (registration/tallies.py) moves one registration from one count to the other.
    state: Mapped[RegistrationState] = mapped_column(enum_column(RegistrationState), active_history=True)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    wants_future_events: Mapped[bool] = mapped_column(Boolean, default=False)
    # Personal links (/r/<token>) are rows of ``personal_links`` (webinars/personal_links/).
    # When a calendar invite (METHOD:REQUEST) first went to this registrant, by e-mail or download:
    # only someone who had one is sent a METHOD:CANCEL, others get a plain notice.
    invite_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Added to the webinar's SEQUENCE in this registrant's own invites. Raised when their seat alone
    # is cancelled (and when they register again), so their calendar takes the CANCEL (and the new
    # invite) while the public file and the other registrants' SEQUENCE stay as they are.
    sequence_offset: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[created_now]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Attendance, marked by hand or imported from the platform's report.
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_in_session: Mapped[int | None] = mapped_column(Integer)
    # When the personal data was erased (retention period over, or the registrant's or an owner's
    # request, webinars/privacy/): the row stays, anonymous, so counts and figures stay too.
    anonymized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    webinar: Mapped[Webinar] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_anonymized(self) -> bool:
        return self.anonymized_at is not None

    @property
    def calendar_sequence(self) -> int:
        """SEQUENCE of this registrant's own invite and its cancellation."""
        return self.webinar.calendar_sequence + self.sequence_offset


class RegistrationTally(db.Model):
    """How many registrations a webinar has in each state, and a number that changes with any of them.

    Kept by ``registration/tallies.py`` in the transaction that changes the registrations, so
    the organizer's tabs and the seat count read one row instead of counting 100,000, and
    cached summary figures know at once whether they are still true (``version``).
    """

    __tablename__ = "registration_tallies"

    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), primary_key=True)
    # Raised by every change of a registration, its answers or the webinar's questions.
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    confirmed: Mapped[int] = mapped_column(Integer, default=0)
    waitlisted: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)


class QuestionKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"


class Question(db.Model):
    """A custom question the organizer adds to a webinar's registration form."""

    __tablename__ = "questions"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Choices, one per line, for the choice kinds.
    choices_text: Mapped[str | None] = mapped_column(Text)

    @property
    def choices(self) -> list[str]:
        return [line.strip() for line in (self.choices_text or "").splitlines() if line.strip()]


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_registration_question", "registration_id", "question_id"),)

    id: Mapped[intpk]
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    # Text answers as typed; a choice as its text; a multiple choice as one row per
    # chosen option (so breakdowns are a GROUP BY); yes/no as "yes"/"no".
    value: Mapped[str] = mapped_column(Text)

    registration: Mapped[Registration] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class ReportRowResolution(enum.StrEnum):
    OPEN = "open"  # waiting for the organizer
    ATTACHED = "attached"  # counted for a registrant the organizer chose
    ADDED = "added"  # the organizer registered the person from this row
    DISMISSED = "dismissed"  # not a registrant (the host, a speaker...)


class UnmatchedAttendance(db.Model):
    """A person of an imported attendance report whose e-mail matched no registrant.

    Kept (not dropped) until the organizer resolves it, and kept afterwards with
    the resolution, so that importing the same report again applies the same
    decision instead of listing the row again.
    """

    __tablename__ = "attendance_unmatched"
    __table_args__ = (
        UniqueConstraint("webinar_id", "match_key"),
        # The attendance page lists the open rows by name, a page at a time (keyset, as the registrations).
        Index("ix_attendance_unmatched_webinar_by_name", "webinar_id", "resolution", "name", "id"),
    )

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"))
    # The e-mail address lower-cased, or "name:" and the lower-cased name when the report has no address.
    match_key: Mapped[str] = mapped_column(String(400))
    name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    role: Mapped[str | None] = mapped_column(String(100))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_in_session: Mapped[int] = mapped_column(Integer, default=0)
    resolution: Mapped[ReportRowResolution] = mapped_column(
        enum_column(ReportRowResolution), default=ReportRowResolution.OPEN
    )
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[created_now]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration | None] = relationship()


class ImportStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for a worker
    RUNNING = "running"  # a worker reads it (``claimed_at`` is its last sign of life)
    DONE = "done"
    FAILED = "failed"  # nothing of it was applied; ``error`` says why


class AttendanceImport(db.Model):
    """An uploaded attendance report, imported by the worker (registration/attendance_imports.py).

    The file itself is kept here until it is imported: app servers keep nothing on their
    disk, and the worker that reads it may run on another machine.
    """

    __tablename__ = "attendance_imports"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    requested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    language: Mapped[str] = mapped_column(String(5))  # of the organizer: the messages the worker writes
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))  # emptied once imported
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus), default=ImportStatus.QUEUED, index=True)
    rows_total: Mapped[int] = mapped_column(Integer)  # rows of the participants table, counted at upload
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # workers that took it
    platform: Mapped[str | None] = mapped_column(String(10))
    matched: Mapped[int | None] = mapped_column(Integer)
    unmatched: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_now]
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
