"""What visitors may see: announced webinars, and unpublished ones only for their organization."""

from __future__ import annotations

import enum
from functools import cache
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from webinars.accounts.models import ORGANIZATION_LONG_TEXTS
from webinars.accounts.service import membership_of
from webinars.events import collections, fingerprints
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.people.models import Participation, ParticipationRole

PAST_WEBINARS_SHOWN = 5


def _announced() -> ColumnElement[bool]:
    """Published webinars, and cancelled ones that had been published.

    A cancelled webinar stays listed, marked as cancelled, until its date has
    passed: people who heard of it learn that it will not take place instead
    of finding nothing and wondering whether they got the address wrong.
    """
    return or_(
        Webinar.status == WebinarStatus.PUBLISHED,
        and_(Webinar.status == WebinarStatus.CANCELLED, Webinar.published_at.is_not(None)),
    )


def is_announced(webinar: Webinar) -> bool:
    return webinar.is_published or (webinar.is_cancelled and webinar.published_at is not None)


def upcoming_webinars(now: datetime) -> list[Webinar]:
    """Announced webinars that have not ended yet (one under way is still worth joining)."""
    return list(
        db.session.scalars(
            select(Webinar)
            .where(_announced(), Webinar.ends_at > now)
            .options(selectinload(Webinar.organization))
            .order_by(Webinar.starts_at, Webinar.id)
        )
    )


def past_webinars(now: datetime, limit: int = PAST_WEBINARS_SHOWN) -> list[Webinar]:
    """The most recent webinars that took place (cancelled ones did not)."""
    return list(
        db.session.scalars(
            select(Webinar)
            .where(Webinar.status == WebinarStatus.PUBLISHED, Webinar.ends_at <= now)
            .options(selectinload(Webinar.organization))
            .order_by(Webinar.starts_at.desc(), Webinar.id.desc())
            .limit(limit)
        )
    )


@cache
def _webinar_page_statement() -> Select:
    """Built once (on first use, when every model is mapped): SQLAlchemy memoizes a statement's cache
    key on the statement object, so reusing it spares each page view the key's computation. The
    organization is joined into the webinar's query instead of costing a round trip."""
    return select(Webinar).where(Webinar.slug == bindparam("slug")).options(joinedload(Webinar.organization))


def webinar_for_visitor_or_404(slug: str) -> Webinar:
    """A webinar with everything its page shows; unannounced ones only for members of its organization."""
    webinar = db.session.scalar(_webinar_page_statement(), {"slug": slug})
    if webinar is None or not _may_see(webinar):
        abort(404)
    collections.load_public_content(webinar)
    return webinar


@cache
def _webinar_and_texts_statement() -> Select:
    """The webinar's page: its organization without the long texts the page does not show."""
    organization = joinedload(Webinar.organization).options(*(defer(column) for column in ORGANIZATION_LONG_TEXTS))
    return (
        select(Webinar)
        .where(Webinar.slug == bindparam("slug"))
        .options(organization)
        .add_columns(fingerprints.seats_taken(), *fingerprints.public_content())
    )


@dataclass(frozen=True)
class WebinarPageRow:
    """What a webinar's page reads in one statement."""

    webinar: Webinar
    seats_taken: int  # its confirmed registrations (registration/tallies.py)
    collection_texts: tuple[str | None, ...]  # the key of its page's parts, with the webinar's own columns


def webinar_page_row_or_404(slug: str) -> WebinarPageRow:
    """A webinar (organization joined), its seats taken and its collections as the database writes
    them (webinars/events/fingerprints.py), in one statement: the collections themselves are loaded
    only to render a part of the page (``collections.load_public_content``)."""
    row = db.session.execute(_webinar_and_texts_statement(), {"slug": slug}).first()
    if row is None or not _may_see(row[0]):
        abort(404)
    webinar, seats_taken, *texts = row
    return WebinarPageRow(webinar, seats_taken, tuple(texts))


def _may_see(webinar: Webinar) -> bool:
    """Announced webinars for everyone, the others only for members of their organization."""
    return is_announced(webinar) or _is_member_of(webinar.organization_id)


def _is_member_of(organization_id: int) -> bool:
    return current_user.is_authenticated and membership_of(current_user, organization_id) is not None


def lineup(webinar: Webinar) -> list[Participation]:
    """The moderator first, then the speakers in the organizer's order: the confirmed ones only
    (not those invited who have not answered yet, nor those who declined)."""
    return sorted(
        (participation for participation in webinar.participations if participation.is_confirmed),
        key=lambda participation: (participation.role is not ParticipationRole.MODERATOR, participation.position),
    )


def join_link_visible(webinar: Webinar, now: datetime) -> bool:
    """The join link is shown only when the organizer made it public, and only while it is useful."""
    return (
        webinar.join_url_is_public
        and is_web_url(webinar.join_url)
        and not webinar.is_cancelled
        and now < webinar.ends_at
    )


def is_web_url(url: str | None) -> bool:
    """Only http(s) addresses become links: never ``javascript:`` or ``data:``."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def initials(full_name: str) -> str:
    """'Mohamed Benabbou' -> 'MB', for the avatar of a person without a photo."""
    words = [word for word in full_name.split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


class RegistrationPhase(enum.StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"
    ENDED = "ended"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class RegistrationFacts:
    """What the registration block can truthfully say at a given instant."""

    phase: RegistrationPhase
    opens_at: datetime | None
    closes_at: datetime | None  # None: open until the webinar ends
    capacity: int | None
    is_live: bool  # started and not ended yet

    @property
    def is_ahead(self) -> bool:
        """The webinar has not ended and is not cancelled."""
        return self.phase not in {RegistrationPhase.ENDED, RegistrationPhase.CANCELLED}


def registration_facts(webinar: Webinar, now: datetime) -> RegistrationFacts:
    """The same rules as ``webinars.registration.service.registration_closed_reason``, as facts to display."""
    opens_at, closes_at = webinar.registration_opens_at, webinar.registration_closes_at
    if webinar.is_cancelled:
        phase = RegistrationPhase.CANCELLED
    elif now >= webinar.ends_at:
        phase = RegistrationPhase.ENDED
    elif opens_at is not None and now < opens_at:
        phase = RegistrationPhase.NOT_YET_OPEN
    elif closes_at is not None and now >= closes_at:
        phase = RegistrationPhase.CLOSED
    else:
        phase = RegistrationPhase.OPEN
    return RegistrationFacts(
        phase=phase,
        opens_at=opens_at,
        closes_at=closes_at,
        capacity=webinar.capacity,
        is_live=phase is not RegistrationPhase.CANCELLED and webinar.starts_at <= now < webinar.ends_at,
    )
