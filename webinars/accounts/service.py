"""Accounts: users, memberships and who may act for which organization."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from webinars.accounts.models import Membership, Organization, Role, User
from webinars.extensions import db


def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def normalize_email(email: str) -> str:
    return email.strip().lower()


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


def organization_for_member_or_404(slug: str, role: Role | None = None) -> Organization:
    organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        abort(404)
    require_membership(organization.id, role)
    return organization


def organizations_of(user: User) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Organization.name)
        )
    )
