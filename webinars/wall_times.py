"""Wall-clock times typed in a form, turned into instants without guessing.

A time the clocks jump over does not exist and is refused. A time in the hour the clocks
repeat names two instants; instead of taking the first silently, the form shows both
("01:30 UTC-4" and "01:30 UTC-5") and the organizer picks one: ``fold`` "0" or "1", as
Python's ``datetime.fold`` (PEP 495).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _

from webinars.i18n import current_language, format_local_time
from webinars.timezones import combine_local, local_instants, to_local, utc_offset_label
from webinars.zone_names import zone_label


@dataclass(frozen=True)
class InstantChoice:
    fold: str  # "0": the first of the two, "1": the second
    label: str  # "01:30 UTC-4 (the first time)"


class WallTimeProblem(ValueError):
    """The wall-clock time does not name one instant; ``message`` says why, for the form."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def instant_choices(day: date | None, clock_time: time | None, zone_name: str | None) -> list[InstantChoice]:
    """The two instants of a repeated wall-clock time, to offer; empty when there is nothing to choose."""
    if day is None or clock_time is None or not zone_name:
        return []
    try:
        instants = local_instants(day, clock_time, zone_name)
    except (ValueError, OverflowError, KeyError):
        return []
    if len(instants) != 2:
        return []
    first, second = (to_local(instant, zone_name) for instant in instants)
    language = current_language()
    return [
        InstantChoice("0", _("%(time)s %(offset)s (the first time)", time=format_local_time(first, zone_name, language), offset=utc_offset_label(first))),
        InstantChoice("1", _("%(time)s %(offset)s (the second time)", time=format_local_time(second, zone_name, language), offset=utc_offset_label(second))),
    ]


def resolve(day: date, clock_time: time, zone_name: str, fold: str | None) -> datetime:
    """The instant a wall-clock time names in ``zone_name`` (``fold`` chooses in the repeated hour)."""
    instants = local_instants(day, clock_time, zone_name)
    place = zone_label(zone_name, current_language())
    if not instants:
        raise WallTimeProblem(
            _(
                "%(time)s does not exist on %(day)s (%(zone)s): the clocks jump forward that night. "
                "Choose another time.",
                time=clock_time.strftime("%H:%M"),
                day=day.isoformat(),
                zone=place,
            )
        )
    if len(instants) == 2:
        if fold not in ("0", "1"):
            raise WallTimeProblem(
                _(
                    "%(time)s happens twice on %(day)s (%(zone)s): the clocks go back that night. "
                    "Choose which one below.",
                    time=clock_time.strftime("%H:%M"),
                    day=day.isoformat(),
                    zone=place,
                )
            )
        return instants[int(fold)]
    return instants[0]


def fold_of(moment: datetime | None, zone_name: str) -> str | None:
    """For an edit form: "0"/"1" when the stored instant falls in a repeated hour, else None."""
    if moment is None:
        return None
    local = to_local(moment, zone_name)
    return str(local.fold) if len(local_instants(local.date(), local.time().replace(fold=0), zone_name)) == 2 else None


def naive_local(moment: datetime | None, zone_name: str) -> datetime | None:
    return to_local(moment, zone_name).replace(tzinfo=None, fold=0) if moment else None


def wall_time(day: date, clock_time: time, zone_name: str) -> datetime:
    """The first instant of a wall-clock time (for comparisons before the form is resolved)."""
    return combine_local(day, clock_time, zone_name)
