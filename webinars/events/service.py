"""Webinar rules: creation, moving the agenda with the webinar, the lifecycle, duplication, partners.

Functions flush but never commit: the view (or the command) owns the transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from webinars import clock
from webinars.accounts.models import Organization
from webinars.agenda.models import AgendaItem
from webinars.events import collections
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Language, Webinar, WebinarPartner, WebinarStatus
from webinars.events.preflight import publication_problems
from webinars.extensions import db
from webinars.i18n import format_local_time
from webinars.images import ProcessedImage
from webinars.invites import service as invites
from webinars.people.models import Participation, ParticipationStatus
from webinars.registration.seats import change_capacity
from webinars.slugs import unique_slug
from webinars.speakers import calendars as speaker_calendars
from webinars.webhooks import events as webhooks
from webinars.webhooks.models import EventType


class WebinarError(Exception):
    """A rule of the webinar lifecycle was broken; ``str(error)`` is shown to the organizer."""


class AgendaOutsideWebinar(WebinarError):
    """Moving or shortening the webinar would leave an agenda item outside it."""


class PublicationRefused(WebinarError):
    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


class WrongStatus(WebinarError):
    """The action does not apply to the webinar's current status."""


@dataclass(frozen=True)
class WebinarDetails:
    """What the organizer sets on a webinar, times already in UTC."""

    title: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    language: Language = Language.FR
    subtitle: str | None = None
    description: str = ""
    join_url: str | None = None
    join_url_is_public: bool = False
    doors_open_minutes: int = 15
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    is_past_record: bool = False
    waitlist_enabled: bool = True
    approval_required: bool = False
    reminder_minutes: str = "1440,60"  # minutes before the start, comma-separated


def _slug_is_taken(slug: str) -> bool:
    return bool(db.session.scalar(select(exists().where(Webinar.slug == slug))))


def _apply(webinar: Webinar, details: WebinarDetails) -> None:
    webinar.title = details.title
    webinar.subtitle = details.subtitle
    webinar.description = details.description
    webinar.language = details.language
    webinar.timezone = details.timezone
    webinar.starts_at = details.starts_at
    webinar.ends_at = details.ends_at
    webinar.join_url = details.join_url
    webinar.join_url_is_public = details.join_url_is_public
    webinar.doors_open_minutes = details.doors_open_minutes
    webinar.capacity = details.capacity
    webinar.registration_opens_at = details.registration_opens_at
    webinar.registration_closes_at = details.registration_closes_at
    webinar.is_past_record = details.is_past_record
    webinar.waitlist_enabled = details.waitlist_enabled
    webinar.approval_required = details.approval_required
    webinar.reminder_minutes = details.reminder_minutes


def create_webinar(organization: Organization, details: WebinarDetails) -> Webinar:
    """A new draft; its slug comes from the title and never changes afterwards."""
    webinar = Webinar(
        organization=organization,
        slug=unique_slug(details.title, _slug_is_taken),
        status=WebinarStatus.DRAFT,
    )
    _apply(webinar, details)
    db.session.add(webinar)
    db.session.flush()
    return webinar


def update_webinar(webinar: Webinar, details: WebinarDetails) -> Webinar:
    """Change the webinar's details; its agenda moves by as much as its start.

    Raises ``AgendaOutsideWebinar`` before touching anything when a moved
    item would not fit in the new time slot.
    """
    delta = details.starts_at - webinar.starts_at
    for item in webinar.agenda_items:
        starts, ends = item.starts_at + delta, item.ends_at + delta
        if starts < details.starts_at or ends > details.ends_at:
            raise AgendaOutsideWebinar(
                _(
                    "The agenda item “%(title)s” would run from %(start)s to %(end)s, outside the webinar's "
                    "new times. Shorten or move it in the agenda first, or choose a longer time slot.",
                    title=item.title,
                    start=format_local_time(starts, details.timezone),
                    end=format_local_time(ends, details.timezone),
                )
            )
    capacity_changed = details.capacity != webinar.capacity
    calendar_before = invites.calendar_fields(webinar)
    if delta:
        for item in webinar.agenda_items:
            item.starts_at += delta
            item.ends_at += delta
    _apply(webinar, details)
    if capacity_changed:
        # Seats added to a full webinar go to the waitlisted registrants, under the webinar's lock.
        change_capacity(webinar, details.capacity)
    # A new time, title, join link or description: SEQUENCE grows and registrants get an update.
    invites.record_edit(webinar, calendar_before)
    speaker_calendars.record_change(webinar)  # and the speakers, after the same quiet period
    db.session.flush()
    if not webinar.is_draft:  # a draft is nobody's business outside the organization yet
        webhooks.record_webinar(webinar, EventType.WEBINAR_UPDATED)
    return webinar


# Lifecycle: draft → published → cancelled, and back to draft from published (the pre-flight list
# that decides whether a draft may be published is in preflight.py).


def publish(webinar: Webinar) -> None:
    if not webinar.is_draft:
        raise WrongStatus(_("Only a draft can be published."))
    problems = publication_problems(webinar)
    if problems:
        raise PublicationRefused(problems)
    webinar.status = WebinarStatus.PUBLISHED
    webinar.published_at = clock.now()
    db.session.flush()
    webhooks.record_webinar(webinar, EventType.WEBINAR_PUBLISHED)


def unpublish(webinar: Webinar) -> None:
    """Back to draft: the public page disappears until the webinar is published again."""
    if not webinar.is_published:
        raise WrongStatus(_("Only a published webinar can go back to draft."))
    webinar.status = WebinarStatus.DRAFT
    webinar.published_at = None
    db.session.flush()


def cancel(webinar: Webinar) -> None:
    """The public page stays, marked cancelled, so attendees learn about it."""
    if not webinar.is_published:
        raise WrongStatus(_("Only a published webinar can be cancelled."))
    webinar.status = WebinarStatus.CANCELLED
    webinar.cancelled_at = clock.now()
    webinar.calendar_sequence += 1
    db.session.flush()
    webhooks.record_webinar(webinar, EventType.WEBINAR_CANCELLED)
    # METHOD:CANCEL to everyone holding (or waiting for) a seat, in this transaction.
    invites.send_webinar_cancellation(webinar)
    speaker_calendars.webinar_cancelled(webinar)


def duplicate(webinar: Webinar) -> Webinar:
    """A new draft with the same settings, partners, line-up and agenda (same offsets from the start).

    The copy is a new occurrence: it gets its own slug and calendar identity,
    no publication history, and it is not an archive record.
    """
    copy = Webinar(
        organization_id=webinar.organization_id,
        slug=unique_slug(webinar.title, _slug_is_taken),
        status=WebinarStatus.DRAFT,
        calendar_sequence=0,
    )
    _apply(copy, details_of(webinar))
    copy.is_past_record = False
    copy.waitlist_enabled = webinar.waitlist_enabled
    copy.approval_required = webinar.approval_required
    copy.reminder_minutes = webinar.reminder_minutes
    copy.registrant_fields = dict(webinar.registrant_fields or {})
    copy.partners = [
        WebinarPartner(
            name=p.name,
            website=p.website,
            position=p.position,
            logo=p.logo if p.logo_hash else None,
            logo_content_type=p.logo_content_type,
            logo_hash=p.logo_hash,
        )
        for p in webinar.partners
    ]
    if webinar.cover_hash:  # the same cover (its bytes are loaded only when there is one)
        copy.cover, copy.cover_content_type, copy.cover_hash = webinar.cover, webinar.cover_content_type, webinar.cover_hash
    # People who declined are left out of the copy (and of its agenda); the others come as the
    # organizer's, without their speaker spaces (webinars/speakers/): invite them again if needed.
    declined = {p.person_id for p in webinar.participations if p.status is ParticipationStatus.DECLINED}
    copy.participations = [
        Participation(person_id=p.person_id, role=p.role, position=p.position)
        for p in webinar.participations
        if p.person_id not in declined
    ]
    copy.agenda_items = [
        AgendaItem(
            title=item.title,
            kind=item.kind,
            description=item.description,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            speakers=[person for person in item.speakers if person.id not in declined],
        )
        for item in webinar.agenda_items
    ]
    db.session.add(copy)
    db.session.flush()
    return copy


def details_of(webinar: Webinar) -> WebinarDetails:
    return WebinarDetails(
        title=webinar.title,
        subtitle=webinar.subtitle,
        description=webinar.description,
        language=webinar.language,
        timezone=webinar.timezone,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        join_url=webinar.join_url,
        join_url_is_public=webinar.join_url_is_public,
        doors_open_minutes=webinar.doors_open_minutes,
        capacity=webinar.capacity,
        registration_opens_at=webinar.registration_opens_at,
        registration_closes_at=webinar.registration_closes_at,
        is_past_record=webinar.is_past_record,
        waitlist_enabled=webinar.waitlist_enabled,
        approval_required=webinar.approval_required,
        reminder_minutes=webinar.reminder_minutes,
    )


# Partners


def add_partner(
    webinar: Webinar, name: str, website: str | None, logo: ProcessedImage | None = None
) -> WebinarPartner:
    """A partner at the end of the list, with its logo (already checked and re-encoded) if given."""
    last = db.session.scalar(
        select(func.max(WebinarPartner.position)).where(WebinarPartner.webinar_id == webinar.id)
    )
    partner = WebinarPartner(webinar=webinar, name=name, website=website, position=(last or 0) + 1)
    if logo is not None:
        partner.logo, partner.logo_content_type = logo
        partner.logo_hash = hashlib.sha256(partner.logo).hexdigest()
    db.session.add(partner)
    webinar.mark_changed()
    db.session.flush()
    return partner


def set_partner_logo(partner: WebinarPartner, logo: ProcessedImage | None) -> None:
    """Replace a partner's logo (already checked and re-encoded), or remove it with ``None``."""
    if logo is None:
        partner.logo = partner.logo_content_type = partner.logo_hash = None
    else:
        partner.logo, partner.logo_content_type = logo
        partner.logo_hash = hashlib.sha256(partner.logo).hexdigest()
    partner.webinar.mark_changed()


def set_cover(webinar: Webinar, cover: ProcessedImage | None) -> None:
    """Replace the cover (already checked and re-encoded), or remove it with ``None``."""
    if cover is None:
        webinar.cover = webinar.cover_content_type = webinar.cover_hash = None
    else:
        webinar.cover, webinar.cover_content_type = cover
        webinar.cover_hash = hashlib.sha256(webinar.cover).hexdigest()
    webinar.mark_changed()


def partner_of(webinar: Webinar, partner_id: int) -> WebinarPartner | None:
    """The partner, only if it belongs to this webinar."""
    return db.session.scalar(
        select(WebinarPartner).where(WebinarPartner.id == partner_id, WebinarPartner.webinar_id == webinar.id)
    )


def remove_partner(partner: WebinarPartner) -> None:
    db.session.delete(partner)
    db.session.flush()


def move_partner(webinar: Webinar, partner: WebinarPartner, direction: str) -> None:
    """Swap the partner with its neighbour above ("up") or below ("down")."""
    partners = list(webinar.partners)
    index = partners.index(partner)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(partners):
        return
    partners[index], partners[other] = partners[other], partners[index]
    for position, each in enumerate(partners):
        each.position = position
    db.session.flush()


# Pages


def webinar_for_overview_or_404(webinar_id: int) -> Webinar:
    """The webinar with what the organizer's overview shows: its organization joined into its query,
    then its line-up, agenda (without speakers) and partners, one statement each
    (webinars/events/collections.py)."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=(joinedload(Webinar.organization),))
    collections.load_lineup(webinar)
    collections.load_agenda(webinar, with_speakers=False)
    collections.load_partners(webinar)
    return webinar
