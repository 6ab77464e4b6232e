"""A new address's rows, written with plain INSERTs.

Registering a new address writes four kinds of rows: the registration, its answers, its personal link and
its confirmation (queued for the worker to write). Added to the session as objects, the ORM's unit of work
sorted and wrote them for about a fifth of a registration POST's CPU (issue 20), for rows nobody reads again
in that request. Here they are written as INSERTs, and what the unit of work's listeners did for them is
done by hand: the webinar's tally gains the registration (``tallies.count_added``), and the commit wakes a
mail worker (``mail.service.add_row_to_outbox``).

A registration reopened (an address that cancelled) or added by the organizer goes through the session as
before: those change rows already loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Insert, Update, bindparam, insert, update
from sqlalchemy.exc import IntegrityError

from webinars import clock
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.personal_links import service as personal_links
from webinars.registration import builtin_fields, notifications, tallies
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState

if TYPE_CHECKING:  # the service imports this module
    from webinars.registration.service import RegistrantDetails

DETAIL_FIELDS = ("affiliation", "job_title", "country", "city")


class AddressTaken(Exception):
    """The address has a registration of this webinar already (written by another request meanwhile)."""


@dataclass(frozen=True)
class NewRegistration:
    id: int
    token: str  # its personal link's token, known only now (the database keeps its hash)


@cache
def _registration_insert() -> Insert:
    return insert(Registration.__table__).returning(Registration.__table__.c.id)


@cache
def _answer_insert() -> Insert:
    return insert(Answer.__table__)


@cache
def _state_update(confirmed: bool) -> Update:
    table = Registration.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("registration_id"))
        # Confirmed at the consent, as a registration confirmed at once is.
        .values(state=bindparam("state"), confirmed_at=table.c.consented_at if confirmed else None)
    )


def answer_values(
    webinar_id: int, answers: dict[int, str | list[str]], questions: Sequence[Question]
) -> list[tuple[int, str]]:
    """(question id, value) of each answer kept: only this webinar's questions, one value for a question
    that is not a multiple choice, blank and repeated values left out."""
    accepted = {question.id: question for question in questions if question.webinar_id == webinar_id}
    kept: list[tuple[int, str]] = []
    for question_id, value in answers.items():
        question = accepted.get(question_id)
        if question is None:
            continue
        values = value if isinstance(value, list) else [value]
        if question.kind is not QuestionKind.MULTIPLE_CHOICE:
            values = values[:1]
        kept.extend((question.id, single) for single in dict.fromkeys(v.strip() for v in values if v and v.strip()))
    return kept


def write_new_registration(
    webinar: Webinar,
    email: str,
    state: RegistrationState,
    language: str,
    details: RegistrantDetails,
    questions: Sequence[Question],
) -> NewRegistration:
    """The registration of ``email`` (lower-cased already) in ``state``, its answers to ``questions``, a
    personal link, and its confirmation queued. Raises ``AddressTaken`` when the address is registered
    (the transaction must then be rolled back)."""
    now = clock.now()
    visible = builtin_fields.visible_fields(webinar.registrant_fields)
    values = {
        "webinar_id": webinar.id,
        "email": email,
        "first_name": details.first_name.strip(),
        "last_name": details.last_name.strip(),
        # A field the webinar hides is not asked: nothing is kept of it.
        **{name: ((getattr(details, name) or "").strip() or None) if name in visible else None for name in DETAIL_FIELDS},
        "language": language,
        "state": state,
        "consented_at": now,
        "confirmed_at": now if state is RegistrationState.CONFIRMED else None,
        "wants_future_events": details.wants_future_events,
        "sequence_offset": 0,
    }
    try:
        registration_id = db.session.execute(_registration_insert(), values).scalar_one()
    except IntegrityError as error:  # the unique (webinar, address) index: someone else's row came first
        raise AddressTaken() from error
    answers = [
        {"registration_id": registration_id, "question_id": question_id, "value": value}
        for question_id, value in answer_values(webinar.id, details.answers, questions)
    ]
    if answers:
        db.session.execute(_answer_insert(), answers)
    tallies.count_added(webinar.id, state)
    token = personal_links.issue_for_each(Registration, [registration_id])[0]
    notifications.queue_registration_received(
        webinar, registration_id, email=email, full_name=f"{values['first_name']} {values['last_name']}",
        language=language, token=token,
    )
    return NewRegistration(registration_id, token)


def correct_state(webinar: Webinar, registration_id: int, written: RegistrationState, state: RegistrationState) -> None:
    """The state decided under the webinar's lock, where the row was written in another (``written``)."""
    db.session.execute(_state_update(state is RegistrationState.CONFIRMED), {"registration_id": registration_id, "state": state})
    tallies.count_moved(webinar.id, written, state)
