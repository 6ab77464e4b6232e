"""Drafting agreements: a release per moderator and speaker, or a convention between parties.

Functions flush and never commit; each draft's creation is the first step of its audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from webinars import clock
from webinars.agreements import placeholders
from webinars.agreements.audit import append_event, signatory_facts
from webinars.agreements.errors import NotEnoughParties, TemplateUnavailable, TooManyParties, WrongStatus
from webinars.agreements.lookup import agreements_of
from webinars.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    AuditKind,
    Signatory,
)
from webinars.agreements.rendering import render_document
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import ParticipationStatus, Person


MIN_CONVENTION_PARTIES = 2
MAX_CONVENTION_PARTIES = placeholders.MAX_PARTIES


@dataclass(frozen=True)
class PartyDetails:
    name: str  # the organization
    full_name: str  # its signatory
    position: str | None
    email: str


@dataclass(frozen=True)
class ReleaseDrafts:
    created: list[Agreement]
    without_email: list[Person]
    already_covered: list[Person]


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
        agreement.signatories.append(signatory_for_person(person))
        _create(agreement, actor, now)
        created.append(agreement)
    return ReleaseDrafts(created, without_email, already_covered)


def signatory_for_person(person: Person) -> Signatory:
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
    render_document(agreement)  # the template must still fill in (a party it names may have gone)
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
    render_document(agreement)  # refuse now a draft that could never be sent
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
