"""A registrant's personal page (``/r/<token>``): what it says, and its content rendered once per content.

People come back to their page (to join, to check their seat, from each e-mail's link). Untouched (a
GET), the page below the header is a function of the registration, its answers, the webinar, its
organization and questions, the link's token, and a few facts of the moment (``PageFacts``: what the
clock and other registrants decide). It is rendered once per such content and language, the same for
every visitor: its forms carry no CSRF token (webinars/personal_links/no_csrf.py). The registration, the
webinar, its organization, and its questions and answers as text (webinars/events/fingerprints.py)
come with the link's statement; the questions and answers are loaded as rows, and the form built, only
to render.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache

from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import Select, bindparam, select

from webinars.certificates import service as certificates
from webinars.events import fingerprints
from webinars.extensions import db
from webinars.feedback import service as feedback
from webinars.i18n import current_language
from webinars.public.service import is_web_url
from webinars.registration import seats, service
from webinars.registration.countries import country_name
from webinars.registration.forms import NO, YES, details_form_class, details_form_data
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState
from webinars.rendered_parts import loaded_values, render_once


@dataclass(frozen=True)
class FeedbackInvitation:
    url: str
    answered: bool
    closes_at: datetime


@dataclass(frozen=True)
class PageFacts:
    """What the page says that the instant or other rows decide (part of the rendered content's key)."""

    join_page_url: str | None
    invite_url: str | None
    can_cancel: bool
    register_again_url: str | None
    waitlist_position: int | None
    feedback: FeedbackInvitation | None
    certificate_url: str | None

    def as_context(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def facts_of(registration: Registration, token: str, now: datetime) -> PageFacts:
    webinar = registration.webinar
    is_active = registration.state in service.ACTIVE_STATES
    is_over = webinar.is_cancelled or webinar.ends_at <= now
    is_confirmed = registration.state is RegistrationState.CONFIRMED
    has_invites = "invites.personal_invite" in current_app.view_functions
    can_register_again = (
        registration.state is RegistrationState.CANCELLED and service.registration_closed_reason(webinar) is None
    )
    return PageFacts(
        # The join page, never the platform's link: it counts who clicked, and it shows the
        # link only from the doors' opening (webinars/joining/).
        join_page_url=(
            url_for("joining.join", token=token) if is_confirmed and not is_over and is_web_url(webinar.join_url) else None
        ),
        # The invite comes with a confirmed seat (the waitlisted and pending get it once confirmed).
        invite_url=url_for("invites.personal_invite", token=token) if has_invites and is_confirmed and not is_over else None,
        can_cancel=is_active and not is_over,
        register_again_url=url_for("registration.register", slug=webinar.slug) if can_register_again else None,
        waitlist_position=seats.waitlist_position(registration),
        feedback=_feedback_invitation(registration, token, now),
        certificate_url=_certificate_url(registration, token, now),
    )


def _feedback_invitation(registration: Registration, token: str, now: datetime) -> FeedbackInvitation | None:
    """The survey's link while it takes answers from this registrant (webinars/feedback/)."""
    if not feedback.is_open_for(registration, now):
        return None
    return FeedbackInvitation(
        url=url_for("feedback.answer", token=token),
        answered=feedback.response_of(registration) is not None,
        closes_at=feedback.closes_at(registration.webinar),
    )


def _certificate_url(registration: Registration, token: str, now: datetime) -> str | None:
    """The certificate's page, for an attendee who has one or may get one (webinars/certificates/)."""
    if registration.webinar.ends_at > now:
        return None  # certificates come after the end: no query before then, on the busiest personal pages
    issued = certificates.certificate_of(registration)
    if issued is None and not (certificates.is_available(registration.webinar, now) and certificates.is_eligible(registration)):
        return None
    return url_for("certificates.holder", token=token)


def page_context(registration: Registration, token: str, form, questions: list[Question], facts: PageFacts) -> dict:
    """What registration/_manage_content.html shows (``form``: None unless the registration is active)."""
    answers = service.answers_by_question(registration)
    return {
        "token": token,
        "registration": registration,
        "webinar": registration.webinar,
        "form": form if registration.state in service.ACTIVE_STATES else None,
        "answered": _answers_for_display(questions, answers),
        "country": country_name(registration.country, current_language()),
        **facts.as_context(),
    }


def _answers_for_display(questions: list[Question], answers: dict[int, list[str]]) -> list[tuple[str, list[str]]]:
    yes_no = {YES: _("Yes"), NO: _("No")}
    shown = []
    for question in questions:
        values = answers.get(question.id, [])
        if question.kind is QuestionKind.YES_NO:
            values = [yes_no.get(value, value) for value in values]
        shown.append((question.label, values))
    return shown


@cache
def text_columns() -> tuple:
    """The webinar's questions and the registration's answers as the database writes them, read with the
    link (``access.registration_and_values_for_token_or_404``): the key of the rendered content."""
    answers = select(fingerprints.json_rows(*fingerprints.shown_columns(Answer))).where(
        Answer.registration_id == Registration.id
    )
    return (fingerprints.questions(), answers.correlate(Registration).scalar_subquery().label("answers_text"))


@cache
def _texts_statement() -> Select:
    return select(*text_columns()).where(Registration.id == bindparam("registration_id")).join(Registration.webinar)


def _texts(registration: Registration) -> tuple:
    """``text_columns`` read again (to check a key read before the rows it stands for)."""
    return tuple(db.session.execute(_texts_statement(), {"registration_id": registration.id}).one())


def untouched_content(registration: Registration, token: str, now: datetime, texts: tuple) -> Markup:
    """The page below the header for a GET, rendered once per content (``texts``: ``text_columns``)."""
    webinar = registration.webinar
    facts = facts_of(registration, token, now)

    def context() -> dict:
        questions = service.questions_of(webinar)
        form_class = details_form_class(webinar.organization, questions, webinar.registrant_fields)
        data = details_form_data(registration, questions, service.answers_by_question(registration))
        form = form_class(data=data, language=current_language())  # no CSRF token behind a personal link
        return page_context(registration, token, form, questions, facts)

    def still_current() -> bool:
        return _texts(registration) == texts

    key = (loaded_values((registration, webinar, webinar.organization)), texts, token, facts)
    return render_once("registration/_manage_content.html", key, context, still_current)
