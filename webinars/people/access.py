"""Who may reach a person's organizer pages: members of the person's organization."""

from __future__ import annotations

from flask import abort

from webinars.accounts.service import require_membership
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import Participation, Person


def person_for_organizer_or_404(person_id: int) -> Person:
    """The person, if the signed-in user is a member of their organization; 404 otherwise."""
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    require_membership(person.organization_id)
    return person


def participation_in_or_404(webinar: Webinar, participation_id: int) -> Participation:
    """A participation of this webinar (already authorized by the caller); 404 for any other id."""
    participation = db.session.get(Participation, participation_id)
    if participation is None or participation.webinar_id != webinar.id:
        abort(404)
    return participation
