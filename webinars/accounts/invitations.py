"""Invitations to join an organization: inviting (or renewing), resending, revoking, and accepting
through the e-mailed link, with an existing account or a new one.

Functions flush and never commit; only the link's hash is stored (``webinars.personal_links``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from webinars import clock
from webinars.accounts.models import Invitation, Membership, Organization, Role, User
from webinars.accounts.service import (
    AlreadyMember,
    InvitationExpired,
    InvitationNotFound,
    InvitationUsed,
    WrongAccount,
    add_member,
    create_user,
    membership_of,
    normalize_email,
    validate_email_address,
)
from webinars.extensions import db
from webinars.i18n import current_language, format_event_datetime
from webinars.mail.service import queue_email
from webinars.personal_links import service as personal_links
from webinars.urls import absolute_url


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


@cache
def _with_organization() -> tuple:
    """The same options each time (built on first use, once every model is mapped): the lookup's
    statement is then built once (webinars/personal_links/service.py)."""
    return (joinedload(Invitation.organization),)


def invitation_for_token(token: str) -> Invitation:
    """The invitation this link may still accept, or the reason it may not."""
    invitation = personal_links.holder_for_token(Invitation, token, options=_with_organization())
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
