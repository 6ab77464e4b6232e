"""The organizer's list of webinars: three groups on the dashboard, each in full on its own pages.

The dashboard shows the first rows of each group (the soonest to come, the drafts, the latest
past), with a link to the rest: an organization that has run webinars for years should not wait
for all of them, nor scroll past them, to reach next week's. Each group's own page lists the rest
50 at a time.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import load_only

from webinars import clock
from webinars.accounts.models import Organization
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.registration.models import RegistrationTally
from webinars.registration.seats import SeatSummary, seat_summaries

DASHBOARD_ROWS = 20
GROUP_PAGE_ROWS = 50


class Group(enum.StrEnum):
    UPCOMING = "upcoming"  # published or cancelled, not yet ended: the soonest first
    DRAFTS = "drafts"  # whatever their date: the soonest first
    PAST = "past"  # published or cancelled, ended: the latest first


@dataclass(frozen=True)
class GroupRows:
    group: Group
    webinars: list[Webinar]
    total: int  # in the whole group, shown or not

    @property
    def has_more(self) -> bool:
        return self.total > len(self.webinars)


@dataclass
class Dashboard:
    upcoming: GroupRows
    drafts: GroupRows
    past: GroupRows
    # Webinar id -> its registration counts, for every listed webinar (from their tallies, one query).
    seats: dict[int, SeatSummary] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupPage:
    rows: GroupRows
    seats: dict[int, SeatSummary]
    page: int
    last_page: int


def _group_of(now: datetime | ColumnElement[datetime]) -> ColumnElement[str]:
    return case(
        (Webinar.status == WebinarStatus.DRAFT, Group.DRAFTS.value),
        (Webinar.ends_at > now, Group.UPCOMING.value),
        else_=Group.PAST.value,
    )


def _order(group: Group) -> tuple:
    if group is Group.PAST:
        return Webinar.starts_at.desc(), Webinar.id.desc()
    return Webinar.starts_at, Webinar.id


# What a row shows (title, dates in the webinar's zone, status, seats): a webinar's other columns
# (its texts in Markdown and HTML, its settings) are a third of a dashboard's time to load, for nothing.
# No raiseload: a listed webinar stays in the session's identity map, and whatever else the same session
# reads of it later (another page rendered in the same application context, as tests do) must load, not
# raise. The statement budget in tests/query_counts catches a column read per row.
_LISTED_COLUMNS = load_only(
    Webinar.id, Webinar.organization_id, Webinar.title, Webinar.starts_at, Webinar.ends_at, Webinar.timezone,
    Webinar.status, Webinar.capacity,
)


def _rows(organization: Organization, group: Group, now: datetime, limit: int, offset: int = 0) -> list[Webinar]:
    return list(
        db.session.scalars(
            select(Webinar)
            .options(_LISTED_COLUMNS)
            .where(Webinar.organization_id == organization.id, _group_of(now) == group.value)
            .order_by(*_order(group))
            .limit(limit)
            .offset(offset)
        )
    )


@cache
def _dashboard_statement() -> Select:
    """Built once (SQLAlchemy keeps a statement's cache key on it): the first rows of each group and how
    many each holds (a window over the groups), each row with its registration counts (its tally)."""
    group_of = _group_of(bindparam("now"))
    ranked = (
        select(
            Webinar.id.label("webinar_id"),
            group_of.label("group_name"),
            # Oldest first in every group: the past group keeps its last rows, the others their first.
            func.row_number().over(partition_by=group_of, order_by=(Webinar.starts_at, Webinar.id)).label("position"),
            func.count().over(partition_by=group_of).label("total"),
        )
        .where(Webinar.organization_id == bindparam("organization_id"))
        .subquery()
    )
    shown = or_(
        and_(ranked.c.group_name != Group.PAST.value, ranked.c.position <= DASHBOARD_ROWS),
        and_(ranked.c.group_name == Group.PAST.value, ranked.c.position > ranked.c.total - DASHBOARD_ROWS),
    )
    return (
        select(
            Webinar, ranked.c.group_name, ranked.c.total,
            RegistrationTally.confirmed, RegistrationTally.waitlisted, RegistrationTally.pending,
        )
        .join(ranked, ranked.c.webinar_id == Webinar.id)
        .outerjoin(RegistrationTally, RegistrationTally.webinar_id == Webinar.id)
        .where(shown)
        .options(_LISTED_COLUMNS)
        .order_by(Webinar.starts_at, Webinar.id)
    )


def dashboard(organization: Organization) -> Dashboard:
    """The first rows of each group, how many each holds and the listed webinars' seat counts, in one query."""
    rows = db.session.execute(_dashboard_statement(), {"now": clock.now(), "organization_id": organization.id}).all()
    listed: dict[Group, list[Webinar]] = {group: [] for group in Group}
    totals = {group: 0 for group in Group}
    seats: dict[int, SeatSummary] = {}
    for webinar, group_name, total, confirmed, waitlisted, pending in rows:
        listed[Group(group_name)].append(webinar)
        totals[Group(group_name)] = total
        # No tally yet: never registered to.
        seats[webinar.id] = SeatSummary(confirmed or 0, waitlisted or 0, pending or 0, webinar.capacity)
    listed[Group.PAST].reverse()  # the latest first
    groups = {group: GroupRows(group, listed[group], totals[group]) for group in Group}
    return Dashboard(upcoming=groups[Group.UPCOMING], drafts=groups[Group.DRAFTS], past=groups[Group.PAST], seats=seats)


def group_page(organization: Organization, group: Group, page: int) -> GroupPage:
    """One page of a group; a page past the last one shows the last (a bookmark of a list that shrank)."""
    now = clock.now()
    total = db.session.scalar(
        select(func.count()).where(Webinar.organization_id == organization.id, _group_of(now) == group.value)
    )
    last_page = max(1, -(-total // GROUP_PAGE_ROWS))
    page = min(page, last_page)
    webinars = _rows(organization, group, now, GROUP_PAGE_ROWS, (page - 1) * GROUP_PAGE_ROWS)
    return GroupPage(GroupRows(group, webinars, total), seat_summaries(webinars), page, last_page)
