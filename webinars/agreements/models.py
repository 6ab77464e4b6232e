"""Agreements signed online: an organization's templates, the documents sent for signature,
who signs them, and the append-only audit trail of everything that happened to each.

A document is frozen when it is sent (``body`` and its SHA-256 never change
afterwards); every step is an ``AgreementEvent`` chained to the previous one by
its hash, so ``webinars agreements verify`` can tell when a stored row was
edited or deleted.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from webinars.database import UTCDateTime, created_now, enum_column, intpk, utcnow
from webinars.extensions import db

if TYPE_CHECKING:
    from webinars.accounts.models import Organization
    from webinars.events.models import Webinar
    from webinars.people.models import Person


class AgreementKind(enum.StrEnum):
    RELEASE = "release"  # one signer: a speaker or the moderator of the webinar
    CONVENTION = "convention"  # several parties, each an organization with a named signatory

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    AgreementKind.RELEASE: _l("Speaker release"),
    AgreementKind.CONVENTION: _l("Convention between organizations"),
}


class AgreementStatus(enum.StrEnum):
    DRAFT = "draft"  # parties chosen; the text is still rendered from the template
    SENT = "sent"  # frozen and waiting for signatures
    COMPLETED = "completed"  # every party signed; the PDF exists
    DECLINED = "declined"  # a party declined: it can no longer complete
    WITHDRAWN = "withdrawn"  # the organizer took it back

    @property
    def label(self) -> str:
        return str(_STATUS_LABELS[self])


_STATUS_LABELS = {
    AgreementStatus.DRAFT: _l("Draft, not sent"),
    AgreementStatus.SENT: _l("Waiting for signatures"),
    AgreementStatus.COMPLETED: _l("Signed by every party"),
    AgreementStatus.DECLINED: _l("Declined"),
    AgreementStatus.WITHDRAWN: _l("Withdrawn"),
}


class SignatoryState(enum.StrEnum):
    PENDING = "pending"
    OPENED = "opened"
    SIGNED = "signed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(_STATE_LABELS[self])


_STATE_LABELS = {
    SignatoryState.PENDING: _l("Pending"),
    SignatoryState.OPENED: _l("Opened"),
    SignatoryState.SIGNED: _l("Signed"),
    SignatoryState.DECLINED: _l("Declined"),
}


class AuditKind(enum.StrEnum):
    CREATED = "created"
    SENT = "sent"
    OPENED = "opened"
    REMINDED = "reminded"
    SIGNED = "signed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"
    PARTIES_CHANGED = "parties_changed"

    @property
    def label(self) -> str:
        return str(_AUDIT_LABELS[self])


_AUDIT_LABELS = {
    AuditKind.CREATED: _l("Created"),
    AuditKind.SENT: _l("Sent for signature"),
    AuditKind.OPENED: _l("Opened"),
    AuditKind.REMINDED: _l("Reminder with a new link"),
    AuditKind.SIGNED: _l("Signed"),
    AuditKind.DECLINED: _l("Declined"),
    AuditKind.WITHDRAWN: _l("Withdrawn"),
    AuditKind.COMPLETED: _l("Completed"),
    AuditKind.PARTIES_CHANGED: _l("Parties changed"),
}


class AgreementTemplate(db.Model):
    """A reusable text with placeholders (``{{webinar.title}}``..., webinars/agreements/placeholders.py), written by the organization."""

    __tablename__ = "agreement_templates"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AgreementKind] = mapped_column(enum_column(AgreementKind))
    title: Mapped[str] = mapped_column(String(200))  # may hold placeholders too
    body: Mapped[str] = mapped_column(Text)  # Markdown with placeholders
    created_at: Mapped[created_now]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()


class Agreement(db.Model):
    __tablename__ = "agreements"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"), index=True)
    # The template it came from; the agreement keeps its own copy of the text.
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_templates.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[AgreementKind] = mapped_column(enum_column(AgreementKind))
    status: Mapped[AgreementStatus] = mapped_column(
        enum_column(AgreementStatus), default=AgreementStatus.DRAFT, index=True
    )
    # A release's signer: a draft's text follows their details until it is sent.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    language: Mapped[str] = mapped_column(String(5))  # of the e-mails and the PDF: the webinar's
    # The frozen document, set once when sent: rendered title and Markdown, and their SHA-256.
    title: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Printed on the PDF; /verify/<code> shows the agreement to whoever holds it.
    verification_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    # Hash of the newest audit event: deleting the last events of the chain shows here.
    audit_head: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[created_now]

    webinar: Mapped[Webinar] = relationship()
    template: Mapped[AgreementTemplate | None] = relationship()
    person: Mapped[Person | None] = relationship()
    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="Signatory.sort_order"
    )
    events: Mapped[list[AgreementEvent]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementEvent.sequence"
    )

    @property
    def is_draft(self) -> bool:
        return self.status is AgreementStatus.DRAFT

    @property
    def is_open_for_signature(self) -> bool:
        return self.status is AgreementStatus.SENT

    @property
    def is_completed(self) -> bool:
        return self.status is AgreementStatus.COMPLETED

    @property
    def can_be_withdrawn(self) -> bool:
        return self.status in (AgreementStatus.DRAFT, AgreementStatus.SENT)

    @property
    def pending_signatories(self) -> list[Signatory]:
        return [s for s in self.signatories if not s.has_answered]


class Signatory(db.Model):
    """Who signs for one party, their personal link, and their answer once given."""

    __tablename__ = "agreement_signatories"

    id: Mapped[intpk]
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    party_name: Mapped[str] = mapped_column(String(200))  # the organization they sign for
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(200))  # "Directeur général"
    email: Mapped[str] = mapped_column(String(320))
    state: Mapped[SignatoryState] = mapped_column(enum_column(SignatoryState), default=SignatoryState.PENDING)
    # Signing links are rows of ``personal_links``: each e-mail carries a new one, and the
    # earlier ones keep working until the organizer revokes them.
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The answer, written once (signed or declined) and never changed.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    typed_name: Mapped[str | None] = mapped_column(String(200))
    signature_png: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    answered_document_sha256: Mapped[str | None] = mapped_column(String(64))

    agreement: Mapped[Agreement] = relationship(back_populates="signatories")

    @property
    def has_answered(self) -> bool:
        return self.state in (SignatoryState.SIGNED, SignatoryState.DECLINED)


class AgreementEvent(db.Model):
    """One step in an agreement's life. Rows are only ever added, never changed.

    ``previous_hash`` is the ``hash`` of the event before (64 zeros for the
    first); ``hash`` is the SHA-256 of this row's canonical serialization,
    which includes ``previous_hash`` (see ``webinars.agreements.audit``).
    """

    __tablename__ = "agreement_events"
    __table_args__ = (UniqueConstraint("agreement_id", "sequence"),)

    id: Mapped[intpk]
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)  # 1, 2, 3... within the agreement
    kind: Mapped[AuditKind] = mapped_column(enum_column(AuditKind))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(400))
    signatory_id: Mapped[int | None] = mapped_column(Integer)  # not a foreign key: the trail outlives edits
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    agreement: Mapped[Agreement] = relationship(back_populates="events")
