"""Load the demo data, creating what is missing and updating the rest in place.

Running it again gives the same rows (no duplicates); only the upcoming
webinar moves, and only once its date has passed.

Here: the organization, its organizer, the people, the webinars (line-up, agenda, partners) and the
speaker spaces; agreements.py and summaries.py save the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from webinars.accounts.models import Membership, Organization, Role, User
from webinars.agenda.models import AgendaItem
from webinars.demo import data
from webinars.demo.agreements import save_agreement_templates, save_agreements
from webinars.demo.logo import demo_logo
from webinars.demo.summaries import save_summaries
from webinars.events.models import Webinar, WebinarPartner, WebinarStatus
from webinars.extensions import db
from webinars.french import NameArticle
from webinars.organizations.colours import accessible_brand_colour
from webinars.organizations.service import set_logo
from webinars.people.models import Participation, ParticipationRole, Person
from webinars.people import service as people
from webinars.speakers import service as speakers
from webinars.timezones import combine_local, to_local

DEMO_RETENTION_MONTHS = 120


class DemoRefused(Exception):
    """The database holds data the demo should not be mixed with."""


@dataclass(frozen=True)
class DemoResult:
    organization: Organization
    organizer: User
    webinars: list[Webinar]


def load_demo(now: datetime, force: bool = False) -> DemoResult:
    others = list(
        db.session.scalars(
            select(Organization.name).where(Organization.slug != data.ORGANIZATION.slug).order_by(Organization.name)
        )
    )
    if others and not force:
        raise DemoRefused(
            "The database already holds other organizations ({names}); the demo is meant for a "
            "fresh database. Run it with --force to add the demo organization anyway.".format(
                names=", ".join(others)
            )
        )
    organization = _save_organization()
    db.session.flush()  # its id is needed to find the people it already has
    organizer = _save_organizer(organization)
    people = {key: _save_person(organization, spec) for key, spec in data.PEOPLE.items()}
    webinars = [_save_webinar(organization, people, spec, now) for spec in data.WEBINARS]
    db.session.flush()
    templates = save_agreement_templates(organization)
    save_agreements(organizer, webinars, templates, now)
    save_summaries(webinars, people, now)
    _save_speaker_spaces(organization, organizer, webinars, now)
    return DemoResult(organization=organization, organizer=organizer, webinars=webinars)


def _save_organization() -> Organization:
    spec = data.ORGANIZATION
    organization = db.session.scalar(select(Organization).where(Organization.slug == spec.slug))
    if organization is None:
        organization = Organization(slug=spec.slug)
        db.session.add(organization)
    organization.name = spec.name
    organization.timezone = spec.timezone
    organization.website = spec.website
    organization.name_article = NameArticle(spec.name_article)
    organization.short_name = spec.short_name
    organization.country = spec.country
    organization.default_language = "fr"
    organization.description = spec.description
    organization.postal_address = spec.postal_address
    organization.contact_email = spec.contact_email
    organization.brand_color = accessible_brand_colour(spec.brand_color).used if spec.brand_color else None
    if spec.monogram:
        set_logo(organization, demo_logo(spec.monogram, organization.brand_color or "#1f5fbf"), "image/png")
    # The reference webinar took place in December 2020: with the default 12 months, the retention job
    # (which `make run`'s worker runs) would anonymize its registrants. The demo keeps them ten years.
    organization.retention_months = DEMO_RETENTION_MONTHS
    return organization


def _save_organizer(organization: Organization) -> User:
    spec = data.ORGANIZER
    user = db.session.scalar(select(User).where(User.email == spec.email))
    if user is None:
        user = User(email=spec.email)
        db.session.add(user)
    user.full_name = spec.full_name
    # Reset every time, so the password printed at the end always works.
    user.set_password(spec.password)
    membership = next((m for m in user.memberships if m.organization is organization), None)
    if membership is None:
        user.memberships.append(Membership(organization=organization, role=Role.OWNER))
    else:
        membership.role = Role.OWNER
    return user


def _save_person(organization: Organization, spec: data.DemoPerson) -> Person:
    person = db.session.scalar(
        select(Person).where(Person.organization_id == organization.id, Person.full_name == spec.full_name)
    )
    if person is None:
        person = Person(organization=organization, full_name=spec.full_name)
        db.session.add(person)
    person.position = spec.position
    person.affiliation = spec.affiliation
    person.bio = spec.bio
    person.bio_en = spec.bio_en
    return person


def _save_webinar(
    organization: Organization, people: dict[str, Person], spec: data.DemoWebinar, now: datetime
) -> Webinar:
    webinar = db.session.scalar(select(Webinar).where(Webinar.slug == spec.slug))
    if webinar is not None and webinar.organization is not organization:
        raise DemoRefused(f"The address /webinars/{spec.slug} is used by another organization's webinar.")
    if webinar is None:
        webinar = Webinar(organization=organization, slug=spec.slug)
        db.session.add(webinar)

    starts_at = _start_of(spec, webinar, now, organization.timezone)
    if webinar.starts_at is not None and webinar.starts_at != starts_at:
        # Calendars that imported the old date must pick up the new one.
        webinar.calendar_sequence = (webinar.calendar_sequence or 0) + 1
        webinar.registration_opens_at = None
    webinar.starts_at = starts_at
    webinar.ends_at = starts_at + spec.duration
    webinar.timezone = organization.timezone
    webinar.title = spec.title
    webinar.subtitle = spec.subtitle
    webinar.description = spec.description
    webinar.language = spec.language
    webinar.join_url = spec.join_url
    webinar.join_url_is_public = spec.join_url_is_public
    webinar.capacity = spec.capacity
    webinar.is_past_record = spec.is_past_record
    webinar.status = WebinarStatus.PUBLISHED
    webinar.cancelled_at = None
    webinar.published_at = webinar.published_at or now
    if spec.is_past_record:
        webinar.registration_opens_at = webinar.registration_closes_at = None
    else:
        webinar.registration_opens_at = webinar.registration_opens_at or now
        webinar.registration_closes_at = starts_at

    _save_lineup(webinar, people, spec)
    _save_agenda(webinar, people, spec, starts_at)
    _save_partners(webinar, spec)
    return webinar


def _start_of(spec: data.DemoWebinar, webinar: Webinar, now: datetime, zone_name: str) -> datetime:
    if spec.day is not None:
        return combine_local(spec.day, spec.local_start, zone_name)
    # The upcoming webinar keeps its date while it is ahead, so a second run changes nothing.
    if webinar.starts_at is not None and webinar.starts_at > now:
        return webinar.starts_at
    day = to_local(now, zone_name).date() + timedelta(days=spec.days_ahead or 0)
    while day.weekday() >= 5:  # a working day: Moroccan weekends are Saturday and Sunday
        day += timedelta(days=1)
    return combine_local(day, spec.local_start, zone_name)


def _save_lineup(webinar: Webinar, people: dict[str, Person], spec: data.DemoWebinar) -> None:
    wanted = [(people[spec.moderator], ParticipationRole.MODERATOR)]
    wanted += [(people[key], ParticipationRole.SPEAKER) for key in spec.speakers]
    wanted_people = {person for person, _ in wanted}
    for participation in list(webinar.participations):
        invited_by_the_demo = (
            webinar.slug == data.SPEAKER_SPACES.webinar_slug
            and participation.person.full_name == data.SPEAKER_SPACES.invited.full_name
        )
        if participation.person not in wanted_people and not invited_by_the_demo:
            webinar.participations.remove(participation)
    existing = {participation.person: participation for participation in webinar.participations}
    for position, (person, role) in enumerate(wanted):
        participation = existing.get(person)
        if participation is None:
            participation = Participation(person=person)
            webinar.participations.append(participation)
        participation.role = role
        participation.position = position


def _save_agenda(
    webinar: Webinar, people: dict[str, Person], spec: data.DemoWebinar, starts_at: datetime
) -> None:
    items = sorted(webinar.agenda_items, key=lambda item: item.starts_at)
    for surplus in items[len(spec.agenda):]:
        webinar.agenda_items.remove(surplus)
    for index, item_spec in enumerate(spec.agenda):
        if index < len(items):
            item = items[index]
        else:
            item = AgendaItem()
            webinar.agenda_items.append(item)
        item.starts_at = starts_at + item_spec.offset
        item.ends_at = item.starts_at + item_spec.duration
        item.kind = item_spec.kind
        item.title = item_spec.title
        item.description = None
        item.speakers = [people[key] for key in item_spec.speakers]


def _save_partners(webinar: Webinar, spec: data.DemoWebinar) -> None:
    partners = list(webinar.partners)
    for surplus in partners[len(spec.partners):]:
        webinar.partners.remove(surplus)
    for position, partner_spec in enumerate(spec.partners):
        if position < len(partners):
            partner = partners[position]
        else:
            partner = WebinarPartner()
            webinar.partners.append(partner)
        partner.name = partner_spec.name
        partner.website = partner_spec.website
        partner.position = position


# --- speaker spaces ------------------------------------------------------------------


def _save_speaker_spaces(organization: Organization, organizer: User, webinars: list[Webinar], now: datetime) -> None:
    """The upcoming webinar's speakers' link and rehearsal, and a fictional speaker invited once
    (her invitation is in the outbox; running the demo again sends nothing more)."""
    spec = data.SPEAKER_SPACES
    webinar = next(w for w in webinars if w.slug == spec.webinar_slug)
    day = to_local(webinar.starts_at, webinar.timezone).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    rehearsal_starts = combine_local(day, spec.rehearsal_start, webinar.timezone)
    speakers.set_logistics(webinar, spec.speakers_join_url, (rehearsal_starts, rehearsal_starts + spec.rehearsal_duration))
    person = _save_person(organization, spec.invited)
    person.email = spec.invited_email
    db.session.flush()
    participation = db.session.scalar(
        select(Participation).where(Participation.webinar_id == webinar.id, Participation.person_id == person.id)
    )
    if participation is None:
        participation = people.add_participant(webinar, person.id, ParticipationRole.SPEAKER)
        speakers.invite(participation, organizer, now=now)
