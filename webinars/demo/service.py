"""Load the demo data, creating what is missing and updating the rest in place.

Running it again gives the same rows (no duplicates); only the upcoming
webinar moves, and only once its date has passed.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO

from PIL import Image, ImageDraw
from sqlalchemy import insert, select

from webinars.accounts.models import Membership, Organization, Role, User
from webinars.agenda.models import AgendaItem
from webinars.agreements import audit, drafting, sending, signing, templates_service
from webinars.agreements.models import Agreement, AgreementStatus, AgreementTemplate
from webinars.agreements.signatures import decode_signature
from webinars.demo import data
from webinars.demo.after_the_webinar import save_feedback_and_certificates
from webinars.events.models import Webinar, WebinarPartner, WebinarStatus
from webinars.extensions import db
from webinars.french import NameArticle
from webinars.organizations.colours import accessible_brand_colour
from webinars.organizations.service import set_logo
from webinars.people.models import Participation, ParticipationRole, Person
from webinars.registration import tallies
from webinars.people import service as people
from webinars.registration.models import Registration, RegistrationState
from webinars.speakers import service as speakers
from webinars.summaries import service as summaries
from webinars.summaries.models import Highlight, KeyFigure, Quote, Summary
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
    templates = _save_agreement_templates(organization)
    _save_agreements(organizer, webinars, templates, now)
    _save_summaries(webinars, people, now)
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


def demo_logo(letters: str, colour: str) -> bytes:
    """A simple monogram drawn by the demo (a rounded square in the brand colour, white letters):
    the demo shows a logo without copying a real organization's trademark."""
    size = 240
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=44, fill=colour)
    pen.rounded_rectangle((14, 14, size - 15, size - 15), radius=34, outline=(255, 255, 255, 255), width=6)
    font = _logo_font(110)
    box = pen.textbbox((0, 0), letters, font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    pen.text(((size - width) / 2 - box[0], (size - height) / 2 - box[1]), letters, font=font, fill=(255, 255, 255, 255))
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _logo_font(size: int):
    from PIL import ImageFont

    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


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


# --- agreements ---------------------------------------------------------------------

# Where the demo's signatures "came from": documentation addresses (RFC 5737), and an honest browser name.
DEMO_IP_ADDRESS = "192.0.2.10"
DEMO_USER_AGENT = "Données de démonstration (webinars demo)"


def _save_agreement_templates(organization: Organization) -> dict[str, AgreementTemplate]:
    templates = {}
    for spec in data.AGREEMENT_TEMPLATES:
        details = templates_service.TemplateDetails(spec.kind, spec.title, spec.body)
        template = db.session.scalar(
            select(AgreementTemplate).where(
                AgreementTemplate.organization_id == organization.id, AgreementTemplate.title == spec.title
            )
        )
        if template is None:
            template = templates_service.create_template(organization, details, "fr")
        else:
            templates_service.update_template(template, details, "fr")
        templates[spec.title] = template
    return templates


def _save_agreements(
    organizer: User, webinars: list[Webinar], templates: dict[str, AgreementTemplate], now: datetime
) -> None:
    """The 2020 convention signed during the event; the upcoming amendment sent, waiting for signatures.

    An agreement is never re-created: signing links do not expire, so the
    .eml files of the first run keep links that work.
    """
    by_slug = {webinar.slug: webinar for webinar in webinars}
    actor = audit.organizer_actor(organizer)
    for spec in data.AGREEMENTS:
        webinar, template = by_slug[spec.webinar_slug], templates[spec.template.title]
        existing = db.session.scalar(
            select(Agreement).where(
                Agreement.webinar_id == webinar.id,
                Agreement.template_id == template.id,
                Agreement.status != AgreementStatus.WITHDRAWN,
            )
        )
        if existing is None:
            _create_agreement(spec, webinar, template, actor, now)


def _create_agreement(
    spec: data.DemoAgreement, webinar: Webinar, template: AgreementTemplate, actor: str, now: datetime
) -> None:
    parties = [drafting.PartyDetails(p.name, p.full_name, p.position, p.email) for p in spec.parties]
    if not spec.signed:
        agreement = drafting.create_convention_draft(webinar, template, parties, actor, now=now)
        sending.send_agreement(agreement, actor, now=now)
        return
    # A record of what happened in 2020: no e-mail goes out for it.
    sent_at = webinar.starts_at - spec.sent_before
    agreement = drafting.create_convention_draft(webinar, template, parties, actor, now=sent_at - timedelta(minutes=10))
    sending.send_agreement(agreement, actor, now=sent_at, notify=False)
    for signatory, party in zip(list(agreement.signatories), spec.parties):
        signed_at = webinar.starts_at + party.signed_after
        signing.record_opening(signatory, DEMO_IP_ADDRESS, DEMO_USER_AGENT, now=signed_at - timedelta(seconds=90))
        details = signing.SignatureDetails(
            typed_name=party.full_name,
            document_sha256=agreement.document_sha256,
            signature_png=_drawn_signature(party.strokes),
            ip_address=DEMO_IP_ADDRESS,
            user_agent=DEMO_USER_AGENT,
        )
        agreement = signing.sign(signatory, details, now=signed_at, notify=False)


def _drawn_signature(strokes) -> bytes | None:
    """A signature as the signing page's canvas would post it (600 x 200, transparent)."""
    if not strokes:
        return None
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        pen.line(stroke, fill=(29, 36, 51, 255), width=4, joint="curve")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return decode_signature("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))


# --- the 2020 summary ----------------------------------------------------------------


def _save_summaries(webinars: list[Webinar], people: dict[str, Person], now: datetime) -> None:
    """The past webinar's summary, published with its audience, highlights, figures and quotes.

    The article is drafted only while it is empty: once the organizer has
    edited it, running the demo again leaves their text alone.
    """
    by_slug = {webinar.slug: webinar for webinar in webinars}
    for spec in data.SUMMARIES:
        webinar = by_slug[spec.webinar_slug]
        _save_audience(webinar, spec.audience)
        # Generated feedback and certificates of its attendees (demo/after_the_webinar.py).
        save_feedback_and_certificates(webinar)
        summary = summaries.summary_for(webinar, now)
        summary.recording_url = spec.recording_url
        _save_highlights(summary, spec)
        _save_key_figures(summary, spec)
        _save_quotes(summary, people, spec)
        db.session.flush()
        if not (summary.article or "").strip():
            summaries.redraft_article(summary, now)
        summaries.publish(summary, now)


def _save_audience(webinar: Webinar, audience: data.DemoAudience) -> None:
    """The fictional registrants missing from the webinar, in one INSERT.

    They are a historical record: inserted directly, so no confirmation or
    reminder is queued for anyone.
    """
    known = set(db.session.scalars(select(Registration.email).where(Registration.webinar_id == webinar.id)))
    rows = []
    for registrant in data.fictional_audience(audience):
        if registrant.email in known:
            continue
        registered_at = webinar.starts_at - registrant.registered_before
        rows.append(
            {
                "webinar_id": webinar.id,
                "email": registrant.email,
                "first_name": registrant.first_name,
                "last_name": registrant.last_name,
                "affiliation": registrant.affiliation,
                "job_title": registrant.job_title,
                "country": registrant.country,
                "city": registrant.city,
                "language": "fr",
                "state": RegistrationState.CANCELLED if registrant.cancelled else RegistrationState.CONFIRMED,
                "consented_at": registered_at,
                "wants_future_events": registrant.attended,
                # Nobody holds a link to these (no personal_links row): a record, not real people.
                "created_at": registered_at,
                "updated_at": registered_at,
                "confirmed_at": registered_at,
                "cancelled_at": webinar.starts_at - registrant.registered_before / 2 if registrant.cancelled else None,
                "attended": registrant.attended,
                "joined_at": webinar.starts_at if registrant.attended else None,
                "left_at": (
                    webinar.starts_at + timedelta(minutes=registrant.minutes_in_session) if registrant.attended else None
                ),
                "minutes_in_session": registrant.minutes_in_session,
            }
        )
    if rows:
        db.session.execute(insert(Registration), rows)
        tallies.recount([webinar.id])  # a bulk INSERT does not go through the flush that keeps them


def _save_highlights(summary: Summary, spec: data.DemoSummary) -> None:
    for position, (highlight, text) in enumerate(
        zip(_resized(summary.highlights, len(spec.highlights), Highlight), spec.highlights)
    ):
        highlight.position, highlight.text = position, text


def _save_key_figures(summary: Summary, spec: data.DemoSummary) -> None:
    for position, (figure, figure_spec) in enumerate(
        zip(_resized(summary.key_figures, len(spec.key_figures), KeyFigure), spec.key_figures)
    ):
        figure.position, figure.value, figure.label = position, figure_spec.value, figure_spec.label


def _save_quotes(summary: Summary, people: dict[str, Person], spec: data.DemoSummary) -> None:
    for position, (quote, quote_spec) in enumerate(
        zip(_resized(summary.quotes, len(spec.quotes), Quote), spec.quotes)
    ):
        quote.position, quote.text, quote.person = position, quote_spec.text, people[quote_spec.speaker]
        quote.at_second = None  # no recording to point into


def _resized(entries: list, count: int, new_entry: type) -> list:
    """The entries updated in place: the surplus removed, the missing ones added, in their order."""
    for surplus in list(entries)[count:]:
        entries.remove(surplus)
    while len(entries) < count:
        entries.append(new_entry())
    return list(entries)
