"""Accounts: users, memberships and who may act for which organization (invitations are in ``invitations``).

Functions here enforce the rules and ``flush()``; the caller (a view or a CLI
command) commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import contains_eager
from werkzeug.security import check_password_hash, generate_password_hash

from webinars import french
from webinars.accounts.models import Membership, Organization, Role, User, password_hash_method
from webinars.extensions import db
from webinars.french import NameArticle
from webinars.mail.addresses import UndeliverableAddress, mailable_address
from webinars.slugs import unique_slug
from webinars.timezones import is_valid_zone

MIN_PASSWORD_LENGTH = 10


class AccountError(Exception):
    """A rule of accounts was not met; the view or command turns it into a message."""


class InvalidEmail(AccountError):
    pass


class UnknownTimezone(AccountError):
    pass


class PasswordTooShort(AccountError):
    pass


class AlreadyMember(AccountError):
    pass


class CannotRemoveYourself(AccountError):
    """An owner removes others; leaving a team is not done from its members page."""


class WrongAccount(AccountError):
    """The signed-in user is not the person the invitation names."""


class InvitationNotFound(AccountError):
    """Unknown, revoked or replaced: all look the same to the visitor."""


class InvitationExpired(AccountError):
    pass


class InvitationUsed(AccountError):
    pass


# --- Users and sign-in -------------------------------------------------------


def normalize_email(email: str) -> str:
    return email.strip().lower()


def validate_email_address(email: str) -> str:
    """The normalized address, or ``InvalidEmail`` (no DNS lookup: the check must work offline)."""
    try:
        return normalize_email(mailable_address(email))
    except UndeliverableAddress as error:
        raise InvalidEmail(error.message) from error


def check_password_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(MIN_PASSWORD_LENGTH)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


@cache
def _decoy_password_hash(method: str) -> str:
    return generate_password_hash("not the password of anyone", method=method)


def authenticate(email: str, password: str) -> User | None:
    """The user with this e-mail (any case) and password, or ``None``.

    An unknown address still costs one password check, so response times do
    not tell which addresses have an account.
    """
    user = user_by_email(email)
    if user is None:
        check_password_hash(_decoy_password_hash(password_hash_method()), password)
        return None
    return user if user.check_password(password) else None


def create_user(email: str, full_name: str, password: str) -> User:
    check_password_length(password)
    user = User(email=validate_email_address(email), full_name=full_name.strip())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


# --- Memberships and access ---------------------------------------------------


@cache
def _membership_statement() -> Select:
    """Built once: a reused statement keeps its cache key (every organizer page asks)."""
    return select(Membership).where(
        Membership.user_id == bindparam("user_id"), Membership.organization_id == bindparam("organization_id")
    )


def membership_of(user: User, organization_id: int) -> Membership | None:
    return db.session.scalar(_membership_statement(), {"user_id": user.id, "organization_id": organization_id})


def require_membership(organization_id: int, role: Role | None = None) -> Membership:
    """The signed-in user's membership of an organization, or 404.

    404 rather than 403: an outsider learns nothing about what exists.
    An organizer who needs an owner's right gets 403.
    """
    if not current_user.is_authenticated:
        abort(404)
    membership = membership_of(current_user, organization_id)
    if membership is None:
        abort(404)
    if role is Role.OWNER and membership.role is not Role.OWNER:
        abort(403)
    return membership


def membership_for_member_or_404(slug: str, role: Role | None = None) -> Membership:
    """The signed-in user's membership of the organization with this slug (404/403 as above), with its
    organization, in one query: every organization-wide page of the organizer's side starts here."""
    if not current_user.is_authenticated:
        abort(404)
    membership = db.session.scalar(
        select(Membership)
        .join(Membership.organization)
        .where(Organization.slug == slug, Membership.user_id == current_user.id)
        .options(contains_eager(Membership.organization))
    )
    if membership is None:  # no such organization, or not one of its members: the same 404
        abort(404)
    if role is Role.OWNER and membership.role is not Role.OWNER:
        abort(403)
    return membership


def organization_for_member_or_404(slug: str, role: Role | None = None) -> Organization:
    return membership_for_member_or_404(slug, role).organization


def organizations_of(user: User) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Organization.name)
        )
    )


def members_of(organization: Organization) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.user)
            .options(contains_eager(Membership.user))
            .where(Membership.organization_id == organization.id)
            .order_by(func.lower(User.full_name), User.email)
        )
    )


def add_member(organization: Organization, user: User, role: Role) -> Membership:
    if membership_of(user, organization.id) is not None:
        raise AlreadyMember(user.email)
    membership = Membership(organization=organization, user=user, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def remove_member(membership: Membership, removed_by: User) -> None:
    """Take someone out of an organization (the caller checked that ``removed_by`` owns it).

    Every session of the removed person ends at once, on every app server, even one open on
    another organization's pages: whatever they had open of this one stops working now, not at
    their next sign-in. Their account stays, with their other organizations.
    """
    if membership.user_id == removed_by.id:
        raise CannotRemoveYourself(removed_by.id)
    membership.user.end_every_session()
    db.session.delete(membership)
    db.session.flush()


# --- Owners from the command line ------------------------------------------------


@dataclass(frozen=True)
class OwnerSetup:
    user: User
    organization: Organization
    created_user: bool
    created_organization: bool


def find_organization(name_or_slug: str) -> Organization | None:
    text = name_or_slug.strip()
    return db.session.scalar(
        select(Organization)
        .where(or_(func.lower(Organization.name) == text.lower(), Organization.slug == text))
        .order_by(Organization.id)
        .limit(1)
    )


def create_organization(name: str, timezone: str) -> Organization:
    if not is_valid_zone(timezone):
        raise UnknownTimezone(timezone)

    def is_taken(slug: str) -> bool:
        return db.session.scalar(select(Organization.id).where(Organization.slug == slug)) is not None

    organization = Organization(name=name.strip(), slug=unique_slug(name, is_taken), timezone=timezone)
    db.session.add(organization)
    db.session.flush()
    return organization


def make_owner(
    email: str,
    organization_name: str,
    timezone: str,
    full_name: str | None = None,
    password: str | None = None,
) -> OwnerSetup:
    """An owner for an organization, creating whichever of the two does not exist yet.

    An existing user keeps their password; an organizer is promoted to owner.
    """
    email = validate_email_address(email)
    if not is_valid_zone(timezone):
        raise UnknownTimezone(timezone)
    user = user_by_email(email)
    created_user = user is None
    if user is None:
        if password is None:
            raise PasswordTooShort(MIN_PASSWORD_LENGTH)
        user = create_user(email, full_name or email.split("@")[0], password)
    organization = find_organization(organization_name)
    created_organization = organization is None
    if organization is None:
        organization = create_organization(organization_name, timezone)
    membership = membership_of(user, organization.id)
    if membership is None:
        add_member(organization, user, Role.OWNER)
    else:
        membership.role = Role.OWNER
        db.session.flush()
    return OwnerSetup(user, organization, created_user, created_organization)


# --- how French sentences name the organization ------------------------------------------


def name_article_examples(name: str) -> list[tuple[NameArticle, str]]:
    """Each article a name may take, shown as the sentences would write it: "l'APEBI — de l'APEBI, à l'APEBI"."""
    return [
        (article, f"{french.with_article(name, article)} — {french.after('de', name, article)}, {french.after('à', name, article)}")
        for article in NameArticle
    ]


def set_name_article(organization: Organization, article: NameArticle) -> None:
    organization.name_article = article
    db.session.flush()
