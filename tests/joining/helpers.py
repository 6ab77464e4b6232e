"""A registrant with a personal link to their join page, for the joining, feedback and certificate tests."""

from __future__ import annotations

from tests import factories
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.personal_links import service as personal_links
from webinars.registration.models import RegistrationState

START = factories.utc(2026, 11, 10, 17, 0)  # 17:00 in Casablanca (UTC+0 since 2026-09-20)


def webinar_on(organization=None, starts_at=START, **fields):
    """A published webinar from ``starts_at`` for two hours, with a platform link."""
    organization = organization or factories.make_organization("APEBI — Pôle Offshoring")
    return factories.make_publishable_webinar(
        organization, status=WebinarStatus.PUBLISHED, starts_at=starts_at,
        join_url=fields.pop("join_url", "https://zoom.us/j/81234567890"), **fields,
    )


def registrant(webinar, state=RegistrationState.CONFIRMED, **fields):
    """A registration and the token of a personal link to it."""
    registration = factories.make_registration(webinar, state=state, **fields)
    token = personal_links.issue(registration)
    db.session.commit()
    return registration, token
