"""Rules of a webinar's agenda: items inside the webinar's window, never overlapping.

Functions flush but never commit: the view owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars.agenda.models import AgendaItem, AgendaKind
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import Participation, Person
from webinars.i18n import current_language
from webinars.timezones import local_instants, to_local
from webinars.zone_names import zone_label


class AgendaError(Exception):
    """An agenda rule was broken; ``message`` is shown to the organizer, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OutsideWebinar(AgendaError):
    pass


class Overlap(AgendaError):
    def __init__(self, message: str, other: AgendaItem):
        super().__init__(message)
        self.other = other


class NotInLineup(AgendaError):
    pass


class EmptySlot(AgendaError):
    pass


class NonexistentTime(AgendaError):
    """A wall-clock time skipped when the clocks go forward (02:30 on a spring night in Paris)."""


class AmbiguousTime(AgendaError):
    """A wall-clock time of the hour the clocks repeat, twice inside the webinar: the organizer chooses."""

    def __init__(self, message: str, field_name: str):
        super().__init__(message)
        self.field_name = field_name  # "starts_at" or "ends_at"


@dataclass(frozen=True)
class ItemDetails:
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    title: str
    kind: AgendaKind
    description: str | None = None
    speaker_ids: list[int] = field(default_factory=list)


# --- listing ------------------------------------------------------------------


def agenda_of(webinar: Webinar) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.webinar_id == webinar.id)
            .options(selectinload(AgendaItem.speakers))
            .order_by(AgendaItem.starts_at, AgendaItem.id)
        )
    )


def lineup_people(webinar: Webinar) -> list[Person]:
    """The webinar's moderator and speakers, in line-up order: who can be linked to an item."""
    return list(
        db.session.scalars(
            select(Person)
            .join(Participation)
            .where(Participation.webinar_id == webinar.id)
            .order_by(Participation.position, Participation.id)
        )
    )


# --- times --------------------------------------------------------------------


def event_day(webinar: Webinar) -> date:
    """The local date the webinar takes place on; item times are clock times on that day."""
    return webinar.starts_at_local.date()


def slot_from_clock_times(
    webinar: Webinar,
    start: time,
    duration_minutes: int | None = None,
    end: time | None = None,
    *,
    start_fold: str | None = None,
    end_fold: str | None = None,
) -> tuple[datetime, datetime]:
    """Wall-clock times in the webinar's zone on its day, as aware UTC instants.

    The duration is added to the UTC instant, so it stays a true duration on
    the rare day a clock change happens during the webinar. A time of the
    repeated hour is the one inside the webinar, or, when both are, the one
    ``*_fold`` chose ("0" the first, "1" the second).
    """
    starts_at = _instant(webinar, start, start_fold, "starts_at")
    if duration_minutes is not None:
        ends_at = starts_at + timedelta(minutes=duration_minutes)
    elif end is not None:
        ends_at = _instant(webinar, end, end_fold, "ends_at")
    else:
        raise ValueError("a duration or an end time is needed")
    return starts_at, ends_at


def _instant(webinar: Webinar, clock: time, fold: str | None, field_name: str) -> datetime:
    instants = local_instants(event_day(webinar), clock, webinar.timezone)
    zone = zone_label(webinar.timezone, current_language())
    if not instants:
        raise NonexistentTime(
            _(
                "There is no %(time)s on that day (%(zone)s): the clocks are put forward.",
                time=clock.strftime("%H:%M"),
                zone=zone,
            )
        )
    inside = [moment for moment in instants if webinar.starts_at <= moment <= webinar.ends_at]
    if len(inside) == 1 or len(instants) == 1:
        return (inside or instants)[0]
    if fold in ("0", "1"):
        return instants[int(fold)]
    raise AmbiguousTime(
        _(
            "%(time)s happens twice on that day (%(zone)s): the clocks go back during the webinar. "
            "Choose which one below.",
            time=clock.strftime("%H:%M"),
            zone=zone,
        ),
        field_name,
    )


def next_slot(webinar: Webinar, items: list[AgendaItem]) -> time | None:
    """Where the next item would start, on the webinar's clock: the end of the last one (or the
    webinar's start for the first); None once the agenda fills the webinar."""
    start = max((item.ends_at for item in items), default=webinar.starts_at)
    if start >= webinar.ends_at:
        return None
    return to_local(start, webinar.timezone).time().replace(fold=0, tzinfo=None)


def clock_time(moment: datetime, webinar: Webinar) -> str:
    """'10:00' in the webinar's zone: the 24-hour form the organizer's time inputs use."""
    return to_local(moment, webinar.timezone).strftime("%H:%M")


def duration_minutes(item: AgendaItem) -> int:
    return int((item.ends_at - item.starts_at).total_seconds() // 60)


# --- changes ------------------------------------------------------------------


def add_item(webinar: Webinar, details: ItemDetails) -> AgendaItem:
    # Every rule is checked before the item exists, so nothing half-made can be flushed.
    check_slot(webinar, details.starts_at, details.ends_at)
    speakers = _speakers_of_webinar(webinar, details.speaker_ids)
    item = AgendaItem(webinar_id=webinar.id)
    _assign(item, details, speakers)
    db.session.add(item)
    webinar.mark_changed()
    db.session.flush()
    return item


def update_item(item: AgendaItem, details: ItemDetails) -> AgendaItem:
    """Check every rule first, then change the item: a refused change leaves it untouched."""
    check_slot(item.webinar, details.starts_at, details.ends_at, ignoring=item)
    speakers = _speakers_of_webinar(item.webinar, details.speaker_ids)
    _assign(item, details, speakers)
    item.webinar.mark_changed()
    db.session.flush()
    return item


def delete_item(item: AgendaItem) -> None:
    item.webinar.mark_changed()
    db.session.delete(item)
    db.session.flush()


def _assign(item: AgendaItem, details: ItemDetails, speakers: list[Person]) -> None:
    item.starts_at = details.starts_at
    item.ends_at = details.ends_at
    item.title = details.title
    item.kind = details.kind
    item.description = details.description
    item.speakers = speakers


def check_slot(webinar: Webinar, starts_at: datetime, ends_at: datetime, ignoring: AgendaItem | None = None) -> None:
    if ends_at <= starts_at:
        raise EmptySlot(_("An item must end after it starts."))
    window = {
        "start": clock_time(webinar.starts_at, webinar),
        "end": clock_time(webinar.ends_at, webinar),
        "zone": webinar.timezone,
    }
    if starts_at < webinar.starts_at:
        raise OutsideWebinar(
            _(
                "The webinar runs from %(start)s to %(end)s (%(zone)s); this item starts at %(time)s.",
                time=clock_time(starts_at, webinar),
                **window,
            )
        )
    if ends_at > webinar.ends_at:
        raise OutsideWebinar(
            _(
                "The webinar runs from %(start)s to %(end)s (%(zone)s); this item ends at %(time)s.",
                time=clock_time(ends_at, webinar),
                **window,
            )
        )
    # Half-open intervals: an item ending at 10:15 and one starting at 10:15 do not collide.
    query = (
        select(AgendaItem)
        .where(
            AgendaItem.webinar_id == webinar.id,
            AgendaItem.starts_at < ends_at,
            AgendaItem.ends_at > starts_at,
        )
        .order_by(AgendaItem.starts_at, AgendaItem.id)
    )
    if ignoring is not None:
        query = query.where(AgendaItem.id != ignoring.id)
    other = db.session.scalars(query.limit(1)).first()
    if other is not None:
        raise Overlap(
            _(
                "Overlaps with '%(title)s' (%(start)s–%(end)s).",
                title=other.title,
                start=clock_time(other.starts_at, webinar),
                end=clock_time(other.ends_at, webinar),
            ),
            other,
        )


def _speakers_of_webinar(webinar: Webinar, person_ids: list[int]) -> list[Person]:
    if not person_ids:
        return []
    allowed = {person.id: person for person in lineup_people(webinar)}
    if any(person_id not in allowed for person_id in person_ids):
        raise NotInLineup(_("Only the moderator and speakers of this webinar can be linked to an item."))
    return [allowed[person_id] for person_id in dict.fromkeys(person_ids)]
