"""Registrations of a webinar: list (cursor pages), read, add as the organizer does, change state,
cancel, check in (webinars/registration/service.py, seats.py and attendance.py)."""

from __future__ import annotations

import base64
import binascii

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import cleaning
from webinars.api import validation
from webinars.api.access import registration_or_404, webinar_or_404
from webinars.api.blueprint import bp, check_if_match, writes
from webinars.api.problems import Problem, invalid
from webinars.api.schemas.registrations import (
    CancelOut,
    QuestionList,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
    RegistrationQuery,
    RegistrationStateIn,
)
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration import attendance, seats, service
from webinars.registration.listing import answers_of
from webinars.registration.manage_forms import manual_registrant_form_class
from webinars.registration.models import Registration, RegistrationState

FIELDS = (
    "id", "webinar_id", "state", "email", "first_name", "last_name", "affiliation", "job_title", "country", "city",
    "language", "wants_future_events", "attended", "joined_at", "left_at", "minutes_in_session", "created_at",
    "updated_at", "confirmed_at", "cancelled_at",
)  # fmt: skip


def representation(registration: Registration, answers: dict[int, list[str]] | None = None) -> dict:
    """What the API shows of a registration (``answers``: question id -> values, when already loaded)."""
    if answers is None:
        answers = service.answers_by_question(registration)
    shown = {name: getattr(registration, name) for name in FIELDS}
    shown["answers"] = {str(question_id): values for question_id, values in answers.items()}
    return shown


def _dumped(registration: Registration) -> dict:
    return RegistrationOut().dump(representation(registration))


@bp.get("/webinars/<int:webinar_id>/questions")
@bp.output(QuestionList)
@bp.doc(summary="The questions of a webinar's registration form", description="Answers are sent and read by question id.")
def list_questions(webinar_id: int):
    questions = service.questions_of(webinar_or_404(webinar_id))
    return {
        "items": [
            {
                "id": question.id,
                "label": question.label,
                "kind": question.kind.value,
                "required": question.required,
                "choices": question.choices,
                "position": question.position,
            }
            for question in questions
        ]
    }


# --- Cursor pages -----------------------------------------------------------------------------


def _encode_cursor(registration_id: int) -> str:
    return base64.urlsafe_b64encode(f"r{registration_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("r") or not text[1:].isdigit() or len(text) > 11:
            raise ValueError(text)
        return min(int(text[1:]), cleaning.INTEGER_MAX)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise invalid({"cursor": [_("Send the next_cursor of a page as it was given.")]}) from error


@bp.get("/webinars/<int:webinar_id>/registrations")
@bp.input(RegistrationQuery, location="query", arg_name="query")
@bp.output(RegistrationPage)
@bp.doc(
    summary="List a webinar's registrations",
    description="In the order they were made, a page at a time: pass `next_cursor` as `cursor` for the next "
    "page. `updated_since` gives what changed since a previous synchronization.",
)
def list_registrations(webinar_id: int, query: dict):
    webinar = webinar_or_404(webinar_id)
    limit = query["limit"]
    statement = select(Registration).where(Registration.webinar_id == webinar.id, Registration.anonymized_at.is_(None))
    if query.get("state"):
        statement = statement.where(Registration.state == RegistrationState(query["state"]))
    if query.get("updated_since"):
        statement = statement.where(Registration.updated_at >= query["updated_since"])
    if query.get("cursor"):
        statement = statement.where(Registration.id > _decode_cursor(query["cursor"]))
    rows = list(db.session.scalars(statement.order_by(Registration.id).limit(limit + 1)))
    page, more = rows[:limit], len(rows) > limit
    answers = answers_of([registration.id for registration in page])
    return {
        "items": [representation(registration, answers.get(registration.id, {})) for registration in page],
        "next_cursor": _encode_cursor(page[-1].id) if more else None,
    }


@bp.get("/webinars/<int:webinar_id>/registrations/<int:registration_id>")
@bp.output(RegistrationOut)
@bp.doc(summary="Read a registration")
def get_registration(webinar_id: int, registration_id: int):
    return representation(registration_or_404(webinar_or_404(webinar_id), registration_id))


@bp.post("/webinars/<int:webinar_id>/registrations")
@writes
@bp.input(RegistrationIn, arg_name="body")
@bp.output(RegistrationOut, status_code=201)
@bp.doc(
    summary="Register someone",
    description="As the organizer's “Add a registrant”: confirmed while a seat is free, then waitlisted "
    "(or refused with 409 when the waitlist is off); 409 also for someone already registered and for a "
    "webinar that is not published. Requires `consent_obtained`.",
)
def create_registration(webinar_id: int, body: dict):
    webinar = webinar_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form_class = manual_registrant_form_class(
        webinar.organization, service.questions_of(webinar), webinar.registrant_fields
    )
    form = validation.registrant_form(form_class, body, webinar.language.value)
    try:
        registration = service.add_by_organizer(
            webinar,
            form.registrant_details(form.email.data),
            form.language.data,
            notify=bool(form.send_confirmation.data),
        )
    except service.AlreadyRegistered as error:
        raise Problem(409, error.message) from error
    except service.RegistrationError as error:
        raise Problem(409, error.message) from error
    db.session.flush()
    location = url_for("api.get_registration", webinar_id=webinar.id, registration_id=registration.id)
    return representation(registration), 201, {"Location": location}


STATE_ACTIONS = {
    RegistrationState.PENDING: {"confirmed": seats.approve, "rejected": seats.reject},
    RegistrationState.WAITLISTED: {"confirmed": seats.confirm_from_waitlist, "rejected": seats.reject},
}


@bp.patch("/webinars/<int:webinar_id>/registrations/<int:registration_id>")
@writes
@bp.input(RegistrationStateIn, arg_name="body")
@bp.output(RegistrationOut)
@bp.doc(
    summary="Change a registration's state",
    description="Approve (pending → confirmed, or waitlisted when no seat is free), move off the waitlist "
    "(waitlisted → confirmed, only into a free seat), reject, or cancel. `If-Match` as for webinars.",
)
def update_registration(webinar_id: int, registration_id: int, body: dict):
    registration = registration_or_404(webinar_or_404(webinar_id), registration_id)
    check_if_match(_dumped(registration))
    wanted = body["state"]
    try:
        if wanted == "cancelled":
            seats.cancel_by_organizer(registration)
        else:
            action = STATE_ACTIONS.get(registration.state, {}).get(wanted)
            if action is None:
                raise Problem(409, _("A %(state)s registration cannot become %(wanted)s.", state=registration.state.value, wanted=wanted))
            action(registration)
    except service.RegistrationError as error:
        raise Problem(409, error.message) from error
    return representation(registration)


@bp.post("/webinars/<int:webinar_id>/registrations/<int:registration_id>/cancel")
@writes
@bp.output(CancelOut)
@bp.doc(summary="Cancel a registration", description="The registrant is told; freed seats go to the waitlist.")
def cancel_registration(webinar_id: int, registration_id: int):
    registration = registration_or_404(webinar_or_404(webinar_id), registration_id)
    check_if_match(_dumped(registration))
    try:
        promoted = seats.cancel_by_organizer(registration)
    except service.RegistrationError as error:
        raise Problem(409, error.message) from error
    return {"registration": representation(registration), "promoted": [each.id for each in promoted]}


@bp.post("/webinars/<int:webinar_id>/registrations/<int:registration_id>/check-in")
@writes
@bp.output(RegistrationOut)
@bp.doc(summary="Check a registrant in (mark as attended)")
def check_in(webinar_id: int, registration_id: int):
    registration = registration_or_404(webinar_or_404(webinar_id), registration_id)
    attendance.mark_attended(registration)
    return representation(registration)
