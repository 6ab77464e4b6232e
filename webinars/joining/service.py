"""The join page's rules: when the doors open, and the record of who clicked "Join now".

A click is recorded only by the page's POST, during the webinar (from the doors' opening to the
end): mail gateways, link scanners and browsers' prefetching fetch links with GET or HEAD, which
record nothing, so they never count as attendance. The record is one row per registrant with the
first and last click, written with one upsert (no read first, no lock): the crowd that clicks
at the start never waits for itself.

Functions flush or execute but never commit: the view owns the transaction.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.joining.models import JoinClick
from webinars.public.service import is_web_url
from webinars.registration.models import Registration, RegistrationState
from webinars.urls import absolute_url

LONGEST_DOORS_OPEN = 240  # minutes: the form refuses opening the doors earlier than 4 hours before


class JoinPhase(enum.StrEnum):
    BEFORE = "before"  # the doors are not open yet: a countdown
    OPEN = "open"  # from the doors' opening to the end: "Join now"
    ENDED = "ended"  # the recording or the summary, when there is one


def doors_open_at(webinar: Webinar) -> datetime:
    return webinar.starts_at - timedelta(minutes=webinar.doors_open_minutes or 0)


def phase(webinar: Webinar, now: datetime) -> JoinPhase:
    if now >= webinar.ends_at:
        return JoinPhase.ENDED
    if now >= doors_open_at(webinar):
        return JoinPhase.OPEN
    return JoinPhase.BEFORE


def countdown_label(seconds: int) -> str:
    """'2 days 03:12:05', '00:04:59': what the page's script then counts down every second."""
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    clock_part = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{ngettext('%(num)d day', '%(num)d days', days)} {clock_part}" if days else clock_part


def has_platform_link(webinar: Webinar) -> bool:
    return is_web_url(webinar.join_url)


def join_page_url(token: str) -> str:
    """The personal join page, as e-mails, reminders and calendar invites carry it."""
    return absolute_url(f"/r/{token}/join")


def may_join(registration: Registration) -> bool:
    """Only a confirmed seat of a webinar that takes place leads to the platform."""
    return registration.state is RegistrationState.CONFIRMED and not registration.webinar.is_cancelled


def record_click(registration: Registration, now: datetime) -> None:
    """Count this click: the first one creates the row, the next ones move ``last_clicked_at``."""
    dialect = db.session.connection().dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(JoinClick)
    statement = insert.values(
        registration_id=registration.id,
        webinar_id=registration.webinar_id,
        first_clicked_at=now,
        last_clicked_at=now,
        clicks=1,
    )
    table = JoinClick.__table__
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.registration_id],
            set_={"last_clicked_at": statement.excluded.last_clicked_at, "clicks": table.c.clicks + 1},
        )
    )


def clicks_of(registration_ids: list[int]) -> dict[int, JoinClick]:
    """The click record of each listed registrant who clicked (one query, for the organizer's lists)."""
    if not registration_ids:
        return {}
    return {
        click.registration_id: click
        for click in db.session.scalars(select(JoinClick).where(JoinClick.registration_id.in_(registration_ids)))
    }


def click_of(registration: Registration) -> JoinClick | None:
    return db.session.get(JoinClick, registration.id)


def clicked_join_count(webinar_id: int) -> int:
    """Confirmed registrants who clicked "Join now" at least once."""
    return db.session.scalar(
        select(func.count())
        .select_from(JoinClick)
        .join(Registration, Registration.id == JoinClick.registration_id)
        .where(JoinClick.webinar_id == webinar_id, Registration.state == RegistrationState.CONFIRMED)
    )
