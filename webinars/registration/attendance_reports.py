"""Reading the attendance report of a meeting platform (pure: bytes in, one ``Attendee`` per person out).

Two exports are known:

- Zoom's "Participants" report: an optional meeting table, then a table with
  ``Name (Original Name)``, ``User Email``, ``Join Time``, ``Leave Time``,
  ``Duration (Minutes)``, ``Guest``. Someone who left and came back has one row
  per visit.
- Microsoft Teams' attendance report: often UTF-16 with tabs, a "1. Summary"
  section, then "2. Participants" with ``Name``, ``First Join``, ``Last Leave``,
  ``In-Meeting Duration`` ("1h 5m 3s"), ``Email``, ``Role``, then the
  "3. In-Meeting Activities" (ignored: the participants table already sums them).

The rows of one person (same e-mail, or same name when there is none) are
merged: minutes summed, earliest join, latest leave. Report times carry no zone:
they are read in the webinar's zone, unless they carry an offset. The day/month
order differs with the exporting computer's language (12/10 or 10/12), so a
date is read the way that puts it nearest the webinar.

Reading 60,000 rows once took 46 seconds, nearly all of it trying 32 date and
time formats with ``strptime`` on every cell. A report's dates are a handful of
days, so each distinct date is read once (``_dates_of``) and the time of day
with one regular expression.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import format_number
from webinars.lazy_text import lazy_gettext as _l

ZOOM, TEAMS = "zoom", "teams"

NAME_HEADERS = ("name (original name)", "user name (original name)", "full name", "name", "display name", "participant")
EMAIL_HEADERS = ("user email", "email", "e-mail", "email address", "attendee email")
JOIN_HEADERS = ("join time", "first join", "first join time", "join")
LEAVE_HEADERS = ("leave time", "last leave", "last leave time", "leave")
MINUTES_HEADERS = ("duration (minutes)", "time in session (minutes)", "duration (mins)")
DURATION_HEADERS = ("in-meeting duration", "duration", "attendance duration")
ROLE_HEADERS = ("role",)
TEAMS_HEADERS = ("first join", "in-meeting duration")

DATE_FORMATS = ("%m/%d/%Y", "%d/%m/%Y", "%m/%d/%y", "%d/%m/%y", "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d.%m.%y")
TIME_FORMATS = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
# "12/10/2026 06:02:15 PM", "10/12/2026 18:02": a date, then a time of day as TIME_FORMATS read it.
DATE_AND_TIME = re.compile(
    r"(?P<date>\S+) (?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2}))?(?: ?(?P<half>[AaPp][Mm]))?"
)
SECTION_HEADING = re.compile(r"^\s*\d+\.\s+\S")  # "3. In-Meeting Activities"
ORIGINAL_NAME = re.compile(r"^(?P<shown>.*?)\s*\((?P<original>[^()]+)\)\s*$")
DURATION_PARTS = re.compile(r"(?P<value>\d+)\s*(?P<unit>h|m|s)\b")

# What the attendance tables hold (webinars/registration/models.py: UnmatchedAttendance).
NAME_LENGTH, EMAIL_LENGTH, ROLE_LENGTH = 300, 320, 100
# A person's minutes in session, at most: a year, far above any meeting, far below what the column holds.
MAX_MINUTES = 366 * 24 * 60


class ReportUnreadable(Exception):
    """The file is not an attendance report this app can read; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


class ReportTooLarge(ReportUnreadable):
    """The report has more participant rows than one import takes."""


@dataclass(frozen=True)
class Attendee:
    """One person of the report, their rows merged."""

    name: str
    email: str | None  # lower-cased; None when the report has none (guests, phone callers)
    joined_at: datetime | None  # UTC
    left_at: datetime | None
    minutes: int
    role: str | None = None

    @property
    def key(self) -> str:
        return person_key(self.name, self.email)


def person_key(name: str, email: str | None) -> str:
    """Who a row is about: the e-mail address, or the name when the report has no address."""
    return email or "name:" + " ".join(name.lower().split())


@dataclass(frozen=True)
class Report:
    platform: str
    attendees: list[Attendee]


def decode(content: bytes) -> str:
    """Text of the file: UTF-16 (Teams), UTF-8 with or without BOM, or Windows-1252 as a last resort."""
    try:
        for bom, codec in (
            (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"),
        ):
            if content.startswith(bom):
                return content.decode(codec)
        head = content[:2000]
        if head and head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM
            return content.decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ReportUnreadable(_l("The file's characters could not be read.")) from error


def _header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').lower().split())


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    """Index of the first of ``names`` (in their order of preference) found in the header."""
    for name in names:
        if name in header:
            return header.index(name)
    return None


@dataclass(frozen=True)
class ParticipantsTable:
    header: list[str]
    rows: list[list[str]]


def participants_table(content: bytes, max_rows: int | None = None) -> ParticipantsTable:
    """The header and rows of the first table naming both an e-mail and a join time.

    Raises ``ReportTooLarge`` past ``max_rows`` rows, and ``ReportUnreadable`` for a file
    without such a table or that the CSV reader refuses (a cell longer than its limit).
    """
    text = decode(content)
    refusal: ReportUnreadable | None = None
    head = text[:65536]
    # The likeliest delimiter first: each wrong one reads the whole file before giving up.
    for delimiter in sorted(("\t", ",", ";"), key=lambda candidate: -head.count(candidate)):
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            header = _find_header(reader)
            if header is None:
                continue
            return ParticipantsTable(header, _table_rows(reader, max_rows))
        except csv.Error as error:
            # Read with another delimiter, the same text may be a table: try those first.
            refusal = refusal or _csv_refusal(error, reader.line_num)
    if refusal is not None:
        raise refusal
    raise ReportUnreadable(
        _l(
            "No participants table was found. Export the participants report from Zoom, or the "
            "attendance report from Teams, and upload the file as it is."
        )
    )


def _find_header(reader: Iterator[list[str]]) -> list[str] | None:
    for row in reader:
        header = [_header(cell) for cell in row]
        if _column(header, EMAIL_HEADERS) is not None and _column(header, JOIN_HEADERS) is not None:
            return header
    return None


def _table_rows(reader: Iterator[list[str]], max_rows: int | None) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in reader:
        cells = [cell.strip() for cell in line]
        if not any(cells) or (len([c for c in cells if c]) == 1 and SECTION_HEADING.match(cells[0])):
            break  # the end of the table: a blank line or the next section
        if max_rows is not None and len(rows) >= max_rows:
            raise ReportTooLarge(
                _l(
                    "This report has more than %(limit)s participant rows, the most one import takes. "
                    "Split it in several files and import each.",
                    limit=format_number(max_rows),
                )
            )
        rows.append(line)
    return rows


def _csv_refusal(error: csv.Error, line: int) -> ReportUnreadable:
    if "field larger than field limit" in str(error):
        return ReportUnreadable(
            _l(
                "Line %(line)s of the file has a cell longer than %(limit)s characters: it is not an attendance "
                "report as Zoom or Teams export it. Upload the file as the platform gave it.",
                line=format_number(line),
                limit=format_number(csv.field_size_limit()),
            )
        )
    return ReportUnreadable(
        _l("Line %(line)s of the file cannot be read as a table (%(problem)s).", line=format_number(line), problem=str(error))
    )


# --- times and durations ---------------------------------------------------------------


@lru_cache(maxsize=512)
def _dates_of(text: str) -> tuple[date, ...]:
    """Every date ``text`` may be in DATE_FORMATS (10/12/2026: the 10th of December, or the 12th of October)."""
    found: list[date] = []
    for date_format in DATE_FORMATS:
        try:
            found.append(datetime.strptime(text, date_format).date())
        except ValueError:
            continue
    return tuple(found)


def _time_of_day(match: re.Match) -> time | None:
    """The time of day as TIME_FORMATS would read it: 1 to 12 with AM or PM, 0 to 23 without."""
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if minute > 59 or second > 61:
        return None
    half = (match["half"] or "").upper()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "PM" else 0)
    elif hour > 23:
        return None
    return time(hour, minute, min(second, 59))


def _candidates(text: str) -> list[datetime]:
    """The naive moments ``text`` may stand for, in DATE_FORMATS followed by TIME_FORMATS."""
    match = DATE_AND_TIME.fullmatch(text)
    if match is not None:
        moment = _time_of_day(match)
        if moment is not None:
            return [datetime.combine(day, moment) for day in _dates_of(match["date"])]
    return []


def parse_report_time(text: str, zone_name: str, near: datetime | None = None) -> datetime | None:
    """A report's time in UTC. Without an offset it is in ``zone_name``; an ambiguous day/month
    order is read the way nearest to ``near`` (the webinar's start)."""
    text = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").replace(",", " ").split())
    if not text:
        return None
    candidates: list[datetime] = []
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"\d{4}-", text) else text)
    except ValueError:
        pass
    else:
        if parsed.tzinfo is not None:
            return parsed.astimezone(UTC)
        candidates.append(parsed)
    candidates += _candidates(text)
    if not candidates:
        raise ReportUnreadable(_l("The time “%(value)s” could not be read.", value=text))
    zone = ZoneInfo(zone_name)
    moments = [candidate.replace(tzinfo=zone).astimezone(UTC) for candidate in candidates]
    if near is None:
        return moments[0]
    return min(moments, key=lambda moment: abs(moment - near))


def parse_duration_seconds(text: str) -> int:
    """"1h 5m 3s", "45m 12s", "01:05:03" or "65" (minutes)."""
    text = text.strip().lower()
    if not text:
        return 0
    if re.fullmatch(r"\d{1,6}(\.\d{1,6})?", text):
        return round(float(text) * 60)
    if re.fullmatch(r"\d{1,5}:\d{1,2}(:\d{1,2})?", text):
        parts = [int(part) for part in text.split(":")]
        hours, minutes, seconds = parts if len(parts) == 3 else (0, *parts)
        return hours * 3600 + minutes * 60 + seconds
    parts = DURATION_PARTS.findall(text)
    if not parts or any(len(value) > 6 for value, _unit in parts):
        raise ReportUnreadable(_l("The duration “%(value)s” could not be read.", value=text[:100]))
    factor = {"h": 3600, "m": 60, "s": 1}
    return sum(int(value) * factor[unit] for value, unit in parts)


# --- the report ---------------------------------------------------------------------


@dataclass
class _Visits:
    name: str
    email: str | None
    role: str | None
    joined_at: datetime | None = None
    left_at: datetime | None = None
    seconds: int = 0

    def add(self, joined_at: datetime | None, left_at: datetime | None, seconds: int) -> None:
        self.joined_at = min(filter(None, (self.joined_at, joined_at)), default=None)
        self.left_at = max(filter(None, (self.left_at, left_at)), default=None)
        self.seconds += seconds


# Progress is reported every this many rows.
PROGRESS_EVERY = 5000


def read_report(
    content: bytes,
    zone_name: str,
    near: datetime | None = None,
    *,
    max_rows: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """The people of a Zoom or Teams attendance report, one ``Attendee`` each.

    ``progress(rows_read)`` is called every ``PROGRESS_EVERY`` rows; a row that cannot be
    read raises ``ReportUnreadable`` naming its line of the table.
    """
    table = participants_table(content, max_rows)
    header = table.header
    columns = {
        "name": _column(header, NAME_HEADERS),
        "email": _column(header, EMAIL_HEADERS),
        "join": _column(header, JOIN_HEADERS),
        "leave": _column(header, LEAVE_HEADERS),
        "minutes": _column(header, MINUTES_HEADERS),
        "duration": _column(header, DURATION_HEADERS),
        "role": _column(header, ROLE_HEADERS),
    }
    platform = TEAMS if any(name in header for name in TEAMS_HEADERS) else ZOOM
    zoom_names = columns["name"] is not None and header[columns["name"]].endswith("(original name)")

    def cell(row: list[str], column: str) -> str:
        index = columns[column]
        return row[index].strip() if index is not None and index < len(row) else ""

    people: dict[str, _Visits] = {}
    for number, row in enumerate(table.rows, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
        name, email = cell(row, "name")[:NAME_LENGTH], cell(row, "email").lower()
        email = email if "@" in email and len(email) <= EMAIL_LENGTH else None
        if zoom_names and (renamed := ORIGINAL_NAME.match(name)):
            name = renamed["original"].strip()  # "Amina (Amina Alaoui)": the name they joined with
        if not name and not email:
            continue
        try:
            joined_at = parse_report_time(cell(row, "join"), zone_name, near)
            left_at = parse_report_time(cell(row, "leave"), zone_name, near)
            if cell(row, "minutes"):
                seconds = parse_duration_seconds(cell(row, "minutes"))
            elif cell(row, "duration"):
                seconds = parse_duration_seconds(cell(row, "duration"))
            else:
                seconds = int((left_at - joined_at).total_seconds()) if joined_at and left_at else 0
        except ReportUnreadable as error:
            raise ReportUnreadable(
                _l("Row %(row)s of the participants table: %(problem)s", row=format_number(number), problem=error.message)
            ) from error
        visits = people.setdefault(
            person_key(name, email), _Visits(name or email or "", email, cell(row, "role")[:ROLE_LENGTH] or None)
        )
        visits.add(joined_at, left_at, max(seconds, 0))

    attendees = [
        Attendee(v.name[:NAME_LENGTH], v.email, v.joined_at, v.left_at, min((v.seconds + 30) // 60, MAX_MINUTES), v.role)
        for v in people.values()
    ]
    return Report(platform, attendees)
