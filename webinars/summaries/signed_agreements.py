"""The agreements signed for a webinar, as its summary lists them: who signed for each party, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars.agreements.models import Agreement, AgreementKind, AgreementStatus, SignatoryState
from webinars.events.models import Webinar
from webinars.extensions import db


@dataclass(frozen=True)
class SignedParty:
    party_name: str
    full_name: str
    position: str | None
    signed_at: datetime | None


@dataclass(frozen=True)
class SignedAgreement:
    title: str
    kind: AgreementKind
    completed_at: datetime
    parties: list[SignedParty]
    verification_code: str | None


def signed_agreements(webinar: Webinar, *, conventions_only: bool) -> list[SignedAgreement]:
    """The webinar's completed agreements, oldest completion first, with who signed for each party and when."""
    query = (
        select(Agreement)
        .where(Agreement.webinar_id == webinar.id, Agreement.status == AgreementStatus.COMPLETED)
        .options(selectinload(Agreement.signatories))
        .order_by(Agreement.completed_at, Agreement.id)
    )
    if conventions_only:
        query = query.where(Agreement.kind == AgreementKind.CONVENTION)
    return [
        SignedAgreement(
            title=agreement.title or "",
            kind=agreement.kind,
            completed_at=agreement.completed_at,
            parties=[
                SignedParty(
                    party_name=signatory.party_name,
                    full_name=signatory.full_name,
                    position=signatory.position,
                    signed_at=signatory.answered_at if signatory.state is SignatoryState.SIGNED else None,
                )
                for signatory in agreement.signatories
            ],
            verification_code=agreement.verification_code,
        )
        for agreement in db.session.scalars(query)
    ]
