"""Response headers and redirect targets that keep visitors safe."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, request, session

log = logging.getLogger(__name__)

_POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]
CONTENT_SECURITY_POLICY = "; ".join(_POLICY)


def content_security_policy(*, frame_src: tuple[str, ...] = (), media_src: tuple[str, ...] = ()) -> str:
    """The policy of every page, opened to these origins for one page that needs it (a summary's recording)."""
    policy = list(_POLICY)
    if frame_src:
        policy.append("frame-src " + " ".join(frame_src))
    if media_src:
        policy.append("media-src 'self' " + " ".join(media_src))
    return "; ".join(policy)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
)

# The embeddable registration form (registration/public_routes.py) may be framed by any site:
# its own policy with ``frame-ancestors *``, and no X-Frame-Options. Only views that call
# ``embeddable`` get it; every other page keeps ``frame-ancestors 'none'`` and DENY.
EMBEDDABLE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
FRAMEABLE_MARK = "X-Webinars-Frameable"  # set by ``embeddable``, removed by the middleware

# Shown when even the error page could not be made (the database is down while the page
# asks who is signed in, say): no template, no query, both languages.
LAST_RESORT_PAGE = (
    b"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>500</title></head><body>\n"
    b"<h1>Something went wrong</h1><p>An unexpected error occurred. Please try again later.</p>\n"
    b"<h1 lang=\"fr\">Une erreur est survenue</h1><p lang=\"fr\">Une erreur inattendue s'est produite. "
    b"Veuillez r\xc3\xa9essayer plus tard.</p>\n</body></html>\n"
)

# Flask-Login keeps the signed-in account under this session key.
SIGNED_IN_KEY = "_user_id"
# Served to members as to everyone, and meant to be cached: style sheets, scripts, photos
# (a draft's photo is already marked private by its view).
SHARED_ENDPOINTS = frozenset(
    {
        "static", "people.photo", "organizations.logo", "organizations.brand_stylesheet_file",
        "sharing.cover", "sharing.cover_small", "sharing.partner_logo", "sharing.qr_code", "sharing.share_image",
    }
)


class SecurityHeaders:
    """WSGI middleware: the security headers on every response, whatever made it.

    Outside Flask's request hooks on purpose: a response made by an error handler, or by no
    handler at all, carries them too. When the app's own error handling fails (the 500 page
    needs the database, which is down), it answers a plain 500 page itself rather than letting
    the server send one without them.
    """

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            if FRAMEABLE_MARK.lower() in present:
                # A view that may be framed (``embeddable``) set its own policy: no X-Frame-Options.
                headers[:] = [(name, value) for name, value in headers if name.lower() != FRAMEABLE_MARK.lower()]
                present |= {"x-frame-options"}
            headers.extend((name, value) for name, value in SECURITY_HEADERS if name.lower() not in present)
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, start_with_headers)
        except Exception:
            if self._propagates():
                raise
            log.exception("Could not show the error page of %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            start_with_headers(
                "500 INTERNAL SERVER ERROR",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(LAST_RESORT_PAGE)))],
            )
            return [LAST_RESORT_PAGE]

    def _propagates(self) -> bool:
        """Flask's own rule: errors reach the caller in tests and in debug mode."""
        configured = self.app.config.get("PROPAGATE_EXCEPTIONS")
        return configured if configured is not None else (self.app.testing or self.app.debug)


def embeddable(view_result):
    """The response of a view that other sites may show in a frame (see above)."""
    from flask import make_response

    response = make_response(view_result)
    response.headers["Content-Security-Policy"] = EMBEDDABLE_CONTENT_SECURITY_POLICY
    response.headers[FRAMEABLE_MARK] = "1"
    return response


def keep_private_pages_private(response):
    """One rule for every view (an ``after_request`` hook), so no page can forget it:

    - a page whose address holds a personal token (``/r/<token>``, ``/sign/<token>``,
      ``/invitations/<token>``, ``/password/reset/<token>``: any route with a ``token``
      argument) is kept out of every cache, and its address is not sent on as a Referer;
    - every page answered to a signed-in member is theirs alone: kept out of every cache
      (shared caches, the browser's back-button copies after signing out).
    """
    holds_token = "token" in (request.view_args or {})
    if holds_token:
        response.headers["Referrer-Policy"] = "no-referrer"
    if holds_token or (_is_signed_in() and request.endpoint not in SHARED_ENDPOINTS):
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _is_signed_in() -> bool:
    # The session's content only, no query: cookie-less visitors (most public pages) are not
    # even read, so their pages do not become "Vary: Cookie".
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies and SIGNED_IN_KEY in session


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths: '/manage/...', never '//evil', '/\\evil' or 'https:evil'."""
    if not target or not target.startswith("/"):
        return False
    if target.startswith("//") or target.startswith("/\\"):
        return False
    if any(ch in target for ch in ("\\", "\r", "\n", "\t")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
