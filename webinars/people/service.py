"""People of an organization and their places in webinars' line-ups.

Functions flush but never commit: the view owns the transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from flask_babel import gettext as _
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webinars.accounts.models import Organization
from webinars.database import utcnow
from webinars.agenda.models import AgendaItem
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.people.models import Participation, ParticipationRole, Person


class PeopleError(Exception):
    """A line-up rule was broken; ``message`` is shown to the organizer, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ModeratorTaken(PeopleError):
    def __init__(self, moderator: Person):
        super().__init__(
            _(
                "%(name)s is already the moderator of this webinar. "
                "Remove them from the line-up first, then add the new moderator.",
                name=moderator.full_name,
            )
        )
        self.moderator = moderator


class AlreadyInLineup(PeopleError):
    def __init__(self, person: Person):
        super().__init__(_("%(name)s is already in this webinar's line-up.", name=person.full_name))


class LineupChanged(PeopleError):
    """The database refused the change (two organizers adding a moderator at the same moment)."""

    def __init__(self):
        super().__init__(_("The line-up was changed at the same moment by someone else. Please try again."))


class UnknownPerson(PeopleError):
    """The person does not exist or belongs to another organization: the message does not tell which."""

    def __init__(self):
        super().__init__(_("Choose a person from your organization's library."))


@dataclass(frozen=True)
class PersonDetails:
    full_name: str
    position: str | None = None
    affiliation: str | None = None
    email: str | None = None
    bio: str | None = None  # in French
    bio_en: str | None = None
    links: str | None = None  # one address per line


@dataclass(frozen=True)
class Photo:
    """An already checked and re-encoded photo (see ``people.photos``)."""

    content: bytes
    content_type: str


# --- visibility ---------------------------------------------------------------


def appears_in_visible_webinar(person: Person) -> bool:
    """Whether the person takes part in a webinar the public can see (any non-draft one)."""
    return bool(
        db.session.scalar(
            select(
                exists()
                .where(Participation.person_id == person.id)
                .where(Participation.webinar_id == Webinar.id)
                .where(Webinar.status != WebinarStatus.DRAFT)
            )
        )
    )


# --- the library --------------------------------------------------------------


def library_of(organization: Organization) -> list[tuple[Person, int]]:
    """The organization's people by name, each with the number of webinars they take part in."""
    webinar_count = (
        select(func.count(Participation.id))
        .where(Participation.person_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Person, webinar_count)
        .where(Person.organization_id == organization.id)
        .order_by(func.lower(Person.full_name), Person.id)
    )
    return [(person, count) for person, count in rows]


def create_person(organization: Organization, details: PersonDetails, photo: Photo | None = None) -> Person:
    person = Person(organization_id=organization.id)
    _apply_details(person, details)
    if photo is not None:
        set_photo(person, photo)
    db.session.add(person)
    db.session.flush()
    return person


def update_person(
    person: Person, details: PersonDetails, photo: Photo | None = None, remove_photo: bool = False
) -> Person:
    shown_before = (person.full_name, person.position, person.affiliation)
    _apply_details(person, details)
    # A new upload wins over the "remove" box: the organizer replaced the photo.
    if photo is not None:
        set_photo(person, photo)
    elif remove_photo:
        set_photo(person, None)
    if (person.full_name, person.position, person.affiliation) != shown_before:
        _renew_webinars_of(person)
    db.session.flush()
    return person


def _renew_webinars_of(person: Person) -> None:
    """The person's name, position or organization appears in the .ics files and feed of
    their webinars: renew those webinars' Last-Modified so no stale copy is answered with a 304."""
    db.session.execute(
        update(Webinar)
        .where(Webinar.id.in_(select(Participation.webinar_id).where(Participation.person_id == person.id)))
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def set_photo(person: Person, photo: Photo | None) -> None:
    if photo is None:
        person.photo = None
        person.photo_content_type = None
        person.photo_hash = None
        return
    person.photo = photo.content
    person.photo_content_type = photo.content_type
    person.photo_hash = hashlib.sha256(photo.content).hexdigest()


def _apply_details(person: Person, details: PersonDetails) -> None:
    person.full_name = details.full_name
    person.position = details.position
    person.affiliation = details.affiliation
    person.email = details.email
    person.bio = details.bio
    person.bio_en = details.bio_en
    person.links = details.links


# --- a webinar's line-up -------------------------------------------------------


def lineup_of(webinar: Webinar) -> list[Participation]:
    """The moderator first, then the speakers in their order."""
    participations = db.session.scalars(
        select(Participation)
        .where(Participation.webinar_id == webinar.id)
        .options(selectinload(Participation.person))
    )
    return sorted(participations, key=_lineup_order)


def candidates_for(webinar: Webinar) -> list[Person]:
    """People of the webinar's organization who are not in its line-up yet."""
    already_in = select(Participation.person_id).where(Participation.webinar_id == webinar.id)
    return list(
        db.session.scalars(
            select(Person)
            .where(Person.organization_id == webinar.organization_id, Person.id.not_in(already_in))
            .order_by(func.lower(Person.full_name), Person.id)
        )
    )


def add_participant(webinar: Webinar, person_id: int, role: ParticipationRole) -> Participation:
    """Put an existing person of the webinar's organization in its line-up.

    The id comes from a form: it is checked again here, whatever the form offered.
    """
    person = db.session.get(Person, person_id)
    if person is None or person.organization_id != webinar.organization_id:
        raise UnknownPerson()
    if db.session.scalar(
        select(Participation).where(Participation.webinar_id == webinar.id, Participation.person_id == person.id)
    ):
        raise AlreadyInLineup(person)
    _check_role_available(webinar, role)
    return _join(webinar, person, role)


def add_new_participant(
    webinar: Webinar, details: PersonDetails, role: ParticipationRole, photo: Photo | None = None
) -> Participation:
    """Create a person in the organization's library and put them in the line-up, in one step."""
    # Checked before creating anyone, so a refused moderator leaves no orphan in the library.
    _check_role_available(webinar, role)
    person = create_person(webinar.organization, details, photo)
    return _join(webinar, person, role)


def remove_participant(webinar: Webinar, participation: Participation) -> None:
    """Take someone out of this webinar (not out of the library) and off its agenda items."""
    person_id = participation.person_id
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.webinar_id == webinar.id).options(selectinload(AgendaItem.speakers))
    )
    for item in items:
        item.speakers = [speaker for speaker in item.speakers if speaker.id != person_id]
    db.session.delete(participation)
    db.session.flush()
    _renumber(webinar)


def move_participant(webinar: Webinar, participation: Participation, direction: Literal["up", "down"]) -> None:
    """Swap a speaker with the one before or after; the moderator always stays first."""
    lineup = lineup_of(webinar)
    speakers = [p for p in lineup if p.role is ParticipationRole.SPEAKER]
    if participation not in speakers:
        return
    index = speakers.index(participation)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(speakers):
        return
    speakers[index], speakers[other] = speakers[other], speakers[index]
    moderators = [p for p in lineup if p.role is ParticipationRole.MODERATOR]
    for position, member in enumerate(moderators + speakers):
        member.position = position
    webinar.mark_changed()
    db.session.flush()


def current_moderator(webinar: Webinar) -> Person | None:
    return db.session.scalar(
        select(Person)
        .join(Participation)
        .where(Participation.webinar_id == webinar.id, Participation.role == ParticipationRole.MODERATOR)
    )


def _check_role_available(webinar: Webinar, role: ParticipationRole) -> None:
    if role is ParticipationRole.MODERATOR:
        moderator = current_moderator(webinar)
        if moderator is not None:
            raise ModeratorTaken(moderator)


def _join(webinar: Webinar, person: Person, role: ParticipationRole) -> Participation:
    last = db.session.scalar(
        select(func.max(Participation.position)).where(Participation.webinar_id == webinar.id)
    )
    participation = Participation(
        webinar=webinar, person=person, role=role, position=(last if last is not None else -1) + 1
    )
    db.session.add(participation)
    try:
        db.session.flush()
    except IntegrityError as error:
        # The unique indexes (one moderator, a person once per webinar) caught
        # a concurrent change the checks above could not see. The view rolls back.
        raise LineupChanged() from error
    _renumber(webinar)
    return participation


def _renumber(webinar: Webinar) -> None:
    """Positions 0..n in line-up order, so anyone sorting by position sees the moderator first."""
    for position, participation in enumerate(lineup_of(webinar)):
        participation.position = position
    webinar.mark_changed()
    db.session.flush()


def _lineup_order(participation: Participation) -> tuple[int, int, int]:
    return (participation.role is not ParticipationRole.MODERATOR, participation.position, participation.id)
