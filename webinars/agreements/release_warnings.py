"""The organizer's warnings about releases: who will speak without having signed one."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from webinars import clock
from webinars.agreements.lookup import agreements_of
from webinars.agreements.models import Agreement, AgreementKind, AgreementStatus, AgreementTemplate
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import ParticipationStatus, Person


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
