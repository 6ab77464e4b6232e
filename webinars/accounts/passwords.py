"""Passwords: changing one's own, and forgotten ones (a single-use link by e-mail).

"Forgot your password?" must not tell which addresses have an account, neither by its answer
nor by its timing. So the request does the same thing for every address: it writes the address
down (a ``PasswordResetRequest`` row, committed with nothing else) and wakes a worker. The
worker decides: for an address with an account it makes the link and queues the e-mail,
for any other it does nothing. A lost wake-up call loses nothing: the periodic sweep runs the
same job.

Every way of setting a new password ends the account's other sessions
(``User.end_every_session``); the view then opens a fresh one for whoever set it.
Functions here flush; the caller commits (the worker's job commits per request).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from webinars import clock
from webinars.accounts.models import PasswordReset, PasswordResetRequest, User
from webinars.accounts.service import AccountError, check_password_length, normalize_email, user_by_email
from webinars.extensions import db
from webinars.mail.service import queue_email
from webinars.tokens import hash_token, new_token
from webinars.urls import absolute_url

log = logging.getLogger(__name__)

PASSWORD_RESET_TTL = timedelta(hours=1)


class WrongPassword(AccountError):
    """The current password, asked before setting a new one, is not the account's."""


class ResetNotFound(AccountError):
    """Unknown password-reset link."""


class ResetExpired(AccountError):
    pass


class ResetUsed(AccountError):
    """Used already, or made void by another reset of the same account."""


# --- Changing one's password ----------------------------------------------------------


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password for a signed-in user who knows the current one; their other sessions end."""
    if not user.check_password(current_password):
        raise WrongPassword(user.id)
    check_password_length(new_password)
    user.set_password(new_password)
    user.end_every_session()
    db.session.flush()


# --- Forgotten passwords ------------------------------------------------------------


def request_password_reset(email: str, language: str) -> None:
    """Write the request down for the worker, whatever the address (see the module's docstring).

    The caller commits, then calls ``wake_worker``.
    """
    db.session.add(PasswordResetRequest(email=normalize_email(email), language=language, requested_at=clock.now()))
    db.session.flush()


def wake_worker() -> None:
    """After the request is committed, ask a worker to mail the link now rather than at the next sweep."""
    try:
        current_app.extensions["wake_password_resets"]()
    except Exception:  # the queue is down: the periodic sweep mails it
        log.warning("Could not wake the worker for a password reset; the periodic sweep will send it", exc_info=True)


def send_requested_password_resets() -> int:
    """The worker's job: answer every pending request. Returns how many links were e-mailed.

    Each request is claimed by deleting its row, in the transaction that queues its e-mail: of
    two workers running the job at once, only one gets the row, and a failure leaves it pending.
    """
    pending = db.session.scalars(select(PasswordResetRequest.id).order_by(PasswordResetRequest.id)).all()
    mailed = 0
    for request_id in pending:
        claimed = db.session.execute(
            delete(PasswordResetRequest)
            .where(PasswordResetRequest.id == request_id)
            .returning(PasswordResetRequest.email, PasswordResetRequest.language)
        ).first()
        if claimed is None:
            db.session.rollback()  # answered by another worker
            continue
        user = user_by_email(claimed.email)
        if user is not None:
            _mail_reset_link(user, claimed.language)
            mailed += 1
        db.session.commit()
    return mailed


def _mail_reset_link(user: User, language: str) -> PasswordReset:
    token, token_hash = new_token()
    reset = PasswordReset(user=user, token_hash=token_hash, expires_at=clock.now() + PASSWORD_RESET_TTL)
    db.session.add(reset)
    db.session.flush()
    queue_email(
        kind="password_reset",
        template="password_reset",
        to_address=user.email,
        to_name=user.full_name,
        language=language,
        context={"user_name": user.full_name, "link": absolute_url(f"/password/reset/{token}")},
    )
    return reset


def password_reset_for_token(token: str) -> PasswordReset:
    """The reset this link may still use, or the reason it may not."""
    reset = db.session.scalar(
        select(PasswordReset)
        .options(joinedload(PasswordReset.user))
        .where(PasswordReset.token_hash == hash_token(token))
    )
    if reset is None:
        raise ResetNotFound()
    if reset.is_used:
        raise ResetUsed(reset.id)
    if reset.is_expired:
        raise ResetExpired(reset.id)
    return reset


def reset_password(reset: PasswordReset, password: str) -> User:
    """Set the new password, once; every other open reset link of the account dies with this one,
    and so does every session of the account (whoever knew the old password is signed out)."""
    check_password_length(password)
    if reset.is_expired:
        raise ResetExpired(reset.id)
    now = clock.now()
    # Claimed with a conditional UPDATE: of two simultaneous uses only one wins.
    claimed = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise ResetUsed(reset.id)
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(reset)
    user = reset.user
    user.set_password(password)
    user.end_every_session()
    db.session.flush()
    return user
