"""Links mailed to people: one row per link, holding the SHA-256 of its token, never the token."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, intpk
from webinars.extensions import db

if TYPE_CHECKING:
    from webinars.accounts.models import Invitation
    from webinars.agreements.models import Signatory
    from webinars.registration.models import Registration
    from webinars.speakers.models import SpeakerSpace

# The columns that name whose link it is; exactly one is set on each row.
HOLDER_COLUMNS = ("registration_id", "signatory_id", "invitation_id", "speaker_space_id")


class PersonalLink(db.Model):
    """A link sent to a registrant, a signatory, an invited colleague or a speaker.

    A holder has as many links as messages that carried one: every link ever mailed keeps working
    (people click the first e-mail weeks later) until it is revoked on purpose, and each holder
    can revoke all of theirs at once. Deleting the holder deletes its links (ON DELETE CASCADE).
    """

    __tablename__ = "personal_links"
    __table_args__ = (
        CheckConstraint(
            " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in HOLDER_COLUMNS) + " = 1",
            name="one_holder",
        ),
    )

    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    signatory_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_signatories.id", ondelete="CASCADE"), index=True
    )
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), index=True)
    speaker_space_id: Mapped[int | None] = mapped_column(
        ForeignKey("speaker_spaces.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[created_now]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration | None] = relationship()
    signatory: Mapped[Signatory | None] = relationship()
    invitation: Mapped[Invitation | None] = relationship()
    speaker_space: Mapped[SpeakerSpace | None] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
