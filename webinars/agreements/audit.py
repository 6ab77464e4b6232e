"""The audit trail of an agreement: append-only events chained by SHA-256, and their verification.

Each event's hash covers its own fields and the previous event's hash, so
changing any stored field of an event, or deleting or reordering events,
breaks the chain from that point on. The agreement keeps the newest hash
(``audit_head``), which shows events cut off the end. The verification also
holds the other rows up against the trail: the frozen document, every
signature and refusal, and the final PDF must match what the trail recorded.

This is tamper-evidence, not tamper-proofing: someone able to rewrite the
database could recompute every hash. The PDF each party received (with the
document's hash and the trail) is the copy outside the database's reach.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from webinars.accounts.models import User
from webinars.agreements.documents import document_sha256
from webinars.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementStatus,
    AuditKind,
    Signatory,
    SignatoryState,
)
from webinars.extensions import db

GENESIS = "0" * 64


def organizer_actor(user: User) -> str:
    """Who did a step, as the trail names an organizer."""
    return f"{user.full_name} <{user.email}>"


def signer_actor(signatory: Signatory) -> str:
    """Who did a step, as the trail names a signatory."""
    return f"{signatory.full_name} <{signatory.email}>"


def canonical_json(value) -> str:
    """One spelling for one value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def timestamp(moment: datetime | None) -> str | None:
    """An instant as UTC ISO 8601 with microseconds, the same on every database."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256_hex(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def event_hash(
    *,
    agreement_id: int,
    sequence: int,
    kind: str,
    occurred_at: datetime,
    actor: str,
    signatory_id: int | None,
    details: str,
    previous_hash: str,
) -> str:
    serialization = canonical_json(
        {
            "agreement_id": agreement_id,
            "sequence": sequence,
            "kind": str(kind),
            "occurred_at": timestamp(occurred_at),
            "actor": actor,
            "signatory_id": signatory_id,
            "details": details,
            "previous_hash": previous_hash,
        }
    )
    return hashlib.sha256(serialization.encode("utf-8")).hexdigest()


def hash_of(event: AgreementEvent) -> str:
    return event_hash(
        agreement_id=event.agreement_id,
        sequence=event.sequence,
        kind=event.kind,
        occurred_at=event.occurred_at,
        actor=event.actor,
        signatory_id=event.signatory_id,
        details=event.details,
        previous_hash=event.previous_hash,
    )


def append_event(
    agreement: Agreement,
    kind: AuditKind,
    *,
    actor: str,
    occurred_at: datetime,
    details: dict,
    signatory: Signatory | None = None,
) -> AgreementEvent:
    """Add the next event of the agreement's trail (the agreement must have an id)."""
    lock_trail(agreement.id)
    previous = db.session.scalar(
        select(AgreementEvent)
        .where(AgreementEvent.agreement_id == agreement.id)
        .order_by(AgreementEvent.sequence.desc())
        .limit(1)
    )
    event = AgreementEvent(
        agreement_id=agreement.id,
        sequence=previous.sequence + 1 if previous else 1,
        kind=kind,
        occurred_at=occurred_at,
        actor=actor,
        signatory_id=signatory.id if signatory is not None else None,
        details=canonical_json(details),
        previous_hash=previous.hash if previous else GENESIS,
    )
    event.hash = hash_of(event)
    agreement.events.append(event)
    agreement.audit_head = event.hash
    db.session.flush()
    return event


def lock_trail(agreement_id: int) -> None:
    """Hold the agreement's lock until the transaction ends: two events never take the same place.

    PostgreSQL: ``SELECT ... FOR UPDATE`` on the agreement's row. SQLite: ``BEGIN IMMEDIATE``
    takes the database's write lock before the last event is read (as in ``webinars.locks``);
    a transaction that has already written holds that lock.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")
        return
    db.session.execute(select(Agreement.id).where(Agreement.id == agreement_id).with_for_update())


def details_of(event: AgreementEvent) -> dict:
    try:
        value = json.loads(event.details)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- what the trail says about the other rows --------------------------------------


def signatory_facts(signatory: Signatory) -> dict:
    """Who signs for whom, as recorded when the agreement is created and sent."""
    return {
        "signatory_id": signatory.id,
        "party": signatory.party_name,
        "full_name": signatory.full_name,
        "position": signatory.position,
        "email": signatory.email,
    }


def answer_facts(signatory: Signatory) -> dict:
    """A signature or a refusal, as recorded in its event and checked against the row."""
    return {
        "signatory_id": signatory.id,
        "state": str(signatory.state),
        "answered_at": timestamp(signatory.answered_at),
        "typed_name": signatory.typed_name,
        "signature_png_sha256": sha256_hex(signatory.signature_png),
        "decline_reason": signatory.decline_reason,
        "ip_address": signatory.ip_address,
        "user_agent": signatory.user_agent,
        "document_sha256": signatory.answered_document_sha256,
    }


# --- verification -------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    agreement_id: int
    message: str


def verify_all(agreement_id: int | None = None) -> tuple[int, list[Finding]]:
    """Check every agreement (or one); returns how many were checked and what was found wrong."""
    query = (
        select(Agreement)
        .options(
            selectinload(Agreement.events),
            selectinload(Agreement.signatories).options(undefer(Signatory.signature_png)),
            undefer(Agreement.pdf),
        )
        .order_by(Agreement.id)
    )
    if agreement_id is not None:
        query = query.where(Agreement.id == agreement_id)
    agreements = list(db.session.scalars(query))
    findings: list[Finding] = []
    for agreement in agreements:
        findings += [Finding(agreement.id, message) for message in verify_agreement(agreement)]
    return len(agreements), findings


def verify_agreement(agreement: Agreement) -> list[str]:
    problems = _verify_chain(agreement)
    events_by_kind: dict[AuditKind, list[AgreementEvent]] = {}
    for event in agreement.events:
        events_by_kind.setdefault(event.kind, []).append(event)
    problems += _verify_document(agreement, events_by_kind.get(AuditKind.SENT, []))
    problems += _verify_answers(agreement, events_by_kind)
    problems += _verify_outcome(agreement, events_by_kind)
    return problems


def _verify_chain(agreement: Agreement) -> list[str]:
    problems: list[str] = []
    previous_hash = GENESIS
    for expected_sequence, event in enumerate(agreement.events, start=1):
        if event.sequence != expected_sequence:
            problems.append(
                _("event %(expected)s is missing or out of order (found event %(found)s in its place)",
                  expected=expected_sequence, found=event.sequence)
            )
        if event.previous_hash != previous_hash:
            problems.append(
                _("event %(sequence)s (%(kind)s) does not follow the event before it: an event was deleted or changed",
                  sequence=event.sequence, kind=event.kind.value)
            )
        if hash_of(event) != event.hash:
            problems.append(
                _("event %(sequence)s (%(kind)s) was altered: its content no longer matches its hash",
                  sequence=event.sequence, kind=event.kind.value)
            )
        previous_hash = event.hash
    head = agreement.events[-1].hash if agreement.events else None
    if not agreement.events:
        problems.append(_("the audit trail is empty"))
    elif agreement.audit_head != head:
        problems.append(_("the newest events of the audit trail were deleted (the trail's head hash differs)"))
    return problems


def _verify_document(agreement: Agreement, sent_events: list[AgreementEvent]) -> list[str]:
    if agreement.status is AgreementStatus.DRAFT or (agreement.status is AgreementStatus.WITHDRAWN and not sent_events):
        if agreement.body is not None or agreement.document_sha256 is not None:
            return [_("a document is stored although the audit trail never recorded it as sent")]
        return []
    if len(sent_events) != 1:
        return [_("the audit trail has %(count)s “sent” events instead of one", count=len(sent_events))]
    problems = []
    recorded = details_of(sent_events[0])
    if agreement.title is None or agreement.body is None:
        return [_("the frozen document is missing")]
    actual = document_sha256(agreement.title, agreement.body)
    if actual != agreement.document_sha256 or actual != recorded.get("document_sha256"):
        problems.append(_("the frozen document was altered: its SHA-256 no longer matches the one recorded when it was sent"))
    recorded_signatories = recorded.get("signatories")
    if recorded_signatories != [signatory_facts(s) for s in agreement.signatories]:
        problems.append(_("the signatories differ from those recorded when the agreement was sent"))
    return problems


def _verify_answers(agreement: Agreement, events_by_kind: dict[AuditKind, list[AgreementEvent]]) -> list[str]:
    problems = []
    answers = {
        event.signatory_id: event
        for kind in (AuditKind.SIGNED, AuditKind.DECLINED)
        for event in events_by_kind.get(kind, [])
    }
    answer_count = len(events_by_kind.get(AuditKind.SIGNED, [])) + len(events_by_kind.get(AuditKind.DECLINED, []))
    if answer_count != len(answers):
        problems.append(_("a signatory has more than one answer in the audit trail"))
    known_ids = {s.id for s in agreement.signatories}
    for signatory_id in set(answers) - known_ids:
        problems.append(_("the answer of signatory #%(id)s is in the audit trail but its row was deleted", id=signatory_id))
    for signatory in agreement.signatories:
        event = answers.get(signatory.id)
        if event is None:
            if signatory.has_answered or signatory.answered_at is not None:
                problems.append(
                    _("the answer of %(name)s is stored but not in the audit trail", name=signatory.full_name)
                )
            continue
        expected_kind = AuditKind.SIGNED if signatory.state is SignatoryState.SIGNED else AuditKind.DECLINED
        if event.kind is not expected_kind or details_of(event) != answer_facts(signatory):
            problems.append(
                _("the %(kind)s record of %(name)s was altered: it no longer matches the audit trail",
                  kind=event.kind.value, name=signatory.full_name)
            )
    return problems


def _verify_outcome(agreement: Agreement, events_by_kind: dict[AuditKind, list[AgreementEvent]]) -> list[str]:
    problems = []
    completed = events_by_kind.get(AuditKind.COMPLETED, [])
    if (agreement.status is AgreementStatus.COMPLETED) != bool(completed):
        problems.append(_("the agreement's status (%(status)s) does not match its audit trail", status=agreement.status.value))
    if completed:
        recorded = details_of(completed[-1])
        actual = sha256_hex(agreement.pdf)
        if actual is None or actual != agreement.pdf_sha256 or actual != recorded.get("pdf_sha256"):
            problems.append(_("the signed PDF was altered or replaced: its SHA-256 does not match the audit trail"))
        if agreement.verification_code != recorded.get("verification_code"):
            problems.append(_("the verification code was changed"))
        if any(s.state is not SignatoryState.SIGNED for s in agreement.signatories):
            problems.append(_("the agreement is complete but not every party's signature is stored"))
    withdrawn = bool(events_by_kind.get(AuditKind.WITHDRAWN))
    if (agreement.status is AgreementStatus.WITHDRAWN) != withdrawn:
        problems.append(_("the agreement's status (%(status)s) does not match its audit trail", status=agreement.status.value))
    return problems
