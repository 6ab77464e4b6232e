"""Reaching a registration through a personal link, for every page behind ``/r/<token>``."""

from __future__ import annotations

from flask import Response, abort, render_template

from webinars.personal_links import service as personal_links
from webinars.registration.models import Registration


def registration_for_token_or_404(token: str) -> Registration:
    """The registration a working link leads to; a revoked link gets a page that says so (410)."""
    found = personal_links.lookup(Registration, token)
    if found.is_revoked:
        page = render_template("registration/link_revoked.html")
        abort(Response(page, status=410, headers={"Cache-Control": "private, no-store"}))
    if not found.is_valid:
        abort(404)
    return found.holder
