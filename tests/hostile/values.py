"""Hostile values, a fixed list per kind of field (deterministic: a failure replays the same way).

Every form field gets the values of its kind, one at a time, the other fields keeping a valid
value; a list (several values under one name) stands for "a list where a scalar is expected";
invalid UTF-8 goes in a raw request body (``INVALID_UTF8``), since a ``str`` cannot hold it.
"""

from __future__ import annotations

LONG = "é" * 5_000 + "x" * 5_000  # 10,000 characters, 15,000 bytes in UTF-8
HUGE = str(2**63)
HUGE_NEGATIVE = str(-(2**63) - 1)
BEYOND_FLOAT = "1e309"

# Bytes that are not UTF-8, percent-encoded in a raw application/x-www-form-urlencoded body.
INVALID_UTF8 = b"%FF%FE%C3%28%ED%A0%80"


class Several(tuple):
    """Sent as the same name repeated: a list where the form expects one value."""


TEXT = (
    LONG,
    "",
    "Amina\x00Alaoui",
    "\x01\x08\x0b\x1b[31m\x7f",
    "ligne\u2028séparée",
    HUGE,
    Several(("un", "deux")),
)
NUMBER = (HUGE, HUGE_NEGATIVE, BEYOND_FLOAT, "NaN", "-1", "", "\x00", "12abc", Several(("1", "2")))
DATE = ("0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "", "\x00", HUGE, Several(("2026-12-01", "2026-12-02")))
DATETIME = (
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "10000-01-01T00:00",
    "2026-13-45T25:61",
    "",
    "\x00",
    Several(("2026-12-01T10:00", "2026-12-02T10:00")),
)
TIME = ("24:00", "23:59:60", "", "\x00", HUGE, Several(("10:00", "11:00")))
CHOICE = ("not-a-choice", HUGE, "", "\x00", Several(("a", "b")))
CHECKBOX = ("\x00", LONG, Several(("y", "y")))
HIDDEN = (LONG, "\x00", HUGE, Several(("1", "2")))

BY_KIND = {
    "text": TEXT,
    "search": TEXT,
    "email": TEXT,
    "url": TEXT,
    "tel": TEXT,
    "password": (LONG, "", "\x00"),
    "textarea": TEXT,
    "number": NUMBER,
    "range": NUMBER,
    "date": DATE,
    "datetime-local": DATETIME,
    "time": TIME,
    "month": DATE,
    "select": CHOICE,
    "radio": CHOICE,
    "submit": CHOICE,
    "checkbox": CHECKBOX,
    "hidden": HIDDEN,
    "color": ("#zzzzzz", LONG, "\x00"),
}

# Query strings tried on every GET route: the arguments the app reads, each of these at once.
QUERY_ARGUMENTS = (
    "endpoint", "_method", "page", "q", "state", "sort", "after", "before", "rows_after", "rows_before",
    "next", "lang", "language", "code",
)
QUERY_VALUES = (
    "99999999999999999999",
    HUGE_NEGATIVE,
    "\x00",
    LONG,
    "0001-01-01",
    Several(("1", "//evil.example/%0d%0a")),
)
# For files (PDF, calendars, spreadsheets): fewer, since their views read no more than the page's.
FILE_QUERY_VALUES = ("99999999999999999999", "\x00")
# In a URL's text parameters (a slug, a token, a code).
PATH_VALUES = ("a\x00b", "\u2028", LONG)
# Bytes that are not UTF-8, as a raw query string.
INVALID_UTF8_QUERY = "q=%FF%FE&page=%C3%28&lang=%ED%A0%80&endpoint=%FF"


def values_for(kind: str) -> tuple:
    return BY_KIND.get(kind, TEXT)
