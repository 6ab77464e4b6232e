"""Exports of a webinar's registrations (CSV here, Excel in ``export_xlsx``): one row per
registrant, one column per question.

``header_row``, ``registration_cells``, ``registration_row`` and ``csv_chunks`` are pure
functions of their inputs (tested without the app). ``stream_registrations`` reads the
database in batches of 1,000 (a server-side cursor on PostgreSQL) and the view
streams the chunks as they are made, so memory stays flat at 100,000 rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select

from webinars.extensions import db
from webinars.registration.listing import answers_of
from webinars.registration.models import QuestionKind, Registration, RegistrationState
from webinars.timezones import to_local

BATCH_SIZE = 1000
BOM = "\ufeff"  # lets Excel read the file as UTF-8 (accents intact)
MULTIPLE_CHOICE_SEPARATOR = "; "
# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The file is comma-separated, but a spreadsheet set up for semicolons (the usual choice in
# French locales) splits a cell "x;=HYPERLINK(...)" in two and starts a cell at "=": every
# piece after a semicolon is a cell start for it, and is neutralized the same way.
SEMICOLON = ";"

FIXED_COLUMNS = (
    "registered_at",
    "state",
    "first_name",
    "last_name",
    "email",
    "organization",
    "job_title",
    "country",
    "city",
    "language",
    "wants_future_events",
    "confirmed_at",
    "cancelled_at",
    "attended",
    "joined_at",
    "left_at",
    "minutes_in_session",
)


# The export column of each built-in field of the registration form: a field the webinar hides
# has no column (webinars/registration/builtin_fields.py).
BUILTIN_FIELD_COLUMNS = {"affiliation": "organization", "job_title": "job_title", "country": "country", "city": "city"}


def fixed_columns(hidden_fields: Iterable[str] = ()) -> tuple[str, ...]:
    """FIXED_COLUMNS without those of the hidden built-in fields."""
    left_out = {BUILTIN_FIELD_COLUMNS[name] for name in hidden_fields}
    return tuple(key for key in FIXED_COLUMNS if key not in left_out)


class QuestionColumn(Protocol):
    id: int
    label: str
    kind: QuestionKind


@dataclass(frozen=True)
class ExportLabels:
    """The translated words of the file, looked up once in the organizer's language."""

    columns: dict[str, str]  # FIXED_COLUMNS key -> header
    states: dict[RegistrationState, str]
    yes: str
    no: str
    country_name: Callable[[str], str]


@dataclass(frozen=True)
class RegistrantRecord:
    """The columns of one registration, as read for the export."""

    id: int
    created_at: datetime
    state: RegistrationState
    first_name: str
    last_name: str
    email: str
    affiliation: str | None
    job_title: str | None
    country: str | None
    city: str | None
    language: str
    wants_future_events: bool
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    attended: bool
    joined_at: datetime | None
    left_at: datetime | None
    minutes_in_session: int | None


def neutralize(cell: str) -> str:
    """The cell as plain text for spreadsheets splitting on commas or on semicolons."""
    return SEMICOLON.join(_neutralize_piece(piece) for piece in cell.split(SEMICOLON))


def _neutralize_piece(piece: str) -> str:
    # Spaces in front are skipped by spreadsheets that trim cells: the apostrophe goes after them.
    text = piece.lstrip(" ")
    if not text.startswith(FORMULA_TRIGGERS):
        return piece
    return piece[: len(piece) - len(text)] + "'" + text


def header_row(
    questions: Iterable[QuestionColumn], labels: ExportLabels, hidden_fields: Iterable[str] = ()
) -> list[str]:
    return [labels.columns[key] for key in fixed_columns(hidden_fields)] + [question.label for question in questions]


Cell = str | datetime | int | None


def registration_cells(
    record: RegistrantRecord,
    answers: dict[int, list[str]],
    questions: Iterable[QuestionColumn],
    zone_name: str,
    labels: ExportLabels,
    hidden_fields: Iterable[str] = (),
) -> list[Cell]:
    """One registrant as typed cells: times as aware datetimes in ``zone_name``, minutes as a number,
    a multiple choice's options joined with "; ". The CSV writes them as text, the Excel file as dates."""

    def yes_no(value: bool) -> str:
        return labels.yes if value else labels.no

    def local(moment: datetime | None) -> datetime | None:
        return to_local(moment, zone_name) if moment else None

    fixed: list[Cell] = [
        local(record.created_at),
        labels.states[record.state],
        record.first_name,
        record.last_name,
        record.email,
        record.affiliation or "",
        record.job_title or "",
        labels.country_name(record.country) if record.country else "",
        record.city or "",
        record.language,
        yes_no(record.wants_future_events),
        local(record.confirmed_at),
        local(record.cancelled_at),
        yes_no(record.attended),
        local(record.joined_at),
        local(record.left_at),
        record.minutes_in_session,
    ]
    if hidden_fields:
        kept = set(fixed_columns(hidden_fields))
        fixed = [cell for key, cell in zip(FIXED_COLUMNS, fixed, strict=True) if key in kept]
    answered = []
    for question in questions:
        values = answers.get(question.id, [])
        if question.kind is QuestionKind.YES_NO:
            values = [labels.yes if value == "yes" else labels.no if value == "no" else value for value in values]
        answered.append(MULTIPLE_CHOICE_SEPARATOR.join(values))
    return fixed + answered


def as_text(cell: Cell) -> str:
    """A cell as the CSV writes it: ISO 8601 with the offset for a time (2026-12-10T18:00:00+01:00)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.isoformat(timespec="seconds")
    return str(cell)


def registration_row(
    record: RegistrantRecord,
    answers: dict[int, list[str]],
    questions: Iterable[QuestionColumn],
    zone_name: str,
    labels: ExportLabels,
    hidden_fields: Iterable[str] = (),
) -> list[str]:
    """One registrant as text (the CSV's row)."""
    return [as_text(cell) for cell in registration_cells(record, answers, questions, zone_name, labels, hidden_fields)]


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[str]:
    """The file, a row at a time: the BOM first, every cell neutralized against formulas."""
    yield BOM
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


RECORD_COLUMNS = tuple(
    getattr(Registration, name) for name in RegistrantRecord.__dataclass_fields__
)


def stream_registrations(webinar_id: int) -> Iterator[tuple[RegistrantRecord, dict[int, list[str]]]]:
    """Every registration of the webinar with its answers, oldest first, read 1,000 at a time.

    Plain columns (no ORM objects, so nothing piles up in the session) and one
    query for the answers of each batch.
    """
    result = db.session.execute(
        select(*RECORD_COLUMNS)
        .where(Registration.webinar_id == webinar_id)
        .order_by(Registration.id)
        .execution_options(yield_per=BATCH_SIZE)
    )
    for batch in result.partitions():
        answers = answers_of([row.id for row in batch])
        for row in batch:
            yield RegistrantRecord(*row), answers[row.id]
