"""The daily retention job: personal data kept only as long as the privacy notice promises.

Each organization keeps its registrants' data ``retention_months`` after a webinar ends
(12 by default). Once a webinar is past that, the job freezes its summary's figures
(summaries/frozen.py), then erases what the declarations say (registry.py): registrations
anonymized, answers, links, e-mails, reminders, follow-ups and report rows deleted. Rows
of the organization that are not a webinar's (invitations, speakers' contact details,
e-mails of the team) go by their own rule, and so do expired password resets.

It runs from every worker's minute-by-minute sweep, but only once per
``RETENTION_JOB_INTERVAL_MINUTES``: a worker runs it only after claiming the one row of
``retention_runs`` with an atomic UPDATE, so several workers do not run it together.
Each webinar is handled under its lock and in its own transaction, and everything it
does is idempotent: a run cut short is finished by the next one, and a second run
finds nothing left to do. ``webinars privacy apply-retention`` runs it at once.
"""

from __future__ import annotations

import calendar
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from webinars import clock
from webinars.accounts.models import Organization
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.locks import lock_webinar
from webinars.privacy import registry
from webinars.privacy.erasure import ErasureCounts, after_bulk_changes, erase, erase_webinar
from webinars.privacy.models import RetentionRun
from webinars.registration.models import Registration
from webinars.summaries.frozen import freeze_figures

log = logging.getLogger(__name__)

RUN_ROW = 1


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` months earlier (the month's last day when it is shorter)."""
    return _shift_months(moment, -months)


def anonymization_date(ends_at: datetime, months: int) -> datetime:
    """When a webinar ending at ``ends_at`` is past a retention period of ``months``."""
    return _shift_months(ends_at, months)


def _shift_months(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.month - 1 + months, 12)
    year += moment.year
    month += 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@dataclass
class RetentionReport:
    webinars: int = 0  # webinars whose registrants' data was erased in this run
    counts: ErasureCounts = field(default_factory=ErasureCounts)

    @property
    def rows(self) -> Counter:
        return self.counts.erased


def apply_retention(now: datetime | None = None) -> RetentionReport:
    """Erase whatever is past its retention period now. Commits per webinar and per organization."""
    now = now or clock.now()
    report = RetentionReport()
    organizations = db.session.execute(select(Organization.id, Organization.retention_months).order_by(Organization.id)).all()
    for organization_id, months in organizations:
        cutoff = months_before(now, months)
        for webinar_id in _webinars_past(organization_id, cutoff):
            counts = _retire_webinar(webinar_id, cutoff, now)
            db.session.commit()
            if counts is not None:
                report.webinars += 1
                report.counts.add(counts)

        def organization_rows(declaration, table, organization_id=organization_id, cutoff=cutoff):
            if declaration.past_retention is not None:
                yield declaration.past_retention(organization_id, cutoff)

        report.counts.add(_erase_and_commit(organization_rows, now))

    def expired_rows(declaration, table):
        if declaration.expired is not None:
            yield declaration.expired(now)

    report.counts.add(_erase_and_commit(expired_rows, now))
    return report


def _erase_and_commit(reach, now: datetime) -> ErasureCounts:
    counts = erase(reach, now)
    after_bulk_changes(())
    db.session.commit()
    return ErasureCounts(erased=counts.erased)  # legal records are not the retention's business


def _webinars_past(organization_id: int, cutoff: datetime) -> list[int]:
    """The organization's webinars that ended before ``cutoff`` and still have rows to erase."""
    leftovers = []
    for declaration in registry.erased():
        if declaration.webinar_column is None:
            continue
        table = db.metadata.tables[declaration.table]
        conditions = [table.c[declaration.webinar_column] == Webinar.id]
        if declaration.still_personal is not None:
            conditions.append(declaration.still_personal())
        if declaration.erasable is not None:
            conditions.append(declaration.erasable())
        leftovers.append(exists().where(*conditions))
    return list(
        db.session.scalars(
            select(Webinar.id)
            .where(Webinar.organization_id == organization_id, Webinar.ends_at < cutoff, or_(*leftovers))
            .order_by(Webinar.ends_at, Webinar.id)
        )
    )


def _retire_webinar(webinar_id: int, cutoff: datetime, now: datetime) -> ErasureCounts | None:
    """Freeze the webinar's figures, then erase its registrants' data and its other rows."""
    lock_webinar(webinar_id)
    webinar = db.session.get(Webinar, webinar_id, populate_existing=True)
    if webinar is None or webinar.ends_at >= cutoff:
        return None  # deleted or moved meanwhile
    still_named = select(Registration.id).where(
        Registration.webinar_id == webinar_id, Registration.anonymized_at.is_(None)
    )
    if db.session.scalar(select(still_named.exists())):
        freeze_figures(webinar, now)
    return ErasureCounts(erased=erase_webinar(webinar_id, now).erased)


# --- Once a day, from the workers' sweep -----------------------------------------------------------


def interval() -> timedelta:
    return timedelta(minutes=current_app.config["RETENTION_JOB_INTERVAL_MINUTES"])


def claim_run(now: datetime) -> bool:
    """Whether this process runs the job now: true for one process per interval, whatever the number of workers."""
    _ensure_run_row()
    table = RetentionRun.__table__
    claimed = db.session.execute(
        update(table)
        .where(table.c.id == RUN_ROW, or_(table.c.started_at.is_(None), table.c.started_at <= now - interval()))
        .values(started_at=now)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _ensure_run_row() -> None:
    if db.session.get(RetentionRun, RUN_ROW) is None:
        dialect = db.session.connection().dialect.name
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(RetentionRun.__table__)
        db.session.execute(insert.values(id=RUN_ROW).on_conflict_do_nothing(index_elements=["id"]))


def run_retention_now() -> RetentionReport:
    """``webinars privacy apply-retention``: the job at once, whenever it last ran."""
    now = clock.now()
    _ensure_run_row()
    table = RetentionRun.__table__
    db.session.execute(update(table).where(table.c.id == RUN_ROW).values(started_at=now))
    db.session.commit()
    report = apply_retention(now)
    record_run(report, clock.now())
    return report


def run_retention_if_due() -> RetentionReport | None:
    """The sweep's job: the retention job, if no worker ran it within the interval. Never raises:
    a failure is logged and the rest of the sweep (mail, reminders) goes on."""
    try:
        now = clock.now()
        if not claim_run(now):
            return None
        report = apply_retention(now)
        record_run(report, clock.now())
        return report
    except Exception:
        db.session.rollback()
        log.exception("The retention job failed; it runs again at the next interval")
        return None


def record_run(report: RetentionReport, finished_at: datetime) -> None:
    table = RetentionRun.__table__
    db.session.execute(
        update(table)
        .where(table.c.id == RUN_ROW)
        .values(finished_at=finished_at, report=json.dumps({"webinars": report.webinars, **report.rows}, sort_keys=True))
    )
    db.session.commit()


def last_run() -> RetentionRun | None:
    return db.session.get(RetentionRun, RUN_ROW)
