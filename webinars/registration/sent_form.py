"""What answering a registration form needs, read in one statement.

A registration POST used to read the webinar, then its questions, its organization's webhook
endpoints and its seat count, each with a statement of its own (issue 20: every statement costs the
app and the database a share of a POST). Here the database writes the questions, the endpoints and
the seat count beside the webinar's row (webinars/events/fingerprints.py): the endpoints and the count
are used as read, and the questions, needed as objects to build the form, are loaded once per
process and content (their text is the key, as for the parts rendered once: a change of any
question is a new key, so nothing can be stale).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import joinedload

from webinars.events import fingerprints
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.public.service import is_announced
from webinars.questions.editor import questions_in_order
from webinars.registration.models import Question, Registration
from webinars.rendered_parts import made_once
from webinars.webhooks import events as webhooks


@dataclass(frozen=True)
class FormFacts:
    webinar: Webinar
    questions: list[Question]  # in the organizer's order; shared by the process's requests: read only
    seats_taken: int  # as read with the webinar: what the page may say; seats are decided under the lock
    # Whether the address sent has a registration already, as typed (a hint: registering checks again
    # whatever the form's validation makes of the address, and the database's unique index decides).
    address_registered: bool


@cache
def _statement() -> Select:
    return (
        select(
            Webinar,
            fingerprints.seats_taken(),
            fingerprints.questions(),
            webhooks.enabled_endpoints_text(),
            exists().where(Registration.webinar_id == Webinar.id, Registration.email == bindparam("email")),
        )
        .where(Webinar.slug == bindparam("slug"))
        .options(joinedload(Webinar.organization))
    )


@cache
def _questions_text_statement() -> Select:
    return select(fingerprints.questions()).where(Webinar.id == bindparam("webinar_id"))


def form_facts_or_404(slug: str, email: str = "") -> FormFacts:
    """The announced webinar ``slug`` (404 otherwise) with its questions and seat count, and whether ``email``
    is registered; its organization's webhook endpoints are known to this transaction from now on
    (``webhooks.know_subscriptions``)."""
    row = db.session.execute(_statement(), {"slug": slug, "email": _typed_address(email)}).first()
    if row is None or not is_announced(row[0]):
        abort(404)
    webinar, seats_taken, questions_text, endpoints_text, address_registered = row
    webhooks.know_subscriptions(webinar.organization_id, endpoints_text)
    return FormFacts(webinar, _questions(webinar.id, questions_text), seats_taken, address_registered)


def _typed_address(raw: str) -> str:
    """The address as sent, for the hint only: one the form will refuse (too long, control characters, which
    PostgreSQL does not even take as a parameter) is looked up as nothing."""
    address = raw.strip().lower()
    return address if len(address) <= 320 and address.isprintable() else ""


def _questions(webinar_id: int, questions_text: str | None) -> list[Question]:
    if questions_text is None:  # no question: nothing to load
        return []

    def load() -> list[Question]:
        questions = questions_in_order(Question, webinar_id)
        for question in questions:
            db.session.expunge(question)  # kept beyond this request: out of its session, never written
        return questions

    def still_current() -> bool:  # the rows loaded are the ones the text describes (no writer in between)
        return db.session.scalar(_questions_text_statement(), {"webinar_id": webinar_id}) == questions_text

    return made_once("registration questions", (webinar_id, questions_text), load, still_current)
