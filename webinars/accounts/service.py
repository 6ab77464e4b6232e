"""Accounts: users, memberships, invitations and who may act for which organization.

Functions here enforce the rules and ``flush()``; the caller (a view or a CLI
command) commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import abort, current_app
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import contains_eager, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from webinars import clock
from webinars.accounts.models import Invitation, Membership, Organization, Role, User, password_hash_method
from webinars import french
from webinars.extensions import db
from webinars.french import NameArticle
from webinars.i18n import current_language, format_event_datetime
from webinars.mail.addresses import UndeliverableAddress, mailable_address
from webinars.mail.service import queue_email
from webinars.slugs import unique_slug
from webinars.timezones import is_valid_zone
from webinars.personal_links import service as personal_links
from webinars.urls import absolute_url

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


def membership_of(user: User, organization_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organization_id == organization_id
        )
    )


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
    """The signed-in user's membership of the organization with this slug (404/403 as above)."""
    organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        abort(404)
    return require_membership(organization.id, role)


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


# --- Invitations --------------------------------------------------------------


def open_invitations(organization: Organization) -> list[Invitation]:
    """Invitations not accepted yet, expired ones included (the owner may renew or revoke them)."""
    return list(
        db.session.scalars(
            select(Invitation)
            .options(joinedload(Invitation.invited_by))
            .where(Invitation.organization_id == organization.id, Invitation.accepted_at.is_(None))
            .order_by(Invitation.created_at, Invitation.id)
        )
    )


def invite(
    organization: Organization, email: str, role: Role, invited_by: User, language: str | None = None
) -> tuple[Invitation, str]:
    """An invitation, e-mailed in ``language`` (default: the inviter's current one), and the
    token of its link (shown once to the owner as a fallback; only its hash is stored).

    Inviting an address that already has an open invitation renews that invitation (new role,
    new expiry) with one more link: the link mailed before keeps working.
    """
    email = validate_email_address(email)
    already = db.session.scalar(
        select(Membership.id)
        .join(Membership.user)
        .where(Membership.organization_id == organization.id, User.email == email)
    )
    if already is not None:
        raise AlreadyMember(email)
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.organization_id == organization.id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
        )
    )
    if invitation is None:
        invitation = Invitation(organization=organization, email=email)
        db.session.add(invitation)
    invitation.role = role
    invitation.invited_by = invited_by
    invitation.expires_at = _invitation_expiry()
    token = personal_links.issue(invitation)
    db.session.flush()
    _queue_invitation_email(invitation, token, invited_by, language or current_language())
    return invitation, token


def resend_invitation(
    invitation: Invitation, sent_by: User, language: str | None = None, *, revoke_earlier: bool = False
) -> str:
    """E-mail an open invitation again (an expired one too) with a new link and a new expiry.

    The links mailed before keep working until the invitation expires, unless ``revoke_earlier``
    (a mistyped or forwarded e-mail) ends them first.
    """
    if invitation.is_accepted:
        raise InvitationUsed(invitation.id)
    if revoke_earlier:
        personal_links.revoke_all(invitation)
    token = personal_links.issue(invitation)
    invitation.expires_at = _invitation_expiry()
    db.session.flush()
    _queue_invitation_email(invitation, token, sent_by, language or current_language())
    return token


def invitation_link(token: str) -> str:
    return absolute_url(f"/invitations/{token}")


def _invitation_expiry() -> datetime:
    return clock.now() + timedelta(hours=current_app.config["INVITATION_TTL_HOURS"])


def _queue_invitation_email(invitation: Invitation, token: str, inviter: User, language: str) -> None:
    organization = invitation.organization
    with force_locale(language):
        role_label = invitation.role.label.lower()
    queue_email(
        kind="invitation",
        template="invitation",
        to_address=invitation.email,
        language=language,
        sender_name=organization.email_sender_name,
        organization_id=organization.id,
        context={
            "inviter_name": inviter.full_name,
            "organization_name": organization.name,
            "role_label": role_label,
            "link": invitation_link(token),
            "expires_text": format_event_datetime(invitation.expires_at, organization.timezone, language),
        },
    )


def revoke_invitation(invitation: Invitation) -> None:
    """Deleted rather than flagged: a revoked link then looks like any unknown one."""
    if invitation.is_accepted:
        raise InvitationUsed(invitation.id)
    db.session.delete(invitation)
    db.session.flush()


def invitation_for_token(token: str) -> Invitation:
    """The invitation this link may still accept, or the reason it may not."""
    invitation = personal_links.holder_for_token(Invitation, token, options=(joinedload(Invitation.organization),))
    if invitation is None:
        raise InvitationNotFound()
    if invitation.is_accepted:
        raise InvitationUsed(invitation.id)
    if invitation.is_expired:
        raise InvitationExpired(invitation.id)
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Make ``user`` (whose address the invitation names) a member, once."""
    if normalize_email(user.email) != invitation.email:
        raise WrongAccount(user.email)
    if invitation.is_expired:
        raise InvitationExpired(invitation.id)
    if membership_of(user, invitation.organization_id) is not None:
        raise AlreadyMember(user.email)
    # A conditional UPDATE claims the invitation: of two simultaneous
    # acceptances only one changes the row, the other is refused.
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise InvitationUsed(invitation.id)
    db.session.refresh(invitation)
    return add_member(invitation.organization, user, invitation.role)


def register_from_invitation(invitation: Invitation, full_name: str, password: str) -> User:
    """A new account for the invited address, already a member of the organization."""
    user = create_user(invitation.email, full_name, password)
    accept_invitation(invitation, user)
    return user


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
