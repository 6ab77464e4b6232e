"""Organizations, the people who sign in, and what links them."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webinars import clock
from webinars.database import UTCDateTime, created_now, enum_column, intpk, str200
from webinars.extensions import db
from webinars.french import NameArticle


def password_hash_method() -> str:
    """scrypt (memory-hard) by default; the test suite configures a cheap scheme to run fast.
    Checking a password reads the scheme from the stored hash, so both coexist."""
    return current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"


class Role(enum.StrEnum):
    """Owners manage the team; organizers build webinars."""

    OWNER = "owner"
    ORGANIZER = "organizer"

    @property
    def label(self) -> str:
        return str(_ROLE_LABELS[self])


_ROLE_LABELS = {Role.OWNER: _l("Owner"), Role.ORGANIZER: _l("Organizer")}


# Months after a webinar ends before its registrants' data is anonymized, unless the organization chose otherwise.
DEFAULT_RETENTION_MONTHS = 12


class Organization(db.Model):
    __tablename__ = "organizations"

    id: Mapped[intpk]
    name: Mapped[str200]
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    website: Mapped[str | None] = mapped_column(String(500))
    # The article the name takes in French sentences: "l'APEBI", "le CRI" (webinars/french.py).
    name_article: Mapped[NameArticle] = mapped_column(
        enum_column(NameArticle), default=NameArticle.NONE, server_default=NameArticle.NONE.value
    )
    # Shown beside the consent checkbox of registration forms (what is collected,
    # why, how long it is kept, whom to contact); a default text is built when empty.
    privacy_notice: Mapped[str | None] = mapped_column(Text)
    # Months after a webinar ends before its registrants' personal data is anonymized (webinars/privacy/).
    retention_months: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_RETENTION_MONTHS, server_default=str(DEFAULT_RETENTION_MONTHS)
    )
    created_at: Mapped[created_now]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"


def new_session_key() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(320), unique=True)
    full_name: Mapped[str200]
    password_hash: Mapped[str] = mapped_column(String(255))
    # Written into every session cookie of the account and compared on each request (one
    # primary-key lookup, which loading the user costs anyway). A new key ends all the account's
    # sessions at once on every app server: see webinars/accounts/sessions.py.
    session_key: Mapped[str] = mapped_column(String(64), default=new_session_key)
    created_at: Mapped[created_now]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=password_hash_method())

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the account and its current session key."""
        return f"{self.id}:{self.session_key}"

    def end_every_session(self) -> None:
        """Void every session cookie issued so far, wherever it is; the caller flushes."""
        self.session_key = new_session_key()


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role))
    created_at: Mapped[created_now]

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")


class Invitation(db.Model):
    """An owner's invitation of a colleague; the link carries a token stored hashed."""

    __tablename__ = "invitations"

    id: Mapped[intpk]
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    # Its links are rows of ``personal_links``: every one mailed works until the invitation
    # expires, is accepted or is revoked.
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_now]

    organization: Mapped[Organization] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= clock.now()


class PasswordReset(db.Model):
    """A "forgot password" link: single use, short-lived, its token stored hashed."""

    __tablename__ = "password_resets"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_now]

    user: Mapped[User] = relationship()

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= clock.now()


class PasswordResetRequest(db.Model):
    """An address typed into "Forgot your password?", waiting for the worker to decide whether
    it gets a link (webinars/accounts/passwords.py). Deleted once answered: seconds later."""

    __tablename__ = "password_reset_requests"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(5))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
