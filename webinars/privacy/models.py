"""What the privacy feature keeps of its own: the audit of erasures and the daily job's schedule."""

from __future__ import annotations

import enum
import json
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinars.database import UTCDateTime, enum_column, intpk
from webinars.extensions import db


class ErasureRequester(enum.StrEnum):
    OWNER = "owner"  # an owner of the organization, by e-mail address, across its webinars
    REGISTRANT = "registrant"  # the registrant, from their personal page

    @property
    def label(self) -> str:
        return str(_REQUESTER_LABELS[self])


_REQUESTER_LABELS = {
    ErasureRequester.OWNER: _l("An owner, by e-mail address"),
    ErasureRequester.REGISTRANT: _l("The registrant, from their personal page"),
}


class ErasureRecord(db.Model):
    """One erasure: who asked, when, and how many rows of each table it erased.

    The erased address is not kept in clear: ``address_digest`` is an HMAC of it under the
    secret key, so an owner can check whether an address was erased without the audit
    holding the address it erased.
    """

    __tablename__ = "personal_data_erasures"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[ErasureRequester] = mapped_column(enum_column(ErasureRequester))
    # The owner who asked; the name is kept too, so the entry still says who if the account goes.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_name: Mapped[str | None] = mapped_column(String(200))
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime)
    address_digest: Mapped[str] = mapped_column(String(64), index=True)
    # {table name: rows erased} and {table name: rows kept as legal records}, as JSON.
    erased_rows: Mapped[str] = mapped_column(Text)
    kept_rows: Mapped[str] = mapped_column(Text, default="{}")

    @property
    def erased(self) -> dict[str, int]:
        return json.loads(self.erased_rows or "{}")

    @property
    def kept(self) -> dict[str, int]:
        return json.loads(self.kept_rows or "{}")

    @property
    def total_erased(self) -> int:
        return sum(self.erased.values())


class RetentionRun(db.Model):
    """The daily retention job's one row: a worker runs the job only after claiming it
    (``started_at`` moved forward by an atomic UPDATE), so several workers run it once a day."""

    __tablename__ = "retention_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the last finished run did: {table name: rows}, as JSON.
    report: Mapped[str | None] = mapped_column(Text)
