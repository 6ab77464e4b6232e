"""Attendance: who came, marked by hand at check-in or imported from the meeting platform's report.

Reading a report is pure (``read_report``: bytes in, one ``Attendee`` per
person out) and knows two exports:

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

Importing (``import_report``) recomputes each matched registrant's attendance
from the file, so importing the same report twice changes nothing. People the
report has but the registrations don't are kept in ``attendance_unmatched``
for the organizer to resolve; the decision is kept too and applied again on
the next import.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.lazy_text import lazy_gettext as _l
from webinars.registration import service
from webinars.registration.models import Registration, ReportRowResolution, UnmatchedAttendance

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
SECTION_HEADING = re.compile(r"^\s*\d+\.\s+\S")  # "3. In-Meeting Activities"
ORIGINAL_NAME = re.compile(r"^(?P<shown>.*?)\s*\((?P<original>[^()]+)\)\s*$")
DURATION_PARTS = re.compile(r"(?P<value>\d+)\s*(?P<unit>h|m|s)\b")


class ReportUnreadable(Exception):
    """The file is not an attendance report this app can read; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


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


# --- Reading a report (pure) --------------------------------------------------------


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


def _participants_table(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the first table naming both an e-mail and a join time."""
    for delimiter in ("\t", ",", ";"):
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        for index, row in enumerate(rows):
            header = [_header(cell) for cell in row]
            if _column(header, EMAIL_HEADERS) is None or _column(header, JOIN_HEADERS) is None:
                continue
            body = []
            for line in rows[index + 1 :]:
                cells = [cell.strip() for cell in line]
                if not any(cells) or (len([c for c in cells if c]) == 1 and SECTION_HEADING.match(cells[0])):
                    break  # the end of the table: a blank line or the next section
                body.append(line)
            return header, body
    raise ReportUnreadable(
        _l(
            "No participants table was found. Export the participants report from Zoom, or the "
            "attendance report from Teams, and upload the file as it is."
        )
    )


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
    for date_format in DATE_FORMATS:
        for time_format in TIME_FORMATS:
            try:
                candidates.append(datetime.strptime(text, f"{date_format} {time_format}"))
            except ValueError:
                continue
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
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return round(float(text) * 60)
    if re.fullmatch(r"\d+:\d{1,2}(:\d{1,2})?", text):
        parts = [int(part) for part in text.split(":")]
        hours, minutes, seconds = parts if len(parts) == 3 else (0, *parts)
        return hours * 3600 + minutes * 60 + seconds
    parts = DURATION_PARTS.findall(text)
    if not parts:
        raise ReportUnreadable(_l("The duration “%(value)s” could not be read.", value=text))
    factor = {"h": 3600, "m": 60, "s": 1}
    return sum(int(value) * factor[unit] for value, unit in parts)


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


def read_report(content: bytes, zone_name: str, near: datetime | None = None) -> Report:
    """The people of a Zoom or Teams attendance report, one ``Attendee`` each."""
    header, rows = _participants_table(decode(content))
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
    for row in rows:
        name, email = cell(row, "name"), cell(row, "email").lower()
        email = email if "@" in email else None
        if zoom_names and (renamed := ORIGINAL_NAME.match(name)):
            name = renamed["original"].strip()  # "Amina (Amina Alaoui)": the name they joined with
        if not name and not email:
            continue
        joined_at = parse_report_time(cell(row, "join"), zone_name, near)
        left_at = parse_report_time(cell(row, "leave"), zone_name, near)
        if cell(row, "minutes"):
            seconds = parse_duration_seconds(cell(row, "minutes"))
        elif cell(row, "duration"):
            seconds = parse_duration_seconds(cell(row, "duration"))
        else:
            seconds = int((left_at - joined_at).total_seconds()) if joined_at and left_at else 0
        visits = people.setdefault(
            person_key(name, email), _Visits(name or email or "", email, cell(row, "role") or None)
        )
        visits.add(joined_at, left_at, max(seconds, 0))

    attendees = [
        Attendee(v.name[:300], v.email, v.joined_at, v.left_at, (v.seconds + 30) // 60, v.role)
        for v in people.values()
    ]
    return Report(platform, attendees)


# --- Check-in ---------------------------------------------------------------------


def mark_attended(registration: Registration) -> None:
    registration.attended = True
    db.session.flush()


def mark_absent(registration: Registration) -> None:
    """Undo: not there after all; imported times go too."""
    registration.attended = False
    registration.joined_at = registration.left_at = None
    registration.minutes_in_session = None
    db.session.flush()


# --- Importing a report -------------------------------------------------------------


class AttendanceError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportResult:
    platform: str
    matched: int  # registrants marked as attended
    unmatched: int  # people waiting for the organizer's decision


def _registrations_by_email(webinar_id: int, emails: list[str]) -> dict[str, Registration]:
    found: dict[str, Registration] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        found.update(
            (registration.email, registration)
            for registration in db.session.scalars(
                select(Registration).where(Registration.webinar_id == webinar_id, Registration.email.in_(chunk))
            )
        )
    return found


def _set_attendance(registration: Registration, visits: list[Attendee | UnmatchedAttendance]) -> None:
    """The registrant's attendance is what these visits say, all together."""
    registration.attended = True
    registration.joined_at = min((v.joined_at for v in visits if v.joined_at), default=None)
    registration.left_at = max((v.left_at for v in visits if v.left_at), default=None)
    registration.minutes_in_session = sum(
        v.minutes if isinstance(v, Attendee) else v.minutes_in_session for v in visits
    )


def import_report(webinar: Webinar, report: Report) -> ImportResult:
    """Mark the report's registrants as attended and keep the others for the organizer.

    Each registrant's join, leave and minutes are recomputed from the file (never added
    to what a previous import stored), so the same file imported twice changes nothing.
    Nobody is marked absent: people missing from the file keep what they had.
    """
    registrations = _registrations_by_email(webinar.id, [a.email for a in report.attendees if a.email])
    stored = {
        row.match_key: row
        for row in db.session.scalars(select(UnmatchedAttendance).where(UnmatchedAttendance.webinar_id == webinar.id))
    }
    credited: dict[int, tuple[Registration, list[Attendee]]] = {}
    unmatched = 0
    for attendee in report.attendees:
        registration = registrations.get(attendee.email) if attendee.email else None
        row = stored.get(attendee.key)
        if registration is not None:
            if row is not None and row.resolution is ReportRowResolution.OPEN:
                db.session.delete(row)  # registered since the last import: nothing left to resolve
        else:
            if row is None:
                row = UnmatchedAttendance(
                    webinar_id=webinar.id, match_key=attendee.key, resolution=ReportRowResolution.OPEN
                )
                db.session.add(row)
            row.name, row.email, row.role = attendee.name, attendee.email, attendee.role
            row.joined_at, row.left_at, row.minutes_in_session = attendee.joined_at, attendee.left_at, attendee.minutes
            if row.resolution in (ReportRowResolution.ATTACHED, ReportRowResolution.ADDED):
                registration = row.registration
            elif row.resolution is ReportRowResolution.OPEN:
                unmatched += 1
        if registration is not None:
            credited.setdefault(registration.id, (registration, []))[1].append(attendee)
    for registration, visits in credited.values():
        _set_attendance(registration, visits)
    db.session.flush()
    return ImportResult(report.platform, matched=len(credited), unmatched=unmatched)


def open_rows(webinar: Webinar) -> list[UnmatchedAttendance]:
    """The report rows waiting for the organizer's decision."""
    return list(
        db.session.scalars(
            select(UnmatchedAttendance)
            .where(
                UnmatchedAttendance.webinar_id == webinar.id,
                UnmatchedAttendance.resolution == ReportRowResolution.OPEN,
            )
            .order_by(UnmatchedAttendance.name, UnmatchedAttendance.id)
        )
    )


def _require_open(row: UnmatchedAttendance) -> None:
    if row.resolution is not ReportRowResolution.OPEN:
        raise AttendanceError(str(_l("This row of the report has already been resolved.")))


def attach(row: UnmatchedAttendance, registration: Registration) -> None:
    """Count the row's visit for a registrant the organizer chose (who joined under another address)."""
    _require_open(row)
    if registration.webinar_id != row.webinar_id:
        raise AttendanceError(str(_l("This registrant is not registered for this webinar.")))
    registration.attended = True
    registration.joined_at = min(filter(None, (registration.joined_at, row.joined_at)), default=None)
    registration.left_at = max(filter(None, (registration.left_at, row.left_at)), default=None)
    registration.minutes_in_session = (registration.minutes_in_session or 0) + row.minutes_in_session
    row.resolution = ReportRowResolution.ATTACHED
    row.registration = registration
    db.session.flush()


def add_as_registrant(
    webinar: Webinar, row: UnmatchedAttendance, details: service.RegistrantDetails, language: str
) -> Registration:
    """Register the person of the row (by hand, no e-mail sent: the webinar is usually over) as attended.

    Goes through ``service.add_by_organizer``: seats stay exact, so a full webinar without a
    waitlist refuses (raise the capacity, or attach the row to an existing registrant).
    """
    _require_open(row)
    registration = service.add_by_organizer(webinar, details, language, notify=False)
    _set_attendance(registration, [row])
    row.resolution = ReportRowResolution.ADDED
    row.registration = registration
    db.session.flush()
    return registration


def dismiss(row: UnmatchedAttendance) -> None:
    """Not a registrant (the host, a speaker, a colleague): keep the decision for the next import."""
    _require_open(row)
    row.resolution = ReportRowResolution.DISMISSED
    db.session.flush()

