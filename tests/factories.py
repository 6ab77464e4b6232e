"""Small factories for tests: each makes a valid object with sensible defaults and commits it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace as Namespace

from webinars import clock
from webinars.accounts.models import Membership, Organization, Role, User
from webinars.agenda.models import AgendaItem, AgendaKind
from webinars.events.models import Language, Webinar, WebinarPartner, WebinarStatus
from webinars.extensions import db
from webinars.people.models import Participation, ParticipationRole, Person
from webinars.slugs import slugify

__all__ = ["Namespace"]

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = 0


def _next() -> int:
    global _counter
    _counter += 1
    return _counter


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def make_organization(name: str | None = None, timezone: str = "Africa/Casablanca", **fields) -> Organization:
    name = name or f"Organization {_next()}"
    return _save(Organization(name=name, slug=fields.pop("slug", f"{slugify(name)}-{_next()}"), timezone=timezone, **fields))


def make_user(
    organization: Organization | None = None,
    email: str | None = None,
    role: Role = Role.OWNER,
    password: str = DEFAULT_PASSWORD,
    full_name: str = "Test User",
) -> User:
    user = User(email=(email or f"user{_next()}@example.org").lower(), full_name=full_name)
    user.set_password(password)
    db.session.add(user)
    if organization is not None:
        db.session.add(Membership(user=user, organization=organization, role=role))
    db.session.commit()
    return user


def make_webinar(
    organization: Organization,
    title: str = "Offshoring after Covid",
    starts_at: datetime | None = None,
    duration: timedelta = timedelta(hours=2),
    status: WebinarStatus = WebinarStatus.DRAFT,
    timezone: str | None = None,
    **fields,
) -> Webinar:
    starts_at = starts_at or (clock.now() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
    webinar = Webinar(
        organization=organization,
        title=title,
        slug=fields.pop("slug", f"{slugify(title)}-{_next()}"),
        timezone=timezone or organization.timezone,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        language=fields.pop("language", Language.FR),
        join_url=fields.pop("join_url", "https://meet.example.org/offshoring"),
        status=status,
        published_at=clock.now() if status is WebinarStatus.PUBLISHED else None,
        **fields,
    )
    return _save(webinar)


def make_person(organization: Organization, full_name: str | None = None, **fields) -> Person:
    return _save(
        Person(
            organization=organization,
            full_name=full_name or f"Speaker {_next()}",
            position=fields.pop("position", "Directeur général"),
            affiliation=fields.pop("affiliation", "CRI Fès-Meknès"),
            email=fields.pop("email", f"speaker{_next()}@example.org"),
            **fields,
        )
    )


def add_participant(webinar: Webinar, person: Person, role: ParticipationRole = ParticipationRole.SPEAKER) -> Participation:
    return _save(Participation(webinar=webinar, person=person, role=role, position=len(webinar.participations)))


def make_agenda_item(
    webinar: Webinar,
    title: str = "Opening",
    offset: timedelta = timedelta(0),
    duration: timedelta = timedelta(minutes=15),
    kind: AgendaKind = AgendaKind.TALK,
    speakers: list[Person] | None = None,
) -> AgendaItem:
    starts_at = webinar.starts_at + offset
    return _save(
        AgendaItem(webinar=webinar, title=title, kind=kind, starts_at=starts_at, ends_at=starts_at + duration, speakers=speakers or [])
    )


def make_partner(webinar: Webinar, name: str = "CRI Fès-Meknès", website: str | None = None) -> WebinarPartner:
    return _save(WebinarPartner(webinar=webinar, name=name, website=website, position=len(webinar.partners)))


def make_publishable_webinar(organization: Organization, **fields) -> Webinar:
    """A draft with everything publishing needs: moderator, a speaker, join link, future start."""
    webinar = make_webinar(organization, **fields)
    add_participant(webinar, make_person(organization, "Mohamed Benabbou", position="Modérateur"), ParticipationRole.MODERATOR)
    add_participant(webinar, make_person(organization, "Yassine Tazi"))
    return webinar


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
