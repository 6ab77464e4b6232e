"""The feedback survey's rules: who may answer, until when, and the organizer's questions.

A confirmed registrant answers once (one ``FeedbackResponse`` per registration) and may change
their answers until the survey closes, ``FEEDBACK_OPEN_DAYS`` after the webinar's end (14 by
default). It opens with the webinar's start, for those who leave before the end.

Functions flush but never commit: the view owns the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import format_event_date
from webinars.feedback.models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse, FeedbackSurvey
from webinars.registration.models import QuestionKind, Registration, RegistrationState
from webinars.questions import editor
from webinars.questions.editor import QuestionDetails


class FeedbackError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FeedbackClosed(FeedbackError):
    """Not open (yet, or any more), or not for this registrant."""


# --- the survey and its settings -------------------------------------------------------------


def survey_of(webinar_id: int) -> FeedbackSurvey | None:
    return db.session.get(FeedbackSurvey, webinar_id)


def is_enabled(webinar: Webinar) -> bool:
    survey = survey_of(webinar.id)
    return survey is not None and survey.enabled


def save_settings(webinar: Webinar, *, enabled: bool, rating_is_public: bool) -> FeedbackSurvey:
    survey = survey_of(webinar.id)
    if survey is None:
        survey = FeedbackSurvey(webinar_id=webinar.id)
        db.session.add(survey)
    survey.enabled = enabled
    survey.rating_is_public = rating_is_public
    db.session.flush()
    return survey


def opens_at(webinar: Webinar) -> datetime:
    return webinar.starts_at


def closes_at(webinar: Webinar) -> datetime:
    return webinar.ends_at + timedelta(days=current_app.config["FEEDBACK_OPEN_DAYS"])


def closed_reason(registration: Registration, now: datetime) -> str | None:
    """Why this registrant cannot answer (or change their answers) now; None when they can."""
    webinar = registration.webinar
    if not is_enabled(webinar) or webinar.is_cancelled:
        return _("This webinar has no feedback survey.")
    if registration.state is not RegistrationState.CONFIRMED:
        return _("The survey is for the registrants who had a seat.")
    if now < opens_at(webinar):
        return _("The survey opens when the webinar starts.")
    if now >= closes_at(webinar):
        return _("The survey closed on %(date)s.", date=format_event_date(closes_at(webinar), webinar.timezone))
    return None


def is_open_for(registration: Registration, now: datetime) -> bool:
    webinar = registration.webinar
    if now < opens_at(webinar) or now >= closes_at(webinar):
        return False  # decided without a query: the personal page of an upcoming webinar asks this on every view
    return closed_reason(registration, now) is None


def response_of(registration: Registration) -> FeedbackResponse | None:
    return db.session.scalar(select(FeedbackResponse).where(FeedbackResponse.registration_id == registration.id))


def answers_of(response: FeedbackResponse | None) -> dict[int, list[str]]:
    answers: dict[int, list[str]] = {}
    for answer in response.answers if response else []:
        answers.setdefault(answer.question_id, []).append(answer.value)
    return answers


def save_response(
    registration: Registration,
    *,
    rating: int,
    recommendation: int,
    comment: str | None,
    answers: Mapping[int, str | list[str] | None],
    now: datetime,
) -> FeedbackResponse:
    """The registrant's answers, new or changed. Raises ``FeedbackClosed``."""
    reason = closed_reason(registration, now)
    if reason is not None:
        raise FeedbackClosed(reason)
    if rating not in range(1, 6) or recommendation not in range(0, 11):
        raise FeedbackError(_("Choose a rating from 1 to 5 and a number from 0 to 10."))
    response = response_of(registration)
    if response is None:
        response = FeedbackResponse(webinar_id=registration.webinar_id, registration_id=registration.id)
        db.session.add(response)
    response.rating = rating
    response.recommendation = recommendation
    response.comment = (comment or "").strip() or None
    accepted = {question.id: question for question in questions_of(registration.webinar)}
    response.answers = [
        FeedbackAnswer(question_id=question_id, value=value)
        for question_id, given in answers.items()
        if question_id in accepted
        for value in _values(given)
    ]
    db.session.flush()
    return response


def _values(given: str | list[str] | None) -> list[str]:
    """Each option once, blanks left out."""
    values = given if isinstance(given, list) else [given]
    return list(dict.fromkeys(value.strip() for value in values if isinstance(value, str) and value.strip()))


def response_count(webinar: Webinar) -> int:
    return db.session.scalar(select(func.count()).where(FeedbackResponse.webinar_id == webinar.id))


# --- the organizer's questions ---------------------------------------------------------------


def questions_of(webinar: Webinar) -> list[FeedbackQuestion]:
    return editor.questions_in_order(FeedbackQuestion, webinar.id)


def add_question(webinar: Webinar, details: QuestionDetails) -> FeedbackQuestion:
    """A new question at the end of the survey; the other operations are ``webinars.questions.editor``'s."""
    return editor.add_question(FeedbackQuestion, webinar, details)


def is_choice(question: FeedbackQuestion) -> bool:
    return question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.YES_NO)
