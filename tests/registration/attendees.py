"""Helpers for the attendee-side tests: an open webinar, a filled form, the mail someone got."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests import factories
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration import service
from webinars.registration.models import Question, QuestionKind, Registration
from webinars.registration.service import RegistrantDetails

PERSONAL_LINK = re.compile(r"http://localhost(/r/[A-Za-z0-9_-]+)")


def open_webinar(organization=None, **fields) -> Webinar:
    """A published webinar in two weeks, open for registration."""
    organization = organization or factories.make_organization("APEBI — Pôle Offshoring")
    return factories.make_publishable_webinar(organization, status=WebinarStatus.PUBLISHED, **fields)


def add_question(webinar: Webinar, label: str, kind: QuestionKind, required: bool = False, choices=(), position=0) -> Question:
    question = Question(
        webinar_id=webinar.id, label=label, kind=kind, required=required, position=position, choices_text="\n".join(choices)
    )
    db.session.add(question)
    db.session.commit()
    return question


def form(**overrides) -> dict:
    """A valid registration form; ``field=None`` leaves a field out."""
    data = {
        "first_name": "Amina",
        "last_name": "Alaoui",
        "email": "amina@example.org",
        "affiliation": "CRI Fès-Meknès",
        "job_title": "Chargée d'investissement",
        "country": "MA",
        "city": "Fès",
        "consent": "y",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def register_url(webinar: Webinar) -> str:
    return f"/webinars/{webinar.slug}/register"


def registrations(webinar: Webinar) -> list[Registration]:
    db.session.expire_all()  # see what the requests committed
    return list(db.session.scalars(select(Registration).where(Registration.webinar_id == webinar.id).order_by(Registration.id)))


def mails_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)))


def personal_link(mail: OutboxMessage) -> str:
    """The path of the personal link in a mail's text, e.g. '/r/abc...'."""
    match = PERSONAL_LINK.search(mail.text_body)
    assert match, f"no personal link in {mail.kind!r} mail"
    return match.group(1)


def registered(webinar: Webinar, email: str, language: str = "en", **fields) -> tuple[Registration, str]:
    """Someone registered (through the service, committed); returns the registration and its token."""
    details = RegistrantDetails(email=email, first_name=fields.pop("first_name", "Person"), last_name=fields.pop("last_name", email.split("@")[0]), **fields)
    outcome = service.register(webinar, details, language)
    db.session.commit()
    return outcome.registration, outcome.token
