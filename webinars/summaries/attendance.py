"""A webinar's attendance for its summary: registrations by state, attendees and their minutes,
registrations per day.

Every figure is a SQL aggregate, so the summary stays current and fast at
100,000 registrations; Python only folds the aggregated rows (counts per state,
per quarter-hour), never the registrations themselves. The number of SQL
statements does not grow with the number of registrations. The breakdowns
(who registered, by organization, country...) are in breakdowns.py.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Integer, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.joining.service import clicked_join_count
from webinars.registration.models import Registration, RegistrationState
from webinars.summaries.figures_cache import cached


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


class AttendanceSource(enum.StrEnum):
    """Where the attendees counted come from, which the summary says."""

    REPORT = "report"  # the platform's attendance report was imported (with minutes in the session)
    CHECK_IN = "check_in"  # marked by hand by the organizers
    JOIN_CLICKS = "join_clicks"  # nothing recorded: those who clicked "Join now" on their join page
    NONE = "none"  # nobody recorded, nobody clicked

    @property
    def label(self) -> str:
        return {
            AttendanceSource.REPORT: _("the platform's attendance report"),
            AttendanceSource.CHECK_IN: _("the organizers' check-in"),
            AttendanceSource.JOIN_CLICKS: _("clicks on “Join now” (no attendance report imported)"),
            AttendanceSource.NONE: _("nothing yet: no attendance report, no click on “Join now”"),
        }[self]


@dataclass(frozen=True)
class AttendanceFigures:
    confirmed: int
    waitlisted: int
    pending: int
    rejected: int
    cancelled: int
    capacity: int | None
    attendees: int  # confirmed registrations with attended = true
    no_shows: int  # confirmed - attendees
    attendance_rate: float | None  # attendees / confirmed (0..1), None when nobody is confirmed
    minutes_reported: int  # attendees with a minutes_in_session value
    average_minutes: float | None
    median_minutes: float | None  # None when minutes_reported == 0
    # Registrations created per local day (webinar.timezone), any state, from the first
    # registration's day to the webinar's day (or the last registration's, if later), zero-filled.
    per_day: list[DayCount]
    source: AttendanceSource = AttendanceSource.NONE

    @property
    def waitlist_size(self) -> int:
        return self.waitlisted


QUARTER_HOUR = 900  # seconds; every UTC offset in use is a multiple of 15 minutes


class quarter_hour(FunctionElement):
    """The number of the UTC quarter-hour a timestamp falls in (epoch seconds // 900).

    Grouping by quarter-hour rather than by day keeps the time-zone arithmetic in
    Python (zoneinfo), where offsets such as +5:30 and DST changes are right,
    while the database returns at most 96 rows a day.
    """

    type = Integer()
    inherit_cache = True


@compiles(quarter_hour, "sqlite")
def _quarter_hour_sqlite(element, compiler, **kw):
    # UTCDateTime stores naive UTC text on SQLite, which strftime reads as UTC.
    return f"(CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER) / {QUARTER_HOUR})"


@compiles(quarter_hour)
def _quarter_hour_default(element, compiler, **kw):
    # date_part() gives a double, several times faster to divide than extract()'s numeric on PostgreSQL;
    # whole seconds are exact in a double, so the quarter-hour boundaries are too.
    return f"CAST(floor(date_part('epoch', {compiler.process(element.clauses, **kw)}) / {QUARTER_HOUR}) AS INTEGER)"


def attendance_figures(webinar: Webinar) -> AttendanceFigures:
    """The figures: frozen ones once the registrants' data is anonymized (webinars/privacy/), else live."""
    from webinars.summaries.frozen import frozen_figures_of

    frozen = frozen_figures_of(webinar.id)
    if frozen is not None:  # the registrants' data is anonymized: the figures counted just before
        return replace(frozen.attendance, capacity=webinar.capacity)
    return live_attendance_figures(webinar)


def live_attendance_figures(webinar: Webinar) -> AttendanceFigures:
    """The figures, attendees from the imported report or the check-in, else from the join clicks."""
    figures = cached(webinar.id, ("attendance",), lambda: count_attendance(webinar))
    # The capacity is the webinar's, not the registrations': never taken from the cache.
    figures = replace(figures, capacity=webinar.capacity)
    if figures.attendees:
        return replace(
            figures, source=AttendanceSource.REPORT if figures.minutes_reported else AttendanceSource.CHECK_IN
        )
    # Nothing recorded by the organizers: who clicked "Join now" stands in. Counted apart from the
    # cache, whose version moves with registrations, not with clicks (which do not touch them).
    clicked = clicked_join_count(webinar.id)
    if not clicked:
        return figures
    return replace(
        figures,
        attendees=clicked,
        no_shows=figures.confirmed - clicked,
        attendance_rate=clicked / figures.confirmed if figures.confirmed else None,
        source=AttendanceSource.JOIN_CLICKS,
    )


def count_attendance(webinar: Webinar) -> AttendanceFigures:
    attended_minutes = case((Registration.attended.is_(True), Registration.minutes_in_session))
    by_state = {
        state: (count, attendees, minutes_reported, average)
        for state, count, attendees, minutes_reported, average in db.session.execute(
            select(
                Registration.state,
                func.count(),
                func.coalesce(func.sum(case((Registration.attended.is_(True), 1), else_=0)), 0),
                func.count(attended_minutes),
                func.avg(attended_minutes),
            )
            .where(Registration.webinar_id == webinar.id)
            .group_by(Registration.state)
        )
    }
    counts = {state: by_state.get(state, (0, 0, 0, None))[0] for state in RegistrationState}
    _count, attendees, minutes_reported, average = by_state.get(RegistrationState.CONFIRMED, (0, 0, 0, None))
    confirmed = counts[RegistrationState.CONFIRMED]
    return AttendanceFigures(
        confirmed=confirmed,
        waitlisted=counts[RegistrationState.WAITLISTED],
        pending=counts[RegistrationState.PENDING],
        rejected=counts[RegistrationState.REJECTED],
        cancelled=counts[RegistrationState.CANCELLED],
        capacity=webinar.capacity,
        attendees=attendees,
        no_shows=confirmed - attendees,
        attendance_rate=attendees / confirmed if confirmed else None,
        minutes_reported=minutes_reported,
        average_minutes=float(average) if minutes_reported else None,
        median_minutes=_median_minutes(webinar, minutes_reported),
        per_day=_registrations_per_day(webinar),
    )


def _median_minutes(webinar: Webinar, reported: int) -> float | None:
    """The middle value (or the mean of the two middle ones), read with LIMIT/OFFSET:
    SQLite has no percentile function and this gives the same result as PostgreSQL's."""
    if not reported:
        return None
    middle = list(
        db.session.scalars(
            select(Registration.minutes_in_session)
            .where(
                Registration.webinar_id == webinar.id,
                Registration.state == RegistrationState.CONFIRMED,
                Registration.attended.is_(True),
                Registration.minutes_in_session.is_not(None),
            )
            .order_by(Registration.minutes_in_session)
            .limit(2 if reported % 2 == 0 else 1)
            .offset((reported - 1) // 2)
        )
    )
    return sum(middle) / len(middle)


def _registrations_per_day(webinar: Webinar) -> list[DayCount]:
    bucket = quarter_hour(Registration.created_at)
    rows = db.session.execute(
        select(bucket, func.count()).where(Registration.webinar_id == webinar.id).group_by(bucket)
    ).all()
    if not rows:
        return []
    zone = ZoneInfo(webinar.timezone)
    per_day: dict[date, int] = {}
    for quarter, count in rows:
        day = datetime.fromtimestamp(quarter * QUARTER_HOUR, UTC).astimezone(zone).date()
        per_day[day] = per_day.get(day, 0) + count
    first = min(per_day)
    last = max(max(per_day), webinar.starts_at.astimezone(zone).date())
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [DayCount(day, per_day.get(day, 0)) for day in days]
