"""The parts of a webinar's public page rendered once per content (webinars/rendered_parts.py).

Each part's key is the rows it shows, as loaded for this request: the webinar, its organization,
line-up (participations and people), agenda items with their speakers, and partners. Anything
else a part shows is derived from those rows, the visitor's language (which ``render_once`` adds to
the key) or the app's settings (its ``BASE_URL`` for absolute addresses).
"""

from __future__ import annotations

from markupsafe import Markup

from webinars.events.models import Webinar
from webinars.people.models import Participation
from webinars.rendered_parts import loaded_values, render_once
from webinars.sharing.service import share_links


def content_rows(webinar: Webinar) -> list[object]:
    """Every row the page's content shows (loaded by ``collections.load_public_content``)."""
    rows: list[object] = [webinar, webinar.organization, *webinar.partners]
    for participation in webinar.participations:
        rows += (participation, participation.person)
    for item in webinar.agenda_items:
        rows += (item, *item.speakers)
    return rows


def content_key(webinar: Webinar) -> tuple:
    """What both parts are a function of (each part reads a subset of these rows)."""
    return loaded_values(content_rows(webinar))


def content_html(webinar: Webinar, key: tuple, lineup: list[Participation], is_preview: bool, page_url: str) -> Markup:
    """Description, line-up, agenda, partners, organizer and share links (public/_webinar_content.html).

    ``lineup`` and ``page_url`` are derived from the webinar's rows and the app's ``BASE_URL``,
    ``is_preview`` from its status: the rows stand for them in the key."""
    return render_once(
        "public/_webinar_content.html",
        key,
        lambda: {
            "webinar": webinar,
            "lineup": lineup,
            "is_preview": is_preview,
            "page_url": page_url,
            "share_links": share_links(page_url, webinar.title, webinar.title, webinar.subtitle or webinar.title),
        },
    )


def calendar_html(webinar: Webinar, key: tuple) -> Markup:
    """The add-to-calendar links (invites/_add_to_calendar.html): from the webinar's own columns."""
    return render_once("invites/_add_to_calendar.html", key, lambda: {"webinar": webinar})
