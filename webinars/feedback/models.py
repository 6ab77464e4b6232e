"""A webinar's feedback survey, its optional questions, and each registrant's answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, utcnow
from webinars.extensions import db
from webinars.registration.models import QuestionKind

if TYPE_CHECKING:
    from webinars.registration.models import Registration

RATINGS = range(1, 6)  # the overall rating, 1 (poor) to 5 (excellent)
RECOMMENDATIONS = range(0, 11)  # "would you recommend", 0 (not at all) to 10 (certainly)


class FeedbackSurvey(db.Model):
    """The organizer's settings of a webinar's survey; a webinar without a row has none."""

    __tablename__ = "feedback_surveys"

    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The average rating on the public summary (only from MIN_PUBLIC_ANSWERS answers on).
    rating_is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FeedbackQuestion(db.Model):
    """A question the organizer adds to the survey, of the same kinds as registration questions."""

    __tablename__ = "feedback_questions"

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    choices_text: Mapped[str | None] = mapped_column(Text)  # one choice per line, for the choice kinds

    @property
    def choices(self) -> list[str]:
        return [line.strip() for line in (self.choices_text or "").splitlines() if line.strip()]


class FeedbackResponse(db.Model):
    """One registrant's answers: one per registrant (the unique registration), edited until the survey closes.

    Personal data: shown with the registrant's name on the organizer's pages only.
    """

    __tablename__ = "feedback_responses"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        CheckConstraint("recommendation BETWEEN 0 AND 10", name="recommendation_range"),
    )

    id: Mapped[intpk]
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    rating: Mapped[int] = mapped_column(Integer)
    recommendation: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_now]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship()
    answers: Mapped[list[FeedbackAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="FeedbackAnswer.id"
    )


class FeedbackAnswer(db.Model):
    """The answer to one of the organizer's questions; a multiple choice is one row per option chosen."""

    __tablename__ = "feedback_answers"

    id: Mapped[intpk]
    response_id: Mapped[int] = mapped_column(ForeignKey("feedback_responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("feedback_questions.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(Text)

    response: Mapped[FeedbackResponse] = relationship(back_populates="answers")
