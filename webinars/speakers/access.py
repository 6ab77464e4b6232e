"""Reaching a speaker space through a personal link, and the upload limit of slides."""

from __future__ import annotations

from functools import wraps

from flask import Response, abort, current_app, render_template, request

from webinars.extensions import csrf
from webinars.personal_links import service as personal_links
from webinars.speakers.models import SpeakerSpace

PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


def space_for_token_or_404(token: str) -> SpeakerSpace:
    """The space a working link leads to. A revoked link and a person taken out of the line-up
    get a page that says so (410); an unknown link a 404."""
    found = personal_links.lookup(SpeakerSpace, token)
    if found.is_revoked:
        abort(Response(render_template("speakers/link_revoked.html"), status=410, headers=PRIVATE))
    if not found.is_valid:
        abort(Response(render_template("speakers/link_invalid.html"), status=404, headers=PRIVATE))
    space = found.holder
    if space.is_removed:
        page = render_template("speakers/removed.html", space=space, webinar=space.webinar)
        abort(Response(page, status=410, headers=PRIVATE))
    return space


# Room for the form's other fields and the multipart framing around the file.
_FORM_OVERHEAD = 256 * 1024


def accepts_slides(view):
    """Raise this request's size limit to the slides' (``MAX_SLIDES_BYTES``, above the app's
    ``MAX_CONTENT_LENGTH``) before anything reads the body. The CSRF check that normally runs
    before every view would read it first, with the lower limit: the view is exempted from it and
    runs it here, after the limit is set (its form checks the token too)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        request.max_content_length = current_app.config["MAX_SLIDES_BYTES"] + _FORM_OVERHEAD
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        return view(*args, **kwargs)

    return csrf.exempt(wrapped)
