"""The webinars calendar files show: announced ones only (published, or cancelled after publication)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import abort
from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from webinars.accounts.models import Organization
from webinars.agenda.models import AgendaItem
from webinars.events import collections
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.people.models import Participation

# The feed keeps recent webinars, so a subscriber still finds last week's event.
FEED_LOOKBACK = timedelta(days=30)


def announced() -> ColumnElement[bool]:
    return or_(
        Webinar.status == WebinarStatus.PUBLISHED,
        and_(Webinar.status == WebinarStatus.CANCELLED, Webinar.published_at.is_not(None)),
    )


def calendar_options() -> list:
    """Everything a calendar entry's description shows, loaded up front: the many-to-one links
    (organization, person) joined into the query of their parent, the collections in one query each."""
    return [
        joinedload(Webinar.organization),
        selectinload(Webinar.participations).joinedload(Participation.person),
        selectinload(Webinar.agenda_items).selectinload(AgendaItem.speakers),
    ]


# Built once (when first used, every model mapped): SQLAlchemy keeps a statement's cache key on the
# statement object, so a statement reused with new parameters spares each request computing it again.
# The line-up and agenda then come from webinars/events/collections.py (one statement each, built once).
@cache
def _announced_webinar_by_slug() -> Select:
    return select(Webinar).where(Webinar.slug == bindparam("slug"), announced()).options(joinedload(Webinar.organization))


def with_entry_content(webinar: Webinar) -> Webinar:
    """The webinar with what its calendar entry describes (line-up, agenda and its speakers) loaded."""
    collections.load_lineup(webinar)
    collections.load_agenda(webinar)
    return webinar


def announced_webinar_or_404(slug: str) -> Webinar:
    webinar = db.session.scalar(_announced_webinar_by_slug(), {"slug": slug})
    if webinar is None:
        abort(404)
    return with_entry_content(webinar)


@dataclass(frozen=True)
class FeedState:
    """Enough to tell whether a feed changed, without building it."""

    organization_id: int
    name: str
    count: int
    last_modified: datetime | None


def _in_feed(now: datetime) -> ColumnElement[bool]:
    return and_(announced(), Webinar.ends_at >= now - FEED_LOOKBACK)


def feed_state_or_404(slug: str, now: datetime) -> FeedState:
    """One query: the organization, how many webinars its feed lists and their latest change."""
    row = db.session.execute(
        select(Organization.id, Organization.name, func.count(Webinar.id), func.max(Webinar.updated_at))
        .outerjoin(Webinar, and_(Webinar.organization_id == Organization.id, _in_feed(now)))
        .where(Organization.slug == slug)
        .group_by(Organization.id, Organization.name)
    ).one_or_none()
    if row is None:
        abort(404)
    organization_id, name, count, last_modified = row
    return FeedState(organization_id, name, count, last_modified)


def feed_webinars(organization_id: int, now: datetime) -> list[Webinar]:
    return list(
        db.session.scalars(
            select(Webinar)
            .where(Webinar.organization_id == organization_id, _in_feed(now))
            .options(*calendar_options())
            .order_by(Webinar.starts_at, Webinar.id)
        )
    )
