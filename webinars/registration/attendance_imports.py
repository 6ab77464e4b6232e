"""Attendance reports imported by the worker, with their progress on the organizer's page.

Why not in the request: a report of 60,000 rows took 40 seconds to read and apply,
a request held all that time (and cut off by the server's timeout before the end).
Now the request only checks the file's shape and counts its participant rows
(refusing a file past ``ATTENDANCE_IMPORT_MAX_ROWS``, with the limit named), stores
it in an ``AttendanceImport`` row, commits and wakes a worker; the page shows the
import's progress until it is done. The work lives in the database, as for
follow-ups: the minute-by-minute sweep runs the same job if the wake-up is lost,
and an import whose worker stopped (no sign of life for
``ATTENDANCE_IMPORT_CLAIM_SECONDS``) is taken again by another, at most
``MAX_ATTEMPTS`` times.

The worker reads the file first, committing its progress every few thousand rows,
then applies the whole report in ONE transaction (``attendance.import_report``):
a report that fails midway, an unreadable row or a database error, leaves nothing
half-applied, and the import says why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale, format_number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import undefer

from webinars import clock
from webinars.accounts.models import User
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration import attendance
from webinars.registration.attendance_reports import TEAMS, ReportUnreadable, participants_table, read_report
from webinars.registration.models import AttendanceImport, ImportStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # a file that stops the worker each time (memory, say) is not taken forever


def max_rows() -> int:
    return int(current_app.config["ATTENDANCE_IMPORT_MAX_ROWS"])


def claim_timeout() -> timedelta:
    return timedelta(seconds=float(current_app.config["ATTENDANCE_IMPORT_CLAIM_SECONDS"]))


# --- The request -------------------------------------------------------------------------


def queue_import(
    webinar: Webinar, organizer: User | None, filename: str, content: bytes, language: str
) -> AttendanceImport:
    """Keep the uploaded report for the worker; raises ``ReportUnreadable`` (or ``ReportTooLarge``)
    when the file has no participants table, cannot be read as a table, or has too many rows.
    ``organizer``: None when the report comes through the API with a token made from the command line."""
    table = participants_table(content, max_rows())
    queued = AttendanceImport(
        webinar_id=webinar.id,
        requested_by_user_id=organizer.id if organizer is not None else None,
        language=language,
        filename=(filename or "report.csv")[:255],
        content=content,
        status=ImportStatus.QUEUED,
        rows_total=len(table.rows),
        rows_read=0,
        attempts=0,
    )
    db.session.add(queued)
    db.session.flush()
    return queued


def wake_worker() -> None:
    """After the upload is committed, ask a worker to start now rather than at the next sweep."""
    try:
        current_app.extensions["wake_attendance_imports"]()
    except Exception:  # the queue is down: the periodic sweep imports it
        log.warning("Could not wake the worker for an attendance import; the periodic sweep will run it", exc_info=True)


def latest_import(webinar: Webinar) -> AttendanceImport | None:
    """The webinar's newest import, for its progress or result (without the file)."""
    return db.session.scalar(
        select(AttendanceImport)
        .where(AttendanceImport.webinar_id == webinar.id)
        .order_by(AttendanceImport.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class ImportProgress:
    finished: bool
    failed: bool
    message: str


def progress_of(queued: AttendanceImport) -> ImportProgress:
    """What the page says about an import, in the current language."""
    if queued.status is ImportStatus.DONE:
        platform = "Microsoft Teams" if queued.platform == TEAMS else "Zoom"
        matched, unmatched = queued.matched or 0, queued.unmatched or 0
        imported = ngettext(
            "%(platform)s report imported: %(count)s registrant marked as attended",
            "%(platform)s report imported: %(count)s registrants marked as attended",
            matched,
            platform=platform,
            count=format_number(matched),
        )
        to_resolve = ngettext(
            "%(count)s person to resolve below.",
            "%(count)s people to resolve below.",
            unmatched,
            count=format_number(unmatched),
        )
        return ImportProgress(True, False, _("%(imported)s, %(to_resolve)s", imported=imported, to_resolve=to_resolve))
    if queued.status is ImportStatus.FAILED:
        return ImportProgress(
            True,
            True,
            _(
                "The import of %(file)s stopped, and nothing of it was applied: %(reason)s",
                file=queued.filename,
                reason=queued.error or "",
            ),
        )
    if queued.status is ImportStatus.QUEUED:
        return ImportProgress(
            False, False, _("%(file)s is waiting for the worker (%(rows)s rows).", file=queued.filename, rows=format_number(queued.rows_total))
        )
    if queued.rows_read < queued.rows_total:
        return ImportProgress(
            False,
            False,
            _(
                "Importing %(file)s: %(read)s of %(rows)s rows read.",
                file=queued.filename,
                read=format_number(queued.rows_read),
                rows=format_number(queued.rows_total),
            ),
        )
    return ImportProgress(
        False, False, _("Importing %(file)s: every row read, saving the attendance.", file=queued.filename)
    )


# --- The worker ----------------------------------------------------------------------------


def run_queued_imports() -> int:
    """The worker's job: import every waiting report, oldest first. Returns how many ran. Commits."""
    count = 0
    while (import_id := _claim_next()) is not None:
        _run(import_id)
        count += 1
    return count


def _claimable():
    stale = clock.now() - claim_timeout()
    return or_(
        AttendanceImport.status == ImportStatus.QUEUED,
        and_(AttendanceImport.status == ImportStatus.RUNNING, AttendanceImport.claimed_at < stale),
    )


def _claim_next() -> int | None:
    """Take one import for this worker, with an update that only one worker's can win."""
    candidates = db.session.scalars(
        select(AttendanceImport.id).where(_claimable()).order_by(AttendanceImport.id).limit(10)
    ).all()
    db.session.commit()
    for import_id in candidates:
        claimed = db.session.execute(
            update(AttendanceImport)
            .where(AttendanceImport.id == import_id, _claimable())
            .values(
                status=ImportStatus.RUNNING,
                claimed_at=clock.now(),
                attempts=AttendanceImport.attempts + 1,
                rows_read=0,
            )
        ).rowcount
        db.session.commit()
        if claimed == 1:
            return import_id
    return None


def _run(import_id: int) -> None:
    queued = db.session.get(
        AttendanceImport, import_id, options=[undefer(AttendanceImport.content)], populate_existing=True
    )
    with force_locale(queued.language):
        if queued.attempts > MAX_ATTEMPTS:
            _fail(import_id, _("the import was started %(count)s times without finishing.", count=MAX_ATTEMPTS))
            return
        webinar = db.session.get(Webinar, queued.webinar_id)
        content = queued.content or b""
        try:
            report = read_report(
                content,
                webinar.timezone,
                near=webinar.starts_at,
                max_rows=max_rows(),
                progress=lambda rows: _record_progress(import_id, rows),
            )
            result = attendance.import_report(webinar, report)
            db.session.execute(
                update(AttendanceImport)
                .where(AttendanceImport.id == import_id)
                .values(
                    status=ImportStatus.DONE,
                    rows_read=AttendanceImport.rows_total,
                    platform=result.platform,
                    matched=result.matched,
                    unmatched=result.unmatched,
                    content=None,
                    finished_at=clock.now(),
                )
            )
            db.session.commit()
        except ReportUnreadable as error:
            db.session.rollback()
            _fail(import_id, error.message)
        except Exception:
            log.exception("Attendance import %s failed", import_id)
            db.session.rollback()
            _fail(import_id, _("an unexpected error stopped it (it is logged for the administrator). Try again later."))


def _record_progress(import_id: int, rows_read: int) -> None:
    """Reading has no other write to commit: the progress and the sign of life go at once."""
    db.session.execute(
        update(AttendanceImport)
        .where(AttendanceImport.id == import_id)
        .values(rows_read=rows_read, claimed_at=clock.now())
    )
    db.session.commit()


def _fail(import_id: int, reason: str) -> None:
    db.session.execute(
        update(AttendanceImport)
        .where(AttendanceImport.id == import_id)
        .values(status=ImportStatus.FAILED, error=reason, content=None, finished_at=clock.now())
    )
    db.session.commit()
