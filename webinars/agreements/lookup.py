"""Finding agreements: a webinar's, the signatory behind a signing link, a completed one by its
verification code (minted here too, so the code's alphabet lives in one place).
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars.agreements.models import Agreement, AgreementStatus, Signatory
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.personal_links import service as personal_links


# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LENGTH = 16  # 80 bits


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


def unused_verification_code() -> str:
    while True:
        code = normalize_code("".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH)))
        if db.session.scalar(select(Agreement.id).where(Agreement.verification_code == code)) is None:
            return code
