"""Organizations, the people who sign in, and what links them."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webinars import clock
from webinars.database import UTCDateTime, created_now, enum_column, intpk, str200
from webinars.extensions import db
from webinars.french import NameArticle
from webinars.markdown import RenderedMarkdown, keep_rendered, rendered


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
    # Its settings page (webinars/organizations/): how it shows on its public pages, e-mails and PDFs.
    short_name: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")  # Markdown, its public page
    description_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The logo, re-encoded as PNG (webinars/organizations/logos.py), in the database like people's
    # photos so every app server can serve it; its hash is in its address (cached for ever).
    logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    logo_content_type: Mapped[str | None] = mapped_column(String(40))
    logo_hash: Mapped[str | None] = mapped_column(String(64))
    # "#1f5fbf": white text on it passes WCAG AA (webinars/organizations/colours.py); None: the app's blue.
    brand_color: Mapped[str | None] = mapped_column(String(7))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    postal_address: Mapped[str | None] = mapped_column(Text)  # letterheads and e-mail footers
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    # New webinars start in this language and in ``timezone``.
    default_language: Mapped[str] = mapped_column(String(2), default="fr", server_default="fr")
    sender_name: Mapped[str | None] = mapped_column(String(200))  # the From name of its e-mails
    # Country codes left out of its registration forms, comma-separated; None: the default for its
    # country (webinars/organizations/countries.py), "" once the organizer chose to hide none.
    hidden_countries: Mapped[str | None] = mapped_column(String(1200))
    # Shown beside the consent checkbox of registration forms (what is collected, why, how long it
    # is kept, whom to contact), in the visitor's language; a default text is built when empty.
    # Markdown, rendered when saved (webinars/markdown.py).
    privacy_notice_fr: Mapped[str | None] = mapped_column(Text)
    privacy_notice_fr_html: Mapped[str | None] = mapped_column(Text)
    privacy_notice_fr_text: Mapped[str | None] = mapped_column(Text)
    privacy_notice_en: Mapped[str | None] = mapped_column(Text)
    privacy_notice_en_html: Mapped[str | None] = mapped_column(Text)
    privacy_notice_en_text: Mapped[str | None] = mapped_column(Text)
    markdown_version: Mapped[str | None] = mapped_column(String(80))
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

    @property
    def privacy_notice(self) -> str | None:
        """The notice in French, or else in English (the two are set apart on the settings page)."""
        return self.privacy_notice_fr or self.privacy_notice_en

    @privacy_notice.setter
    def privacy_notice(self, source: str | None) -> None:
        """One text for both languages (command line, demo, older callers)."""
        self.privacy_notice_fr = source
        self.privacy_notice_en = source

    def privacy_notice_in(self, language: str) -> str | None:
        """The organizer's notice in ``language``, or in the other one; None when there is none."""
        first, second = (self.privacy_notice_en, self.privacy_notice_fr) if language == "en" else (
            self.privacy_notice_fr, self.privacy_notice_en
        )
        for source in (first, second):
            if source and source.strip():
                return source.strip()
        return None

    def privacy_notice_rendered(self, language: str) -> RenderedMarkdown | None:
        """The stored rendering of the notice ``privacy_notice_in(language)`` returns."""
        order = ("privacy_notice_en", "privacy_notice_fr") if language == "en" else ("privacy_notice_fr", "privacy_notice_en")
        for source in order:
            text = getattr(self, source)
            if text and text.strip():
                return rendered(self, source)
        return None

    @property
    def description_rendered(self) -> RenderedMarkdown:
        return rendered(self, "description")

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def email_sender_name(self) -> str:
        """The From name of its e-mails: the one chosen on its settings page, or its name."""
        return self.sender_name or self.name

    @property
    def has_logo(self) -> bool:
        return self.logo_hash is not None

    @property
    def logo_url(self) -> str | None:
        """The logo's address; it changes with the logo, so it can be cached for ever."""
        if self.logo_hash is None:
            return None
        # Written out rather than through url_for: e-mails are written by the worker, outside any
        # request (the route is ``organizations.logo``; a test checks that they agree).
        return f"/organizations/{self.slug}/logo/{self.logo_hash}"


keep_rendered(Organization, "description", "privacy_notice_fr", "privacy_notice_en")


def new_session_key() -> str:
    return secrets.token_urlsafe(32)


# The organization's long texts (description, privacy notices, their renderings): pages that show none
# of them leave them out of their statement (``defer``), a third of the organization's columns fewer to
# read and for psycopg to describe on every execution (issue 20).
ORGANIZATION_LONG_TEXTS = (
    Organization.description, Organization.description_html, Organization.description_text,
    Organization.privacy_notice_fr, Organization.privacy_notice_fr_html, Organization.privacy_notice_fr_text,
    Organization.privacy_notice_en, Organization.privacy_notice_en_html, Organization.privacy_notice_en_text,
)


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
