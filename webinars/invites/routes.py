"""Calendar files over HTTP: a webinar's public .ics, an organization's feed, a registrant's invite.

Views only look things up and add headers; the files come from ``content``/``builder``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.http import is_resource_modified

from webinars import clock
from webinars.accounts.models import Organization
from webinars.extensions import db
from webinars.events.models import Webinar
from webinars.i18n import current_language
from webinars.events import fingerprints
from webinars.invites import content, personal_files
from webinars.invites.links import (
    EventLinkDetails,
    google_calendar_url,
    microsoft_365_url,
    outlook_com_url,
    webcal_url,
)
from webinars.invites.queries import announced_webinar_or_404, feed_state_or_404, feed_webinars, with_entry_content
from webinars.registration.models import RegistrationState
from webinars.registration.access import registration_and_values_for_token_or_404
from webinars.urls import absolute_url

bp = Blueprint("invites", __name__)

# RFC 5545 §8.1 and RFC 6047: the media type repeats the file's METHOD, or some clients ignore it.
def calendar_type(method: str) -> str:
    return f"text/calendar; charset=utf-8; method={method}"


# Public files and the feed: shared caches keep them 5 minutes, then revalidate with the ETag (README).
PUBLIC_CACHE = "public, max-age=300"
# Bumped when the files' layout changes, so that feed clients holding an old copy download the new one.
FEED_FORMAT = "1"


def calendar_response(body: bytes, filename: str, *, method: str, download: bool, cache: str) -> Response:
    response = Response(body, content_type=calendar_type(method))
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    return response


def not_modified(etag: str, last_modified: datetime | None, cache: str) -> Response:
    response = Response(status=304)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = cache
    return response


@bp.get("/webinars/<slug>.ics")
def public_calendar(slug: str):
    """METHOD:PUBLISH, for anyone; drafts do not exist here, even for their organizers."""
    webinar = announced_webinar_or_404(slug)
    body = content.public_calendar(webinar)
    cache = PUBLIC_CACHE
    etag = hashlib.sha256(body).hexdigest()[:32]
    if not is_resource_modified(request.environ, etag=etag, last_modified=webinar.updated_at):
        return not_modified(etag, webinar.updated_at, cache)
    response = calendar_response(body, f"{webinar.slug}.ics", method="PUBLISH", download=True, cache=cache)
    response.set_etag(etag)
    response.last_modified = webinar.updated_at
    return response


@bp.get("/organizations/<slug>/calendar.ics")
def organization_feed(slug: str):
    """The organization's webinars from 30 days back, for calendar subscriptions.

    Clients poll it; the ETag comes from one small query, so a 304 costs no file building.
    """
    now = clock.now()
    state = feed_state_or_404(slug, now)
    language = feed_language()
    fingerprint = f"{FEED_FORMAT}:{state.organization_id}:{state.name}:{state.count}:{state.last_modified}:{language}"
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    cache = PUBLIC_CACHE
    if not is_resource_modified(request.environ, etag=etag, last_modified=state.last_modified):
        response = not_modified(etag, state.last_modified, cache)
    else:
        with force_locale(language):
            description = _("Webinars organized by %(organization)s.", organization=state.name)
        body = content.feed_calendar(state.name, description, feed_webinars(state.organization_id, now))
        response = calendar_response(body, f"{slug}.ics", method="PUBLISH", download=False, cache=cache)
        response.set_etag(etag)
        if state.last_modified is not None:
            response.last_modified = state.last_modified
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


def feed_language() -> str:
    """``?language=`` from the subscription link (not ``?lang=``, which sets a cookie), else the visitor's."""
    chosen = request.args.get("language")
    return chosen if chosen in current_app.config["LANGUAGES"] else current_language()


@bp.get("/r/<token>/invite.ics")
def personal_invite(token: str):
    """A registrant's own invite (METHOD:REQUEST), or its cancellation once their seat or the webinar
    is cancelled; someone who never had an invite gets a page saying why there is none."""
    # The webinar and its organization joined into the link's statement, with what the invite describes
    # as the database writes it (the key of the file made once: webinars/invites/personal_files.py).
    registration, texts = registration_and_values_for_token_or_404(token, fingerprints.public_content_columns())
    webinar = registration.webinar
    file_name = f"{webinar.slug}.ics"  # read before a commit expires the webinar (a reload for its slug)
    now = clock.now()
    if registration.state is RegistrationState.CONFIRMED and webinar.is_published:
        if registration.invite_sent_at is None:
            registration.invite_sent_at = now  # now it is in their calendar: a cancellation must remove it
            db.session.commit()  # first: the file is then made once under the row as it stays
        body, method = personal_files.personal_invite(registration, token, now, texts), "REQUEST"
    elif registration.invite_sent_at is not None and (registration.state is RegistrationState.CANCELLED or webinar.is_cancelled):
        with_entry_content(webinar)
        body, method = content.personal_cancellation(registration, stamp=now), "CANCEL"
    else:
        page = render_template("invites/no_invite.html", registration=registration, webinar=webinar, token=token)
        return Response(page, status=404, headers={"Cache-Control": "private, no-store"})
    return calendar_response(body, file_name, method=method, download=True, cache="private, no-store")


# Links shown on the webinar page


@dataclass(frozen=True)
class AddToCalendarLinks:
    ics_url: str
    google: str
    outlook_com: str
    microsoft_365: str


@bp.app_template_global("add_to_calendar_links")
def add_to_calendar_links(webinar: Webinar) -> AddToCalendarLinks:
    page = content.webinar_page_url(webinar)
    event = EventLinkDetails(
        title=webinar.title,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        details=content.link_details(webinar),
        location=webinar.join_url if content.join_link_is_public(webinar) else page,
    )
    return AddToCalendarLinks(
        ics_url=url_for("invites.public_calendar", slug=webinar.slug),
        google=google_calendar_url(event),
        outlook_com=outlook_com_url(event),
        microsoft_365=microsoft_365_url(event),
    )


@bp.app_template_global("calendar_feed_url")
def calendar_feed_url(organization: Organization) -> str:
    """The organization's feed as a ``webcal://`` link (in the visitor's language)."""
    path = url_for("invites.organization_feed", slug=organization.slug, language=current_language())
    return webcal_url(absolute_url(path))
