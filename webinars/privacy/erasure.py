"""Erasing personal data as the declarations say (registry.py): anonymized or deleted, table by table.

Three callers reach rows in their own way and share ``erase``: the retention job (a webinar's
registrations and other rows, an organization's rows past the period), the registrant's "delete my
registration and data" (their registration), and an owner's erasure of an address across the
organization's webinars. Each statement is one UPDATE or DELETE per table, whatever the number of
rows, so a webinar of 100,000 registrants is anonymized in a dozen statements.

Functions flush but never commit: the view, the command or the job owns the transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import ColumnElement, Table, delete, func, or_, select, update

from webinars.accounts.models import Organization, User
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.privacy import registry
from webinars.privacy.models import ErasureRecord, ErasureRequester
from webinars.privacy.declarations import Declaration, Handling
from webinars.privacy.rows import RegistrationIds, in_ids
from webinars.registration import seats
from webinars.registration import service as registrations
from webinars.registration.models import Registration
from webinars.registration.tallies import recount

# The rows of a table an erasure reaches: a list of conditions, any of which selects a row.
Reach = Callable[[Declaration, Table], Iterable[ColumnElement[bool] | None]]


@dataclass
class ErasureCounts:
    """Rows erased (anonymized or deleted) and rows kept as legal records, per table."""

    erased: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)

    def add(self, other: ErasureCounts) -> None:
        self.erased.update(other.erased)
        self.kept.update(other.kept)

    @property
    def total(self) -> int:
        return sum(self.erased.values())


def erase(reach: Reach, now: datetime, *, dry_run: bool = False) -> ErasureCounts:
    """Anonymize or delete, in the declarations' order, the rows ``reach`` selects in each table;
    count (``dry_run``: only count) them, and count the legal records it selects, which are kept."""
    db.session.flush()  # statements below bypass the session: it must hold nothing unwritten
    counts = ErasureCounts()
    for declaration in registry.DECLARATIONS:
        if not (declaration.handling.is_erased or declaration.handling is Handling.LEGAL_RECORD):
            continue
        table = db.metadata.tables[declaration.table]
        conditions = [condition for condition in reach(declaration, table) if condition is not None]
        if not conditions:
            continue
        where = [or_(*conditions)]
        if declaration.erasable is not None:
            where.append(declaration.erasable())
        if declaration.still_personal is not None:
            where.append(declaration.still_personal())
        if dry_run or declaration.handling is Handling.LEGAL_RECORD:
            rows = db.session.scalar(select(func.count()).select_from(table).where(*where))
        elif declaration.handling is Handling.DELETED:
            rows = db.session.execute(delete(table).where(*where)).rowcount
        else:
            rows = db.session.execute(update(table).where(*where).values(declaration.anonymized_values(now))).rowcount
        if rows:
            (counts.kept if declaration.handling is Handling.LEGAL_RECORD else counts.erased)[declaration.table] += rows
    return counts


def erase_registrations(ids: RegistrationIds, now: datetime) -> ErasureCounts:
    """Erase what is held about these registrations. The registrations stay, anonymous, with their state."""
    webinar_ids = set(
        db.session.scalars(select(Registration.webinar_id).where(Registration.id.in_(in_ids(ids))).distinct())
    )

    def reach(declaration: Declaration, table: Table):
        if declaration.about_registrations is not None:
            yield declaration.about_registrations(ids)

    counts = erase(reach, now)
    after_bulk_changes(webinar_ids)
    return counts


def erase_webinar(webinar_id: int, now: datetime) -> ErasureCounts:
    """Erase what is held about the webinar's registrants: its retention period is over.

    A table that names the webinar is reached through that column (one indexed condition, rather
    than matching each row against 100,000 registrations); the others through its registrations.
    """
    every_registration = select(Registration.id).where(Registration.webinar_id == webinar_id)

    def reach(declaration: Declaration, table: Table):
        of_webinar = declaration.rows_of_webinar(webinar_id, table)
        if of_webinar is not None:
            yield of_webinar
        elif declaration.about_registrations is not None:
            yield declaration.about_registrations(every_registration)

    counts = erase(reach, now)
    after_bulk_changes([webinar_id])
    return counts


def after_bulk_changes(webinar_ids: Iterable[int]) -> None:
    """The statements went around the session: objects it holds are read again, and the tallies
    move their version on (cached summary figures counted the erased data)."""
    webinar_ids = sorted(set(webinar_ids))
    if webinar_ids:
        recount(webinar_ids)
    db.session.expire_all()


# --- The registrant's deletion -----------------------------------------------------------------


def delete_registrant_data(registration: Registration, now: datetime) -> ErasureRecord:
    """The registrant's "delete my registration and data", final. A seat they hold or wait for in a
    webinar still to come is freed first (the waitlist moves up as after a cancellation); they are
    sent nothing, and whatever was still queued for them is dropped."""
    webinar = registration.webinar
    address = registration.email
    _free_seats([registration], now)
    counts = erase_registrations([registration.id], now)
    return _record(webinar.organization_id, ErasureRequester.REGISTRANT, None, address, counts, now)


def _free_seats(found: list[Registration], now: datetime) -> None:
    """Cancel, without telling them, the registrations that still hold or wait for a seat of a webinar
    to come, in the webinars' order (each takes its webinar's lock)."""
    for registration in sorted(found, key=lambda each: (each.webinar_id, each.id)):
        webinar = registration.webinar
        if registration.state in registrations.ACTIVE_STATES and not webinar.is_cancelled and webinar.ends_at > now:
            seats.cancel_registration(registration, notify=False)


# --- An owner's erasure of an address ------------------------------------------------------------


def normalized_address(address: str) -> str:
    return address.strip().lower()


def address_digest(address: str) -> str:
    """A keyed hash of the address: the audit can recognize it, not reveal it."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, b"personal-data-erasure\x00" + normalized_address(address).encode("utf-8"), hashlib.sha256).hexdigest()


def _registrations_of(organization: Organization, address: str) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .join(Webinar, Webinar.id == Registration.webinar_id)
            .where(Webinar.organization_id == organization.id, Registration.email == address)
            .order_by(Registration.webinar_id, Registration.id)
        )
    )


def _address_reach(organization: Organization, address: str, ids: list[int]) -> Reach:
    def reach(declaration: Declaration, table: Table):
        if declaration.about_registrations is not None and ids:
            yield declaration.about_registrations(ids)
        if declaration.about_address is not None:
            yield declaration.about_address(organization.id, address)

    return reach


def preview_address_erasure(organization: Organization, address: str, now: datetime) -> ErasureCounts:
    """What ``erase_address`` would erase and keep, without changing anything."""
    address = normalized_address(address)
    ids = [registration.id for registration in _registrations_of(organization, address)]
    return erase(_address_reach(organization, address, ids), now, dry_run=True)


def erase_address(organization: Organization, address: str, owner: User, now: datetime) -> ErasureRecord:
    """Erase everything the organization holds about ``address``: its registrations to every webinar
    (seats freed, nothing sent), the e-mails sent to it, attendance report rows, invitations and speaker
    profiles. Signed agreements are kept (legal records). Returns the audit entry."""
    address = normalized_address(address)
    found = _registrations_of(organization, address)
    _free_seats(found, now)
    ids = [registration.id for registration in found]
    counts = erase(_address_reach(organization, address, ids), now)
    after_bulk_changes(registration.webinar_id for registration in found)
    return _record(organization.id, ErasureRequester.OWNER, owner, address, counts, now)


def _record(
    organization_id: int, requested_by: ErasureRequester, user: User | None, address: str, counts: ErasureCounts, now: datetime
) -> ErasureRecord:
    record = ErasureRecord(
        organization_id=organization_id,
        requested_by=requested_by,
        user_id=user.id if user else None,
        user_name=user.full_name if user else None,
        erased_at=now,
        address_digest=address_digest(address),
        erased_rows=json.dumps(dict(counts.erased), sort_keys=True),
        kept_rows=json.dumps(dict(counts.kept), sort_keys=True),
    )
    db.session.add(record)
    db.session.flush()
    return record


def erasures_of(organization: Organization, limit: int = 50) -> list[ErasureRecord]:
    return list(
        db.session.scalars(
            select(ErasureRecord)
            .where(ErasureRecord.organization_id == organization.id)
            .order_by(ErasureRecord.erased_at.desc(), ErasureRecord.id.desc())
            .limit(limit)
        )
    )


def erasures_of_address(organization: Organization, address: str) -> list[ErasureRecord]:
    """The audit entries of this address (found by its keyed hash)."""
    return list(
        db.session.scalars(
            select(ErasureRecord)
            .where(ErasureRecord.organization_id == organization.id, ErasureRecord.address_digest == address_digest(address))
            .order_by(ErasureRecord.erased_at.desc(), ErasureRecord.id.desc())
        )
    )
