"""Reminders as the organizer sees them: rows of a number and a unit (minutes, hours, days) before the start.

They are stored as minutes (``Webinar.reminder_minutes``, "1440,60"); these pure functions turn
one into the other and say them in the page's language.
"""

from __future__ import annotations

import enum

from flask_babel import ngettext

MAX_REMINDERS = 5
LONGEST_REMINDER = 7 * 24 * 60  # minutes: a week before the start


class ReminderUnit(enum.StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"

    @property
    def minutes(self) -> int:
        return {"minutes": 1, "hours": 60, "days": 24 * 60}[self.value]


def as_amount_and_unit(minutes: int) -> tuple[int, ReminderUnit]:
    """1440 -> (1, days), 90 -> (90, minutes): the largest unit that says it exactly."""
    for unit in (ReminderUnit.DAYS, ReminderUnit.HOURS):
        if minutes % unit.minutes == 0:
            return minutes // unit.minutes, unit
    return minutes, ReminderUnit.MINUTES


def describe(minutes: int) -> str:
    """90 -> "90 minutes", 1440 -> "1 day", in the page's language."""
    amount, unit = as_amount_and_unit(minutes)
    if unit is ReminderUnit.DAYS:
        return ngettext("%(num)d day", "%(num)d days", amount)
    if unit is ReminderUnit.HOURS:
        return ngettext("%(num)d hour", "%(num)d hours", amount)
    return ngettext("%(num)d minute", "%(num)d minutes", amount)


def format_reminders(minutes: list[int]) -> str:
    """[1440, 90] -> "1 day, 90 minutes"."""
    return ", ".join(describe(value) for value in minutes)
