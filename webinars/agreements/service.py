"""Agreements from draft to signed PDF.

A draft's text follows its template and the webinar; sending freezes it (text,
SHA-256, time) and e-mails each signatory a personal link. Every step is
appended to the agreement's audit trail. Functions flush and never commit:
the view, the command or the demo owns the transaction.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import clock
from webinars.accounts.models import User
from webinars.agreements import documents, notifications, placeholders
from webinars.agreements.audit import (
    answer_facts,
    append_event,
    lock_trail,
    sha256_hex,
    signatory_facts,
)
from webinars.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    AuditKind,
    Signatory,
    SignatoryState,
)
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import ParticipationRole, ParticipationStatus, Person
from webinars.personal_links import service as personal_links
from webinars.urls import absolute_url
from webinars.webhooks import events as webhooks
from webinars.webhooks.models import EventType

SYSTEM_ACTOR = "Webinars"
MIN_CONVENTION_PARTIES = 2
MAX_CONVENTION_PARTIES = placeholders.MAX_PARTIES
# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LENGTH = 16  # 80 bits


class AgreementError(Exception):
    """A rule of agreements was not met; ``message`` says it in the user's language."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class TemplateUnavailable(AgreementError):
    pass


class DocumentCannotBeRendered(AgreementError):
    pass


class NotEnoughParties(AgreementError):
    pass


class TooManyParties(AgreementError):
    pass


class WrongStatus(AgreementError):
    pass


class MissingEmail(AgreementError):
    pass


class DocumentChanged(AgreementError):
    """The signer saw another document than the one stored (changed or replaced since)."""


class AlreadyAnswered(AgreementError):
    pass


class NotOpenForSignature(AgreementError):
    """Withdrawn, or declined by another party."""


class NameNotConfirmed(AgreementError):
    """The typed name is not the signatory's name on record, and the signer has not confirmed it."""

    def __init__(self, typed_name: str, name_on_record: str):
        super().__init__(
            _(
                "You typed %(typed)s; the document names %(named)s.",
                typed=typed_name,
                named=name_on_record,
            )
        )
        self.typed_name = typed_name
        self.name_on_record = name_on_record


@dataclass(frozen=True)
class PartyDetails:
    name: str  # the organization
    full_name: str  # its signatory
    position: str | None
    email: str


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


@dataclass(frozen=True)
class ReleaseDrafts:
    created: list[Agreement]
    without_email: list[Person]
    already_covered: list[Person]


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    sha256: str
    frozen: bool


def organizer_actor(user: User) -> str:
    return f"{user.full_name} <{user.email}>"


def signer_actor(signatory: Signatory) -> str:
    return f"{signatory.full_name} <{signatory.email}>"



# --- reading ------------------------------------------------------------------------


def agreements_of(webinar: Webinar) -> list[Agreement]:
    return list(
        db.session.scalars(
            select(Agreement)
            .where(Agreement.webinar_id == webinar.id)
            .options(selectinload(Agreement.signatories))
            .order_by(Agreement.created_at.desc(), Agreement.id.desc())
        )
    )


def signatory_for_token(token: str) -> Signatory | None:
    """The signatory a working (not revoked) signing link leads to."""
    return personal_links.holder_for_token(Signatory, token)


def normalize_code(code: str) -> str | None:
    """'7k3m 9qxa-2brt hw4n' → '7K3M-9QXA-2BRT-HW4N'; ``None`` if it cannot be a code."""
    characters = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(characters) != _CODE_LENGTH or any(ch not in _CODE_ALPHABET for ch in characters):
        return None
    return "-".join(characters[i:i + 4] for i in range(0, _CODE_LENGTH, 4))


def agreement_for_code(code: str) -> Agreement | None:
    normalized = normalize_code(code)
    if normalized is None:
        return None
    return db.session.scalar(
        select(Agreement)
        .where(Agreement.verification_code == normalized, Agreement.status == AgreementStatus.COMPLETED)
        .options(selectinload(Agreement.signatories))
    )


def title_of(agreement: Agreement, language: str) -> str:
    """The agreement's title; a draft's as it would be sent now, or, if it cannot be rendered,
    its template's with the placeholders as labels in ``language`` (never their syntax)."""
    if agreement.title is not None:
        return agreement.title
    try:
        return _render(agreement)[0]
    except AgreementError:
        return placeholders.bracketed(agreement.template.title, language) if agreement.template else _("Draft")


def document_of(agreement: Agreement) -> Document:
    """The frozen document once sent; for a draft, the text it would have if sent now."""
    if agreement.body is not None and agreement.title is not None:
        return Document(agreement.title, agreement.body, agreement.document_sha256 or "", frozen=True)
    title, body = _render(agreement)
    return Document(title, body, documents.document_sha256(title, body), frozen=False)


# --- creating drafts ---------------------------------------------------------------


def _check_template(template: AgreementTemplate, webinar: Webinar, kind: AgreementKind) -> None:
    if template.organization_id != webinar.organization_id or template.kind is not kind:
        raise TemplateUnavailable(_("Choose one of your organization's templates of this kind."))


def create_release_drafts(
    webinar: Webinar, template: AgreementTemplate, actor: str, *, now: datetime | None = None
) -> ReleaseDrafts:
    """One draft release per moderator and speaker who has an e-mail and no release in progress."""
    _check_template(template, webinar, AgreementKind.RELEASE)
    now = now or clock.now()
    covered = {
        agreement.person_id
        for agreement in agreements_of(webinar)
        if agreement.kind is AgreementKind.RELEASE
        and agreement.status in (AgreementStatus.DRAFT, AgreementStatus.SENT, AgreementStatus.COMPLETED)
    }
    created, without_email, already_covered = [], [], []
    for participation in webinar.participations:
        person = participation.person
        if participation.status is ParticipationStatus.DECLINED:
            continue  # they will not speak: nothing to authorize
        if person.id in covered:
            already_covered.append(person)
            continue
        if not person.email:
            without_email.append(person)
            continue
        agreement = Agreement(
            organization_id=webinar.organization_id,
            webinar=webinar,
            template=template,
            kind=AgreementKind.RELEASE,
            status=AgreementStatus.DRAFT,
            person=person,
            language=webinar.language.value,
        )
        agreement.signatories.append(_signatory_for(person))
        _create(agreement, actor, now)
        created.append(agreement)
    return ReleaseDrafts(created, without_email, already_covered)


def _signatory_for(person: Person) -> Signatory:
    return Signatory(
        sort_order=0,
        party_name=person.affiliation or person.full_name,
        full_name=person.full_name,
        position=person.position,
        email=person.email or "",
    )


def create_convention_draft(
    webinar: Webinar,
    template: AgreementTemplate,
    parties: list[PartyDetails],
    actor: str,
    *,
    now: datetime | None = None,
) -> Agreement:
    _check_template(template, webinar, AgreementKind.CONVENTION)
    _check_party_count(parties)
    agreement = Agreement(
        organization_id=webinar.organization_id,
        webinar=webinar,
        template=template,
        kind=AgreementKind.CONVENTION,
        status=AgreementStatus.DRAFT,
        language=webinar.language.value,
    )
    for order, party in enumerate(parties):
        agreement.signatories.append(_signatory_of_party(order, party))
    _create(agreement, actor, now or clock.now())
    return agreement


def _check_party_count(parties: list[PartyDetails]) -> None:
    if len(parties) < MIN_CONVENTION_PARTIES:
        raise NotEnoughParties(_("A convention needs at least two parties."))
    if len(parties) > MAX_CONVENTION_PARTIES:
        raise TooManyParties(_("A convention has at most %(count)s parties.", count=MAX_CONVENTION_PARTIES))


def _signatory_of_party(order: int, party: PartyDetails) -> Signatory:
    return Signatory(
        sort_order=order,
        party_name=party.name.strip(),
        full_name=party.full_name.strip(),
        position=(party.position or "").strip() or None,
        email=party.email.strip().lower(),
    )


def party_details_of(agreement: Agreement) -> list[PartyDetails]:
    return [PartyDetails(s.party_name, s.full_name, s.position, s.email) for s in agreement.signatories]


def update_convention_parties(
    agreement: Agreement, parties: list[PartyDetails], actor: str, *, now: datetime | None = None
) -> None:
    """A draft convention's parties, replaced as a whole (their order is the text's order)."""
    if agreement.kind is not AgreementKind.CONVENTION or not agreement.is_draft:
        raise WrongStatus(_("Only the parties of a draft convention can be changed."))
    _check_party_count(parties)
    signatories = agreement.signatories
    for order, party in enumerate(parties):
        fresh = _signatory_of_party(order, party)
        if order < len(signatories):
            signatory = signatories[order]
            signatory.party_name, signatory.full_name = fresh.party_name, fresh.full_name
            signatory.position, signatory.email = fresh.position, fresh.email
        else:
            signatories.append(fresh)
    del signatories[len(parties):]
    db.session.flush()
    _render(agreement)  # the template must still fill in (a party it names may have gone)
    append_event(
        agreement,
        AuditKind.PARTIES_CHANGED,
        actor=actor,
        occurred_at=now or clock.now(),
        details={"signatories": [signatory_facts(s) for s in agreement.signatories]},
    )


def _create(agreement: Agreement, actor: str, now: datetime) -> None:
    db.session.add(agreement)
    db.session.flush()
    _render(agreement)  # refuse now a draft that could never be sent
    append_event(
        agreement,
        AuditKind.CREATED,
        actor=actor,
        occurred_at=now,
        details={
            "kind": str(agreement.kind),
            "template_id": agreement.template_id,
            "template_title": agreement.template.title if agreement.template else None,
            "webinar_id": agreement.webinar_id,
            "signatories": [signatory_facts(s) for s in agreement.signatories],
        },
    )


# --- rendering ---------------------------------------------------------------------


def _render(agreement: Agreement) -> tuple[str, str]:
    template = agreement.template
    if template is None:
        raise TemplateUnavailable(
            _("The template of this draft was deleted. Withdraw the draft and create a new agreement.")
        )
    context = _context(agreement)
    try:
        title = documents.render_title(template.title, context)
        body = documents.normalize_newlines(documents.render_text(template.body, context))
    except documents.RenderingFailed as error:
        raise DocumentCannotBeRendered(rendering_problem(error)) from error
    return title, body


def rendering_problem(error: documents.RenderingFailed) -> str:
    """Why a template cannot be filled in, for the organizer."""
    if error.code == "missing_party":
        return _(
            "The template cannot be filled in for this agreement: it names a party (%(name)s) the agreement does "
            "not have.",
            name=error.detail,
        )
    if error.code == "unknown":
        return _(
            "The template cannot be filled in: %(name)s is not a placeholder. Edit the template, then try again.",
            name=error.detail,
        )
    if error.code == "too_long":
        return _(
            "The template cannot be filled in: the document would be too long. Shorten the template or the "
            "parties' block, then try again."
        )
    if error.code == "outside_block":
        return _(
            "The template cannot be filled in: %(name)s is outside the parties' block. Edit the template, then try "
            "again.",
            name=error.detail,
        )
    return _("The template cannot be filled in: its parties' block is not closed. Edit the template, then try again.")


def webinar_context(webinar: Webinar, language: str) -> dict:
    """The facts of the webinar and its organization, which every agreement of it shares."""
    facts = documents.webinar_facts(
        title=webinar.title,
        subtitle=webinar.subtitle,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        zone_name=webinar.timezone,
        url=absolute_url(f"/webinars/{webinar.slug}"),
        language=language,
    )
    organization = documents.organization_facts(name=webinar.organization.name, website=webinar.organization.website)
    return documents.document_context(webinar=facts, organization=organization)


def _context(agreement: Agreement) -> dict:
    context = webinar_context(agreement.webinar, agreement.language)
    if agreement.kind is AgreementKind.RELEASE:
        signer = agreement.signatories[0]
        context["person"] = documents.person_facts(
            full_name=signer.full_name,
            position=signer.position,
            affiliation=agreement.person.affiliation if agreement.person else signer.party_name,
            role=_role_of(agreement),
        )
        return context
    context[documents.PARTIES] = [
        documents.party_facts(name=s.party_name, signatory=s.full_name, position=s.position)
        for s in agreement.signatories
    ]
    return context


def _role_of(agreement: Agreement) -> str:
    """'moderator' or 'speaker' in the document's language, from the webinar's line-up."""
    role = next(
        (p.role for p in agreement.webinar.participations if p.person_id == agreement.person_id),
        ParticipationRole.SPEAKER,
    )
    with force_locale(agreement.language):
        return role.label.lower()


# --- sending -------------------------------------------------------------------------


def send_agreement(
    agreement: Agreement, actor: str, *, now: datetime | None = None, notify: bool = True
) -> dict[int, str]:
    """Freeze the document and give each signatory a link; returns the links' tokens by signatory id."""
    if agreement.status is not AgreementStatus.DRAFT:
        raise WrongStatus(_("Only a draft can be sent."))
    now = now or clock.now()
    if agreement.kind is AgreementKind.RELEASE and agreement.person is not None:
        _refresh_release_signer(agreement)
    title, body = _render(agreement)
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
    fresh = _signatory_for(person)
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


# --- the signatory's answer ------------------------------------------------------------


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
    agreement.verification_code = _unused_verification_code()
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


def _unused_verification_code() -> str:
    while True:
        code = normalize_code("".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH)))
        if db.session.scalar(select(Agreement.id).where(Agreement.verification_code == code)) is None:
            return code


# --- the organizer's overview ---------------------------------------------------------


@dataclass(frozen=True)
class ReleaseWarning:
    full_name: str
    problem: str


def unsigned_releases(webinar: Webinar) -> list[ReleaseWarning]:
    """Moderator and speakers without a signed release, while the webinar is still ahead.

    Only for organizations that use releases (they have a release template):
    the others would be warned about a document they never asked for.
    """
    if webinar.starts_at <= clock.now() or webinar.is_cancelled:
        return []
    has_release_template = db.session.scalar(
        select(AgreementTemplate.id).where(
            AgreementTemplate.organization_id == webinar.organization_id,
            AgreementTemplate.kind == AgreementKind.RELEASE,
        ).limit(1)
    )
    if has_release_template is None:
        return []
    latest: dict[int | None, Agreement] = {}
    for agreement in reversed(agreements_of(webinar)):  # oldest first, so the newest wins
        if agreement.kind is AgreementKind.RELEASE and agreement.status is not AgreementStatus.WITHDRAWN:
            latest[agreement.person_id] = agreement
    warnings = []
    for participation in webinar.participations:
        if participation.status is ParticipationStatus.DECLINED:
            continue
        agreement = latest.get(participation.person_id)
        if agreement is not None and agreement.is_completed:
            continue
        warnings.append(ReleaseWarning(participation.person.full_name, _release_problem(agreement, participation.person)))
    return warnings


def _release_problem(agreement: Agreement | None, person: Person) -> str:
    if agreement is None and not person.email:
        return _("no release sent: no e-mail address")
    if agreement is None:
        return _("no release sent")
    if agreement.is_draft:
        return _("release drafted, not sent")
    if agreement.status is AgreementStatus.DECLINED:
        return _("declined the release")
    return _("release sent, not signed yet")
