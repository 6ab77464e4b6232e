"""Signed-in sessions: how they start, end and expire.

Sessions are cookies signed with the secret key; app servers keep nothing, so ending a
session cannot mean forgetting it on a server. Instead each account has a session key
(``User.session_key``) that every session cookie of the account carries (it is what
``User.get_id()`` returns, kept by Flask-Login in the cookie). ``load_user``, which Flask-Login
calls once per request, compares it with the account's key in the same primary-key lookup
it makes anyway: a new key (``User.end_every_session``: signing out, a new password, removal
from a team) makes every cookie issued before refused, on every server, a copied one included.

Each session also records when it was signed in and when it was last used. It ends after
``SESSION_IDLE_HOURS`` without a request, and ``SESSION_LIFETIME_DAYS`` after signing in
whatever happens. A session is only ever started by signing in (``start_session``): Flask-Login's
"remember me" cookies are not issued, and one presented anyway opens nothing, since the
session it would restore has no sign-in time.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user, logout_user

from webinars import clock
from webinars.accounts.models import User
from webinars.extensions import db

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# How stale the "last seen" time may get before it is written again: rewriting the cookie on
# every request would cost a Set-Cookie each time for no gain at this scale.
SEEN_RESOLUTION = timedelta(minutes=1)
# Flask-Login's own keys, dropped with ours when a session is refused.
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds", SIGNED_IN_AT, LAST_SEEN_AT)


def start_session(user: User) -> None:
    """Sign ``user`` in with a fresh session: nothing planted in the cookie before survives."""
    session.clear()
    login_user(user)
    now = _timestamp()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


def end_session() -> None:
    """Forget the sign-in in this browser (the caller ends the account's other sessions)."""
    logout_user()
    session.clear()


def load_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the account of a session that is still valid, or None."""
    user_id, separator, key = session_id.partition(":")
    if not separator or not user_id.isdigit() or not _within_time_limits():
        _forget_sign_in()
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_key.encode(), key.encode()):
        _forget_sign_in()
        return None
    now = _timestamp()
    if now - session[LAST_SEEN_AT] >= SEEN_RESOLUTION.total_seconds():
        session[LAST_SEEN_AT] = now
    return user


def _within_time_limits() -> bool:
    signed_in_at, last_seen_at = session.get(SIGNED_IN_AT), session.get(LAST_SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(last_seen_at, int):
        return False  # not opened by signing in (a "remember me" cookie, an older cookie)
    config = current_app.config
    now = _timestamp()
    idle = timedelta(hours=float(config["SESSION_IDLE_HOURS"])).total_seconds()
    lifetime = timedelta(days=float(config["SESSION_LIFETIME_DAYS"])).total_seconds()
    return now - last_seen_at < idle and now - signed_in_at < lifetime


def _forget_sign_in() -> None:
    for key in _LOGIN_KEYS:
        session.pop(key, None)


def _timestamp() -> int:
    return int(clock.now().timestamp())
