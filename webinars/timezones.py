"""Time-zone rules and display.

IANA rules change several times a year (Morocco dropped its +1 offset on
2026-09-20 in release 2026c) and operating systems ship them late. We make
``zoneinfo`` read the PyPI ``tzdata`` package only, for every process that
imports ``webinars``: the web app, the CLI, the worker and the tests.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# An empty search path makes zoneinfo fall back to the tzdata package.
zoneinfo.reset_tzpath(to=[])
ZoneInfo.clear_cache()


@lru_cache(maxsize=1)
def available_zones() -> tuple[str, ...]:
    """Every canonical IANA zone name the tzdata package knows, sorted."""
    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"))


def is_valid_zone(name: str | None) -> bool:
    return bool(name) and name in available_zones()


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def utc_offset_label(moment: datetime) -> str:
    """'UTC+1', 'UTC-5', 'UTC+5:30', 'UTC+0' for an aware datetime."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def to_local(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone_name))


def combine_local(day, clock_time, zone_name: str) -> datetime:
    """A wall-clock date and time in ``zone_name``, as an aware datetime."""
    return datetime.combine(day, clock_time).replace(tzinfo=ZoneInfo(zone_name))


def local_instants(day: date, clock_time: time, zone_name: str) -> list[datetime]:
    """The instants (in UTC, earliest first) a wall-clock time names in ``zone_name``: none when the
    clocks jump over it, two for the repeated hour when they go back, one otherwise."""
    first = combine_local(day, clock_time, zone_name)
    candidates = {moment.astimezone(UTC) for moment in (first, first.replace(fold=1)) if wall_clock_exists(moment)}
    return sorted(candidates)


def wall_clock_exists(local: datetime) -> bool:
    """False for a wall-clock time skipped by a DST jump (02:30 on 2026-03-29 in Europe/Paris).

    ``zoneinfo`` accepts such times silently and shifts them by an hour on
    the way to UTC; a round trip through UTC shows whether the time is real.
    """
    if local.tzinfo is None:
        raise ValueError("wall_clock_exists needs an aware datetime")
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None, fold=0) == local.replace(tzinfo=None, fold=0)
