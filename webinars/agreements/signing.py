"""A signatory's answer: opening the page, signing or declining; the last signature completes the
agreement (verification code, PDF, e-mails).

Answers to one agreement are serialized; functions flush and never commit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from webinars import clock
from webinars.agreements import notifications
from webinars.agreements.audit import answer_facts, append_event, lock_trail, sha256_hex, signer_actor
from webinars.agreements.errors import AlreadyAnswered, DocumentChanged, NameNotConfirmed, NotOpenForSignature
from webinars.agreements.lookup import unused_verification_code
from webinars.agreements.models import Agreement, AgreementStatus, AuditKind, Signatory, SignatoryState
from webinars.extensions import db
from webinars.webhooks import events as webhooks
from webinars.webhooks.models import EventType


SYSTEM_ACTOR = "Webinars"


@dataclass(frozen=True)
class SignatureDetails:
    typed_name: str
    document_sha256: str  # the hash of the document the page showed
    signature_png: bytes | None
    ip_address: str | None
    user_agent: str | None
    # The signer confirmed a typed name that differs from the name on record ("S. Amrani" for "Sofia Amrani").
    name_confirmed: bool = False


def _comparable_name(name: str) -> str:
    """A name as compared with another: no accents, case, punctuation between words or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def same_name(typed_name: str, name_on_record: str) -> bool:
    """``sofia  AMRANI`` is Sofia Amrani; ``S. Amrani`` is not (the signer must confirm it)."""
    return _comparable_name(typed_name) == _comparable_name(name_on_record)


def check_signable(signatory: Signatory) -> None:
    """Why this signatory cannot answer now, if they cannot."""
    agreement = signatory.agreement
    if signatory.has_answered:
        raise AlreadyAnswered(_("You already answered: this link cannot be used again."))
    if agreement.status is AgreementStatus.WITHDRAWN:
        raise NotOpenForSignature(_("The organizer withdrew this agreement: there is nothing to sign any more."))
    if agreement.status is not AgreementStatus.SENT:
        raise NotOpenForSignature(_("Another party declined this agreement: it can no longer be signed."))


def record_opening(signatory: Signatory, ip_address: str | None, user_agent: str | None, *, now: datetime | None = None) -> None:
    """The first time the signatory opens their page is a step of the trail."""
    if signatory.state is not SignatoryState.PENDING or not signatory.agreement.is_open_for_signature:
        return
    now = now or clock.now()
    signatory.state = SignatoryState.OPENED
    signatory.opened_at = now
    append_event(
        signatory.agreement,
        AuditKind.OPENED,
        actor=signer_actor(signatory),
        occurred_at=now,
        signatory=signatory,
        details={"ip_address": ip_address, "user_agent": _clip(user_agent)},
    )


def sign(
    signatory: Signatory, details: SignatureDetails, *, now: datetime | None = None, notify: bool = True
) -> Agreement:
    """Record the signature; when it is the last one, the agreement is complete and its PDF sent."""
    agreement = _locked(signatory)
    now = now or clock.now()
    check_signable(signatory)
    if details.document_sha256 != agreement.document_sha256:
        raise DocumentChanged(
            _("The document changed since this page was loaded. Nothing was signed: please read it again.")
        )
    typed_name = " ".join(details.typed_name.split())
    if not details.name_confirmed and not same_name(typed_name, signatory.full_name):
        raise NameNotConfirmed(typed_name, signatory.full_name)
    signatory.state = SignatoryState.SIGNED
    signatory.answered_at = now
    signatory.typed_name = typed_name
    signatory.signature_png = details.signature_png
    signatory.ip_address = details.ip_address
    signatory.user_agent = _clip(details.user_agent)
    signatory.answered_document_sha256 = details.document_sha256
    append_event(
        agreement, AuditKind.SIGNED, actor=signer_actor(signatory), occurred_at=now, signatory=signatory,
        details=answer_facts(signatory),
    )
    webhooks.record_agreement(agreement, EventType.AGREEMENT_SIGNED, signatory)
    if all(s.state is SignatoryState.SIGNED for s in agreement.signatories):
        _complete(agreement, now, notify)
    return agreement


def decline(
    signatory: Signatory,
    reason: str,
    document_sha256: str,
    ip_address: str | None,
    user_agent: str | None,
    *,
    now: datetime | None = None,
) -> Agreement:
    agreement = _locked(signatory)
    now = now or clock.now()
    check_signable(signatory)
    signatory.state = SignatoryState.DECLINED
    signatory.answered_at = now
    signatory.decline_reason = reason.strip()
    signatory.ip_address = ip_address
    signatory.user_agent = _clip(user_agent)
    signatory.answered_document_sha256 = document_sha256 if document_sha256 == agreement.document_sha256 else None
    agreement.status = AgreementStatus.DECLINED
    append_event(
        agreement, AuditKind.DECLINED, actor=signer_actor(signatory), occurred_at=now, signatory=signatory,
        details=answer_facts(signatory),
    )
    return agreement


def _locked(signatory: Signatory) -> Agreement:
    """Serialize answers to one agreement (two parties signing at once), then read it afresh."""
    lock_trail(signatory.agreement_id)
    db.session.flush()  # nothing pending is lost when everything is read again
    db.session.expire_all()
    return signatory.agreement


def _clip(user_agent: str | None) -> str | None:
    return user_agent[:500] if user_agent else None


def _complete(agreement: Agreement, now: datetime, notify: bool) -> None:
    from webinars.agreements.pdf import render_agreement_pdf

    agreement.status = AgreementStatus.COMPLETED
    agreement.completed_at = now
    agreement.verification_code = unused_verification_code()
    agreement.pdf = render_agreement_pdf(agreement)
    agreement.pdf_sha256 = sha256_hex(agreement.pdf)
    append_event(
        agreement,
        AuditKind.COMPLETED,
        actor=SYSTEM_ACTOR,
        occurred_at=now,
        details={"pdf_sha256": agreement.pdf_sha256, "verification_code": agreement.verification_code},
    )
    webhooks.record_agreement(agreement, EventType.AGREEMENT_COMPLETED)
    if notify:
        for signatory in agreement.signatories:
            notifications.send_completed(signatory)
