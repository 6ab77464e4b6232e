"""API tokens of an organization, and the answers kept for retried requests (``Idempotency-Key``).

A token is shown once, when it is created; only the SHA-256 of it is stored (``webinars.tokens``),
with its first characters so that owners recognize it in the list.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars import clock
from webinars.accounts.models import Organization, User
from webinars.database import UTCDateTime, created_now, enum_column, intpk, str200
from webinars.extensions import db


class ApiScope(enum.StrEnum):
    READ = "read"  # GET only
    WRITE = "write"  # read and write

    @property
    def label(self) -> str:
        return str(_SCOPE_LABELS[self])


_SCOPE_LABELS = {ApiScope.READ: _l("Read only"), ApiScope.WRITE: _l("Read and write")}


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str200]
    scope: Mapped[ApiScope] = mapped_column(enum_column(ApiScope))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token's first characters ("wbn_Ab3x"), shown in the list: never enough to use it.
    prefix: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[created_now]

    organization: Mapped[Organization] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= clock.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def can_write(self) -> bool:
        return self.scope is ApiScope.WRITE


class IdempotentRequest(db.Model):
    """The first answer to a POST sent with an ``Idempotency-Key``, replayed to its retries for 24 hours.

    Written in the same transaction as the change the POST made, so a retry finds either both or neither.
    """

    __tablename__ = "api_idempotent_requests"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: Mapped[intpk]
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    # SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    location: Mapped[str | None] = mapped_column(String(1000))
    # The JSON answered (it may name a registrant: erased with the rows after 24 hours, see privacy/registry.py).
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_now]
