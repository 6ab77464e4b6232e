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


def make_registration(webinar: Webinar, **fields):
    """A registrant inserted directly (no e-mails, no capacity rules): confirmed unless ``state`` says otherwise."""
    from webinars.registration.models import Registration, RegistrationState

    number = _next()
    state = fields.pop("state", RegistrationState.CONFIRMED)
    registration = Registration(
        webinar_id=webinar.id,
        email=fields.pop("email", f"registrant{number}@example.org").lower(),
        first_name=fields.pop("first_name", "Registrant"),
        last_name=fields.pop("last_name", f"Number {number}"),
        language=fields.pop("language", "fr"),
        state=state,
        consented_at=fields.pop("consented_at", clock.now()),
        confirmed_at=fields.pop("confirmed_at", clock.now() if state is RegistrationState.CONFIRMED else None),
        **fields,
    )
    return _save(registration)


def make_completed_convention(
    webinar: Webinar,
    title: str = "Convention de partenariat",
    parties: tuple[tuple[str, str], ...] = (("APEBI", "Karim Alaoui"), ("CRI Fès-Meknès", "Yassine Tazi")),
    signed_at: datetime | None = None,
):
    """A convention sent and signed by every party (name of the party, its signatory) through the
    agreements' drafting, sending and signing functions, without e-mails; the last signature, at
    ``signed_at``, completes it."""
    from webinars.agreements import drafting, sending, signing
    from webinars.agreements.models import AgreementKind, AgreementTemplate

    signed_at = signed_at or webinar.starts_at + timedelta(minutes=30)
    sent_at = signed_at - timedelta(days=1)
    template = AgreementTemplate(
        organization_id=webinar.organization_id, kind=AgreementKind.CONVENTION, title=title, body="Entre les parties."
    )
    db.session.add(template)
    db.session.flush()
    actor = "Test organizer <organizer@example.org>"
    details = [drafting.PartyDetails(name, signer, None, f"signatory{_next()}@example.org") for name, signer in parties]
    agreement = drafting.create_convention_draft(webinar, template, details, actor, now=sent_at)
    sending.send_agreement(agreement, actor, now=sent_at, notify=False)
    for signatory in list(agreement.signatories):
        signature = signing.SignatureDetails(signatory.full_name, agreement.document_sha256, None, None, None)
        agreement = signing.sign(signatory, signature, now=signed_at, notify=False)
    db.session.commit()
    return agreement
