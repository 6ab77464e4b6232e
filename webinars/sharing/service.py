"""What a webinar's page offers to spread it: seats left, share links, QR codes, previews, JSON-LD.

Pure functions where they can be (share links, the QR code, the JSON-LD document), tested without
the app; the few that need the database say so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

import segno
from flask import url_for
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import format_event_span
from webinars.people.models import Participation, Person
from webinars.sharing.share_image import DEFAULT_COLOUR, ShareCard, share_image_key
from webinars.timezones import to_local
from webinars.urls import absolute_url


# --- seats ----------------------------------------------------------------------


@dataclass(frozen=True)
class Seats:
    """What the page says about places: ``left`` is None when the webinar has no capacity."""

    capacity: int | None
    left: int | None
    waitlist_open: bool

    @property
    def is_full(self) -> bool:
        return self.left is not None and self.left <= 0


def seats_of(webinar: Webinar, seats_taken: int) -> Seats:
    """The places left, from the confirmed registrations (read with the webinar: public/service.py)."""
    if webinar.capacity is None:
        return Seats(capacity=None, left=None, waitlist_open=webinar.waitlist_enabled)
    left = max(0, webinar.capacity - seats_taken)
    return Seats(capacity=webinar.capacity, left=left, waitlist_open=webinar.waitlist_enabled)


# --- share links ------------------------------------------------------------------


@dataclass(frozen=True)
class ShareLink:
    network: str  # "linkedin", "x", ...: a CSS class and a test handle
    label: str  # the visible name ("LinkedIn", "E-mail")
    href: str


def share_links(page_url: str, title: str, email_subject: str, email_body: str) -> list[ShareLink]:
    """Plain links to each network's own share page: no script, no tracker, nothing loaded from them."""
    text = title
    return [
        ShareLink("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": page_url})),
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"url": page_url, "text": text})),
        ShareLink("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": page_url})),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": f"{text} {page_url}"})),
        ShareLink(
            "email",
            _("E-mail"),
            "mailto:?subject=" + quote(email_subject, safe="") + "&body=" + quote(f"{email_body}\n\n{page_url}", safe=""),
        ),
    ]


def page_url_of(webinar: Webinar) -> str:
    return absolute_url(url_for("public.webinar", slug=webinar.slug))


# --- QR code ------------------------------------------------------------------------


def qr_svg(url: str) -> bytes:
    """The page's address as an SVG QR code (for slides and print: it scales without blur)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=4, xmldecl=True, title=url)
    return buffer.getvalue()


def qr_png(url: str) -> bytes:
    """The same as a PNG, 10 pixels per module (for tools that take no SVG)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


# --- share previews ------------------------------------------------------------------


def brand_colour(webinar: Webinar) -> str:
    """The organization's colour when it has one (organization settings), else the app's."""
    return getattr(webinar.organization, "brand_color", None) or DEFAULT_COLOUR


def share_card(webinar: Webinar, lineup: list[Participation]) -> ShareCard:
    """What the generated share picture shows, in the event's language."""
    language = webinar.language.value
    return ShareCard(
        title=webinar.title,
        when=format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language),
        organization=webinar.organization.name,
        colour=brand_colour(webinar),
        photo_hashes=tuple(p.person.photo_hash for p in lineup if p.person.photo_hash)[:4],
        # The organization's logo once organizations have one (organization settings).
        logo_hash=getattr(webinar.organization, "logo_hash", None),
    )


def share_image_url(webinar: Webinar, lineup: list[Participation]) -> str:
    """The cover when there is one; otherwise the generated picture, whose address changes with it."""
    if webinar.cover_url:
        return absolute_url(webinar.cover_url)
    key = share_image_key(share_card(webinar, lineup))
    return absolute_url(url_for("sharing.share_image", slug=webinar.slug, key=key))


def photos_of(card: ShareCard, organization_id: int) -> list[bytes]:
    """The photos the card shows, in its order (one query)."""
    if not card.photo_hashes:
        return []
    rows = db.session.execute(
        select(Person.photo_hash, Person.photo)
        .where(Person.organization_id == organization_id, Person.photo_hash.in_(card.photo_hashes))
    )  # the deferred column is loaded since it is selected by name: no loader option (they apply to entities)
    by_hash = {photo_hash: photo for photo_hash, photo in rows}
    return [by_hash[h] for h in card.photo_hashes if by_hash.get(h)]


def logo_of(card: ShareCard, organization_id: int) -> bytes | None:
    """The organization's logo for the card (one query), when it has one."""
    from webinars.accounts.models import Organization

    column = getattr(Organization, "logo", None)
    if card.logo_hash is None or column is None:
        return None
    return db.session.scalar(select(column).where(Organization.id == organization_id))


# --- schema.org Event ------------------------------------------------------------------


def event_json_ld(
    webinar: Webinar,
    lineup: list[Participation],
    page_url: str,
    image_url: str,
    seats: Seats,
    registration_open: bool,
) -> dict:
    """A schema.org ``Event`` so search engines can show the webinar (dates with their offsets)."""
    organization = webinar.organization
    organizer = {"@type": "Organization", "name": organization.name}
    if getattr(organization, "website", None):
        organizer["url"] = organization.website
    if webinar.is_cancelled:
        status = "https://schema.org/EventCancelled"
    else:
        status = "https://schema.org/EventScheduled"
    if seats.is_full and not seats.waitlist_open:
        availability = "https://schema.org/SoldOut"
    elif not registration_open:
        availability = "https://schema.org/Discontinued" if webinar.is_cancelled else "https://schema.org/OutOfStock"
    elif seats.left is not None and seats.left <= 10:
        availability = "https://schema.org/LimitedAvailability"
    else:
        availability = "https://schema.org/InStock"
    document = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": webinar.title,
        "startDate": _with_offset(webinar.starts_at, webinar.timezone),
        "endDate": _with_offset(webinar.ends_at, webinar.timezone),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": status,
        "inLanguage": webinar.language.value,
        "location": {"@type": "VirtualLocation", "url": page_url},
        "image": [image_url],
        "url": page_url,
        "organizer": organizer,
        "isAccessibleForFree": True,
        "offers": {
            "@type": "Offer",
            "price": 0,
            "availability": availability,
            "url": page_url + "#registration",
        },
    }
    if webinar.subtitle or webinar.description_text:
        document["description"] = (webinar.subtitle or webinar.description_text)[:500]
    if webinar.registration_opens_at:
        document["offers"]["validFrom"] = _with_offset(webinar.registration_opens_at, webinar.timezone)
    performers = [
        {"@type": "Person", "name": p.person.full_name, **({"affiliation": {"@type": "Organization", "name": p.person.affiliation}} if p.person.affiliation else {})}
        for p in lineup
    ]
    if performers:
        document["performer"] = performers
    return document


def _with_offset(moment: datetime, zone_name: str) -> str:
    """'2020-12-18T10:00:00+01:00': the event's own wall time, with its offset."""
    return to_local(moment, zone_name).isoformat()


def embed_snippet(webinar: Webinar) -> str:
    """The HTML an organizer pastes into their own site: the form in a frame that fits its height."""
    # In the webinar's language: the host page is the organization's, whatever language its visitor reads.
    frame_url = absolute_url(url_for("registration.embed", slug=webinar.slug, lang=webinar.language.value))
    script_url = absolute_url(url_for("static", filename="embed-host.js"))
    title = _("Registration: %(title)s", title=webinar.title)
    return (
        f'<iframe src="{escape(frame_url)}" title="{escape(title)}" data-webinars-embed '
        f'style="width:100%;min-height:640px;border:0" loading="lazy"></iframe>\n'
        f'<script src="{escape(script_url)}" async></script>'
    )
