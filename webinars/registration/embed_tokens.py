"""The anti-forgery token of the registration form embedded in another site.

In a frame on a third-party page, the browser does not send the session cookie (SameSite=Lax), so
Flask-WTF's token, kept in the session, cannot work there. The embedded form carries its own:
signed with the app's secret key (itsdangerous), naming the webinar, valid for a few hours.
A forged POST from elsewhere lacks a valid token; a token for one webinar does not fit another.
The registration rate limits apply to the embedded form as to the normal one.
"""

from __future__ import annotations

import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from webinars.events.models import Webinar

FIELD_NAME = "embed_token"
SALT = "webinars.registration.embed"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(webinar: Webinar) -> str:
    return _serializer().dumps({"w": webinar.id, "n": secrets.token_urlsafe(8)})


def is_valid(token: str | None, webinar: Webinar) -> bool:
    if not token:
        return False
    try:
        payload = _serializer().loads(token, max_age=current_app.config["EMBED_TOKEN_MAX_AGE"])
    except BadSignature:  # also SignatureExpired, its subclass
        return False
    return isinstance(payload, dict) and payload.get("w") == webinar.id
