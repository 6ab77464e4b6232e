"""Reaching a registration through a personal link, for every page behind ``/r/<token>``."""

from __future__ import annotations

from functools import cache

from flask import Response, abort, render_template
from sqlalchemy.orm import contains_eager, defer, joinedload

from webinars.accounts.models import ORGANIZATION_LONG_TEXTS
from webinars.events.models import Webinar
from webinars.personal_links import service as personal_links
from webinars.registration.models import Registration

# Every page behind a personal link shows the webinar, and most its organization's brand: joined into
# the link's query instead of two more round trips.
_WITH_WEBINAR = (joinedload(Registration.webinar).joinedload(Webinar.organization),)


def registration_for_token_or_404(token: str, unknown_page: str | None = None) -> Registration:
    """The registration a working link leads to; a revoked link gets a page that says so (410).

    ``unknown_page``: a page to answer a link that leads nowhere with (404), in a page's own
    words (the join page says the registration may have been erased), instead of the plain 404.
    """
    return _working_or_abort(personal_links.lookup(Registration, token, _WITH_WEBINAR), unknown_page)


# The webinar's long texts, which pages such as the personal page never show (nor the organization's:
# ORGANIZATION_LONG_TEXTS): left out of their statement, they are a sixth of its columns fewer to read
# (psycopg describes each column on every execution) and to key the page's content on.
_WEBINAR_LONG_TEXTS = (Webinar.description, Webinar.description_html, Webinar.description_text)


@cache
def _joined_webinar(without_long_texts: bool) -> tuple[tuple, tuple]:
    """The webinar and its organization joined (not eager-joined under an alias), so that columns
    correlated with them (webinars/events/fingerprints.py) can be read in the link's statement."""
    webinar, organization = contains_eager(Registration.webinar), contains_eager(Webinar.organization)
    if without_long_texts:
        organization = organization.options(*(defer(column) for column in ORGANIZATION_LONG_TEXTS))
        webinar = webinar.options(*(defer(column) for column in _WEBINAR_LONG_TEXTS), organization)
    else:
        webinar = webinar.options(organization)
    return (webinar,), (Registration.webinar, Webinar.organization)


def registration_and_values_for_token_or_404(
    token: str, columns: tuple, without_long_texts: bool = False
) -> tuple[Registration, tuple]:
    """``registration_for_token_or_404``, with the values of ``columns`` (a module's constant, correlated
    with ``Registration`` or ``Webinar``) read in the same statement. ``without_long_texts``: for a page
    that shows none of the long texts (one would be loaded with a statement of its own if read)."""
    options, joins = _joined_webinar(without_long_texts)
    found = personal_links.lookup(Registration, token, options, joins, columns)
    return _working_or_abort(found, None), found.values


def _working_or_abort(found: personal_links.Lookup, unknown_page: str | None) -> Registration:
    if found.is_revoked:
        page = render_template("registration/link_revoked.html")
        abort(Response(page, status=410, headers={"Cache-Control": "private, no-store"}))
    if not found.is_valid:
        if unknown_page is not None:
            abort(Response(render_template(unknown_page), status=404, headers={"Cache-Control": "private, no-store"}))
        abort(404)
    return found.holder
