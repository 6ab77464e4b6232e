"""Sending agreements: freezing the document, e-mailing each signatory a personal link, reminding
those who have not answered, and withdrawing.

Functions flush and never commit; every step is appended to the audit trail.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from webinars import clock
from webinars.agreements import documents, notifications
from webinars.agreements.audit import append_event, signatory_facts
from webinars.agreements.drafting import signatory_for_person
from webinars.agreements.errors import MissingEmail, WrongStatus
from webinars.agreements.lookup import agreements_of
from webinars.agreements.models import Agreement, AgreementKind, AgreementStatus, AuditKind, Signatory
from webinars.agreements.rendering import render_document
from webinars.events.models import Webinar
from webinars.personal_links import service as personal_links


def send_agreement(
    agreement: Agreement, actor: str, *, now: datetime | None = None, notify: bool = True
) -> dict[int, str]:
    """Freeze the document and give each signatory a link; returns the links' tokens by signatory id."""
    if agreement.status is not AgreementStatus.DRAFT:
        raise WrongStatus(_("Only a draft can be sent."))
    now = now or clock.now()
    if agreement.kind is AgreementKind.RELEASE and agreement.person is not None:
        _refresh_release_signer(agreement)
    title, body = render_document(agreement)
    agreement.title, agreement.body = title, body
    agreement.document_sha256 = documents.document_sha256(title, body)
    agreement.sent_at = now
    agreement.status = AgreementStatus.SENT
    tokens = {signatory.id: _new_link(signatory, now) for signatory in agreement.signatories}
    append_event(
        agreement,
        AuditKind.SENT,
        actor=actor,
        occurred_at=now,
        details={
            "title": title,
            "document_sha256": agreement.document_sha256,
            "signatories": [signatory_facts(s) for s in agreement.signatories],
        },
    )
    if notify:
        for signatory in agreement.signatories:
            notifications.send_signing_request(signatory, tokens[signatory.id])
    return tokens


def _refresh_release_signer(agreement: Agreement) -> None:
    """A release goes to the person as they are now in the library."""
    person = agreement.person
    if not person.email:
        raise MissingEmail(_("%(name)s has no e-mail address any more.", name=person.full_name))
    fresh = signatory_for_person(person)
    signer = agreement.signatories[0]
    signer.party_name, signer.full_name, signer.position, signer.email = (
        fresh.party_name, fresh.full_name, fresh.position, fresh.email,
    )


def _new_link(signatory: Signatory, now: datetime) -> str:
    """Another signing link; the ones mailed before keep working until revoked on purpose."""
    signatory.last_sent_at = now
    return personal_links.issue(signatory)


def send_drafts(webinar: Webinar, actor: str, *, now: datetime | None = None) -> int:
    drafts = [a for a in agreements_of(webinar) if a.is_draft]
    for agreement in drafts:
        send_agreement(agreement, actor, now=now)
    return len(drafts)


def remind_pending(agreement: Agreement, actor: str, *, now: datetime | None = None) -> int:
    """A new link, by e-mail, to each signatory who has not answered yet."""
    if not agreement.is_open_for_signature:
        raise WrongStatus(_("Only an agreement waiting for signatures can be reminded."))
    pending = agreement.pending_signatories
    for signatory in pending:
        _remind(signatory, actor, now or clock.now())
    return len(pending)


def resend_link(
    signatory: Signatory, actor: str, *, revoke_earlier: bool = False, now: datetime | None = None
) -> None:
    """A new link by e-mail; ``revoke_earlier`` also ends every link sent before (a forwarded
    or mistyped e-mail), which the audit trail records."""
    if not signatory.agreement.is_open_for_signature or signatory.has_answered:
        raise WrongStatus(_("This signatory has nothing left to sign."))
    _remind(signatory, actor, now or clock.now(), revoke_earlier=revoke_earlier)


def _remind(signatory: Signatory, actor: str, now: datetime, *, revoke_earlier: bool = False) -> None:
    details: dict = {"email": signatory.email}
    if revoke_earlier:
        details["earlier_links_revoked"] = personal_links.revoke_all(signatory, now)
    token = _new_link(signatory, now)
    append_event(
        signatory.agreement,
        AuditKind.REMINDED,
        actor=actor,
        occurred_at=now,
        signatory=signatory,
        details=details,
    )
    notifications.send_signing_request(signatory, token, reminder=True)


def withdraw(agreement: Agreement, actor: str, reason: str | None, *, now: datetime | None = None) -> None:
    if not agreement.can_be_withdrawn:
        raise WrongStatus(_("A signed, declined or withdrawn agreement cannot be withdrawn."))
    now = now or clock.now()
    was_sent = agreement.is_open_for_signature
    agreement.status = AgreementStatus.WITHDRAWN
    agreement.withdrawn_at = now
    append_event(
        agreement, AuditKind.WITHDRAWN, actor=actor, occurred_at=now, details={"reason": (reason or "").strip() or None}
    )
    if was_sent:
        for signatory in agreement.pending_signatories:
            notifications.send_withdrawn(signatory)
