"""Creating, finding and revoking API tokens. Functions flush, never commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from webinars import clock
from webinars.accounts.models import Organization, User
from webinars.api_tokens.models import ApiScope, ApiToken
from webinars.extensions import db
from webinars.tokens import hash_token

# Every token starts with this, so that secret scanners (and people) recognize one in a file or a log.
TOKEN_PREFIX = "wbn_"
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 4
# ``last_used_at`` is written at most once per this long per token: a busy script costs no write per request.
LAST_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the token itself, shown once: only its hash is stored


def create_token(
    organization: Organization,
    name: str,
    scope: ApiScope,
    *,
    expires_at: datetime | None = None,
    created_by: User | None = None,
) -> NewToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organization=organization,
        name=name.strip(),
        scope=scope,
        token_hash=hash_token(secret),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        expires_at=expires_at,
        created_by=created_by,
    )
    db.session.add(token)
    db.session.flush()
    return NewToken(token, secret)


def tokens_of(organization: Organization) -> list[ApiToken]:
    """Working tokens first (newest first), then revoked ones."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.organization_id == organization.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def token_of(organization: Organization, token_id: int) -> ApiToken | None:
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.organization_id == organization.id)
    )


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        db.session.flush()


def token_for_secret(secret: str) -> ApiToken | None:
    """The working (not revoked, not expired) token with this secret, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or not token.is_usable:
        return None
    return token


def note_use(token: ApiToken) -> bool:
    """Record that the token was used now (to the minute); True when a row was written (the caller commits)."""
    now = clock.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_PRECISION:
        return False
    # A plain UPDATE: the request's own changes (and their transaction) are not involved.
    db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    token.last_used_at = now
    return True
