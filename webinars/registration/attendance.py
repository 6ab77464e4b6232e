"""Attendance: who came, marked by hand at check-in or imported from the meeting platform's report.

Reading a report is in ``attendance_reports`` (pure); running an import in the
worker, with its progress, in ``attendance_imports``. Here: applying a report.

Importing (``import_report``) recomputes each matched registrant's attendance
from the file, so importing the same report twice changes nothing. People the
report has but the registrations don't are kept in ``attendance_unmatched``
for the organizer to resolve; the decision is kept too and applied again on
the next import. An import is one transaction of bulk statements (a report may
name 60,000 people): either all of it is applied, or none.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, delete, func, insert, select, tuple_, update

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.lazy_text import lazy_gettext as _l
from webinars.locks import lock_webinar
from webinars.registration import service, tallies
from webinars.registration.attendance_reports import Attendee, Report
from webinars.registration.models import Registration, ReportRowResolution, UnmatchedAttendance
from webinars.webhooks import events as webhooks

# Rows per statement: an IN list or a multi-row write the databases take comfortably.
CHUNK = 500
ROWS_PAGE_SIZE = 50  # unmatched rows shown per page


# --- Check-in ---------------------------------------------------------------------


def mark_attended(registration: Registration) -> None:
    registration.attended = True
    db.session.flush()
    webhooks.record_registration(registration, "checked_in")


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


@dataclass(frozen=True)
class _Visit:
    joined_at: datetime | None
    left_at: datetime | None
    minutes: int


def _chunks(values: list) -> list[list]:
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


ATTENDANCE = ("attended", "joined_at", "left_at", "minutes_in_session")


def _registrations_of(webinar_id: int) -> dict[int, Row]:
    """Every registration of the webinar with its attendance, by id, in one index range scan.

    One statement for the whole webinar rather than one per 500 addresses of the report: at
    60,000 rows the IN lists cost a planner's decision each, and a poor one (a table just
    filled, not analyzed yet) made each a scan of the table.
    """
    return {
        row.id: row
        for row in db.session.execute(
            select(Registration.id, Registration.email, *(getattr(Registration, name) for name in ATTENDANCE)).where(
                Registration.webinar_id == webinar_id
            )
        )
    }


ROW_FACTS = ("name", "email", "role", "joined_at", "left_at", "minutes_in_session")


def _row_facts(attendee: Attendee) -> dict:
    return {
        "name": attendee.name,
        "email": attendee.email,
        "role": attendee.role,
        "joined_at": attendee.joined_at,
        "left_at": attendee.left_at,
        "minutes_in_session": attendee.minutes,
    }


def import_report(webinar: Webinar, report: Report) -> ImportResult:
    """Mark the report's registrants as attended and keep the others for the organizer.

    Each registrant's join, leave and minutes are recomputed from the file (never added
    to what a previous import stored), so the same file imported twice changes nothing
    (and writes nothing). Nobody is marked absent: people missing from the file keep what
    they had. Flushes nothing through the ORM: the rows are written with bulk statements.
    """
    lock_webinar(webinar.id)  # two imports of one webinar apply one after the other
    db.session.flush()
    registrations = _registrations_of(webinar.id)
    registration_ids = {registration.email: registration.id for registration in registrations.values()}
    stored = {
        row.match_key: row
        for row in db.session.execute(
            select(
                UnmatchedAttendance.id,
                UnmatchedAttendance.match_key,
                UnmatchedAttendance.resolution,
                UnmatchedAttendance.registration_id,
                *(getattr(UnmatchedAttendance, fact) for fact in ROW_FACTS),
            ).where(UnmatchedAttendance.webinar_id == webinar.id)
        )
    }
    credited: dict[int, list[_Visit]] = {}
    new_rows, changed_rows, resolved_rows = [], [], []
    unmatched = 0
    for attendee in report.attendees:
        registration_id = registration_ids.get(attendee.email) if attendee.email else None
        row = stored.get(attendee.key)
        if registration_id is not None:
            if row is not None and row.resolution is ReportRowResolution.OPEN:
                resolved_rows.append(row.id)  # registered since the last import: nothing left to resolve
        else:
            facts = _row_facts(attendee)
            if row is None:
                new_rows.append(
                    {"webinar_id": webinar.id, "match_key": attendee.key, "resolution": ReportRowResolution.OPEN, **facts}
                )
                unmatched += 1
            else:
                if any(getattr(row, fact) != value for fact, value in facts.items()):
                    changed_rows.append({"id": row.id, **facts})
                if row.resolution in (ReportRowResolution.ATTACHED, ReportRowResolution.ADDED):
                    registration_id = row.registration_id
                elif row.resolution is ReportRowResolution.OPEN:
                    unmatched += 1
        if registration_id is not None:
            credited.setdefault(registration_id, []).append(
                _Visit(attendee.joined_at, attendee.left_at, attendee.minutes)
            )

    changed_registrations = _attendance_changes(credited, registrations)
    for chunk in _chunks(changed_registrations):
        db.session.execute(update(Registration), chunk)
    for chunk in _chunks(new_rows):
        db.session.execute(insert(UnmatchedAttendance), chunk)
    for chunk in _chunks(changed_rows):
        db.session.execute(update(UnmatchedAttendance), chunk)
    for chunk in _chunks(resolved_rows):
        db.session.execute(delete(UnmatchedAttendance).where(UnmatchedAttendance.id.in_(chunk)))
    if changed_registrations:
        tallies.recount([webinar.id])  # the counts stay; their version moves, so summary figures are redone
    return ImportResult(report.platform, matched=len(credited), unmatched=unmatched)


def _attendance_changes(credited: dict[int, list[_Visit]], registrations: dict[int, Row]) -> list[dict]:
    """The registrants whose attendance the visits change, with what it becomes."""
    changes = []
    for registration_id, visits in credited.items():
        attendance = {
            "attended": True,
            "joined_at": min((v.joined_at for v in visits if v.joined_at), default=None),
            "left_at": max((v.left_at for v in visits if v.left_at), default=None),
            "minutes_in_session": sum(v.minutes for v in visits),
        }
        current = registrations.get(registration_id)
        if current is None:
            continue  # a row attached to a registration of another webinar: never credited here
        if any(getattr(current, name) != value for name, value in attendance.items()):
            changes.append({"id": registration_id, **attendance})
    return changes


def _set_attendance(registration: Registration, visits: list[UnmatchedAttendance]) -> None:
    """The registrant's attendance is what these visits say, all together."""
    registration.attended = True
    registration.joined_at = min((v.joined_at for v in visits if v.joined_at), default=None)
    registration.left_at = max((v.left_at for v in visits if v.left_at), default=None)
    registration.minutes_in_session = sum(v.minutes_in_session for v in visits)


# --- The rows waiting for the organizer -------------------------------------------------


@dataclass(frozen=True)
class RowsPage:
    rows: list[UnmatchedAttendance]
    total: int  # open rows in all
    next_cursor: str | None
    previous_cursor: str | None


def _encode(row: UnmatchedAttendance) -> str:
    raw = json.dumps([row.name, row.id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode(text: str | None) -> tuple[str, int] | None:
    """The (name, id) of a page link's cursor; None for a missing or tampered one (the first page is shown)."""
    if not text or len(text) > 2000:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not (isinstance(values, list) and len(values) == 2 and isinstance(values[0], str) and type(values[1]) is int):
        return None
    return values[0], values[1]


def open_rows_page(webinar: Webinar, after: str | None = None, before: str | None = None) -> RowsPage:
    """One page of the report rows waiting for the organizer's decision, by name, by keyset
    (as the registrations list: every page is one range of the index, the last as the first)."""
    base = select(UnmatchedAttendance).where(
        UnmatchedAttendance.webinar_id == webinar.id, UnmatchedAttendance.resolution == ReportRowResolution.OPEN
    )
    keys = tuple_(UnmatchedAttendance.name, UnmatchedAttendance.id)
    before_key = _decode(before)
    after_key = None if before_key else _decode(after)

    def rows(query, limit: int) -> list[UnmatchedAttendance]:
        return list(db.session.scalars(query.limit(limit)))

    ascending = (UnmatchedAttendance.name, UnmatchedAttendance.id)
    descending = (UnmatchedAttendance.name.desc(), UnmatchedAttendance.id.desc())
    if before_key is not None:
        found = rows(base.where(keys < tuple_(*before_key)).order_by(*descending), ROWS_PAGE_SIZE + 1)
        if len(found) > ROWS_PAGE_SIZE:
            page, has_previous, has_next = list(reversed(found[:ROWS_PAGE_SIZE])), True, True
        else:  # back at the beginning: the first page, full
            found = rows(base.order_by(*ascending), ROWS_PAGE_SIZE + 1)
            page, has_previous, has_next = found[:ROWS_PAGE_SIZE], False, len(found) > ROWS_PAGE_SIZE
    else:
        query = base if after_key is None else base.where(keys > tuple_(*after_key))
        found = rows(query.order_by(*ascending), ROWS_PAGE_SIZE + 1)
        page, has_previous, has_next = found[:ROWS_PAGE_SIZE], after_key is not None, len(found) > ROWS_PAGE_SIZE
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    return RowsPage(
        rows=page,
        total=total,
        next_cursor=_encode(page[-1]) if has_next and page else None,
        previous_cursor=_encode(page[0]) if has_previous and page else None,
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

