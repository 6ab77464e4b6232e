"""Personal links (STYLE.md, "Personal links"): issued, resolved and revoked in one place.

Every message that carries a link carries a new one, and the earlier ones keep working: a
registrant who clicks the first confirmation weeks later, after two calendar updates, still
lands on their page. Only revocation ends a link: the holder's "forget all my links", an
organizer's explicit "resend and revoke", or the holder's deletion (the rows cascade).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import Select, bindparam, func, insert, select, update

from webinars import clock
from webinars.extensions import db
from webinars.personal_links.models import PersonalLink
from webinars.tokens import hash_token, new_token

Holder = TypeVar("Holder")

# Which column of ``personal_links`` points at each kind of holder, by the holder's table.
_COLUMN_BY_TABLE = {
    "registrations": "registration_id",
    "agreement_signatories": "signatory_id",
    "invitations": "invitation_id",
    "speaker_spaces": "speaker_space_id",
}
# What ``secrets.token_urlsafe`` produces; anything else is not one of our tokens (no query needed).
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _column_name(holder_class: type) -> str:
    return _COLUMN_BY_TABLE[holder_class.__tablename__]


def issue(holder: object) -> str:
    """A new link for ``holder`` (written with the next flush, with the holder if it is new); returns its token."""
    token, digest = new_token()
    relationship = _column_name(type(holder)).removesuffix("_id")
    db.session.add(PersonalLink(token_hash=digest, **{relationship: holder}))
    return token


def issue_for_each(holder_class: type, holder_ids: list[int]) -> list[str]:
    """A new link for each of these holders (rows already written), in one multi-row INSERT; the tokens
    in the same order. For fan-outs (reminders, follow-ups), where an object per link costs more."""
    if not holder_ids:
        return []
    column = _column_name(holder_class)
    now = clock.now()
    tokens, rows = [], []
    for holder_id in holder_ids:
        token, digest = new_token()
        tokens.append(token)
        rows.append({"token_hash": digest, column: holder_id, "created_at": now})
    db.session.execute(insert(PersonalLink), rows)
    return tokens


@dataclass(frozen=True)
class Lookup(Generic[Holder]):
    """What a token leads to: its holder, when the link was revoked if it was, and the values of the
    ``columns`` asked for with it."""

    holder: Holder | None = None
    revoked_at: datetime | None = None
    values: tuple = ()

    @property
    def is_valid(self) -> bool:
        return self.holder is not None and self.revoked_at is None

    @property
    def is_revoked(self) -> bool:
        return self.holder is not None and self.revoked_at is not None


def lookup(
    holder_class: type[Holder], token: str | None, options: tuple = (), joins: tuple = (), columns: tuple = ()
) -> Lookup[Holder]:
    """The holder of ``token`` among ``holder_class`` rows, in one query. ``options``: loader options;
    ``joins``: relationships joined in (for ``contains_eager`` options, or for ``columns`` correlated
    with them); ``columns``: more values read in the same statement. Best module constants: the
    statement is built once per holder class, options, joins and columns."""
    if not token or not _TOKEN_SHAPE.fullmatch(token):
        return Lookup()
    statement = _lookup_statement(holder_class, options, joins, columns)
    row = db.session.execute(statement, {"token_hash": hash_token(token)}).first()
    if row is None:
        return Lookup()
    holder, revoked_at, *values = row
    return Lookup(holder, revoked_at, tuple(values))


@lru_cache(maxsize=64)
def _lookup_statement(holder_class: type, options: tuple, joins: tuple, columns: tuple) -> Select:
    """Built once: a reused statement keeps its cache key (every page behind a personal link asks)."""
    column = getattr(PersonalLink, _column_name(holder_class))
    statement = select(holder_class, PersonalLink.revoked_at, *columns).join(PersonalLink, column == holder_class.id)
    for relationship in joins:
        statement = statement.join(relationship)
    return statement.where(PersonalLink.token_hash == bindparam("token_hash")).options(*options)


def holder_for_token(holder_class: type[Holder], token: str | None, options: tuple = ()) -> Holder | None:
    """The holder of a link that works (not revoked), or None."""
    found = lookup(holder_class, token, options)
    return found.holder if found.is_valid else None


def revoke_all(holder: object, now: datetime | None = None) -> int:
    """Revoke every working link of ``holder``; returns how many were revoked."""
    column = getattr(PersonalLink, _column_name(type(holder)))
    result = db.session.execute(
        update(PersonalLink)
        .where(column == holder.id, PersonalLink.revoked_at.is_(None))
        .values(revoked_at=now or clock.now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def live_link_count(holder: object) -> int:
    column = getattr(PersonalLink, _column_name(type(holder)))
    return db.session.scalar(
        select(func.count()).where(column == holder.id, PersonalLink.revoked_at.is_(None))
    )
