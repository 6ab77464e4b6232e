"""Loading what an operation acts on, within the token's organization: anything else is 404,
whether it exists or not (as the organizer's pages do)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy.orm.interfaces import ORMOption

from webinars import cleaning
from webinars.api.blueprint import current_token
from webinars.api.problems import Problem
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration.models import Registration


def _fits(identifier: int) -> bool:
    """Ids are the database's INTEGER: a larger number names nothing (and must not reach the query)."""
    return cleaning.INTEGER_MIN <= identifier <= cleaning.INTEGER_MAX


def webinar_or_404(webinar_id: int, *, options: Sequence[ORMOption] = ()) -> Webinar:
    webinar = db.session.get(Webinar, webinar_id, options=options) if _fits(webinar_id) else None
    if webinar is None or webinar.organization_id != current_token().organization_id:
        raise Problem(404, _("No webinar of your organization has this id."))
    return webinar


def registration_or_404(webinar: Webinar, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id) if _fits(registration_id) else None
    if registration is None or registration.webinar_id != webinar.id or registration.is_anonymized:
        raise Problem(404, _("This webinar has no registration with this id."))
    return registration
