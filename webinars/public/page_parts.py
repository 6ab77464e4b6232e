"""The parts of a webinar's public page rendered once per content (webinars/rendered_parts.py).

A part's key is the rows it shows: the webinar and its organization as loaded, and its collections
(line-up and people, agenda items and their speakers, partners) as the texts the database wrote of
them in the same statement (webinars/events/fingerprints.py). The collections are loaded as objects
only when a part is rendered (``lineup`` below is a function for that reason). Anything else a part
shows is derived from those rows, the visitor's language (which ``render_once`` adds to the key),
the app's settings (its ``BASE_URL`` for absolute addresses) or the plain values added to its key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from markupsafe import Markup

from webinars.events.models import Webinar
from webinars.people.models import Participation
from webinars.public.service import RegistrationFacts
from webinars.rendered_parts import loaded_values, render_once
from webinars.sharing.service import Seats, event_json_ld, share_image_url, share_links

Lineup = Callable[[], list[Participation]]


@dataclass(frozen=True)
class Moment:
    """What the page says that depends on the instant, the seats taken or other rows: in the key."""

    registration: RegistrationFacts
    seats: Seats
    show_join_link: bool
    is_preview: bool
    summary_url: str | None

    def as_context(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def content_key(webinar: Webinar, collection_texts: tuple) -> tuple:
    """What every part is a function of (each reads a subset of these rows)."""
    return (loaded_values((webinar, webinar.organization)), collection_texts)


def article_html(
    webinar: Webinar,
    key: tuple,
    lineup: Lineup,
    *,
    moment: Moment,
    page_url: str,
    still_current: Callable[[], bool],
) -> Markup:
    """The page below the site's header (public/_webinar_article.html): title, date, registration
    box with its add-to-calendar links, description, line-up, agenda, partners, organizer, share links.

    ``lineup`` and ``page_url`` are derived from the webinar's rows and the app's ``BASE_URL``;
    whatever depends on the instant or the seats taken is in ``moment``, part of the key."""
    return render_once(
        "public/_webinar_article.html",
        (key, moment),
        lambda: {
            "webinar": webinar,
            "lineup": lineup(),
            "page_url": page_url,
            "share_links": share_links(page_url, webinar.title, webinar.title, webinar.subtitle or webinar.title),
            **moment.as_context(),
        },
        still_current,
    )


def head_html(
    webinar: Webinar,
    key: tuple,
    lineup: Lineup,
    *,
    page_url: str,
    seats: Seats,
    registration_open: bool,
    is_preview: bool,
    still_current: Callable[[], bool],
) -> Markup:
    """The page's description, link previews and schema.org Event (public/_webinar_head.html): the
    rows, plus the seats left and whether registration is open (the Event's availability)."""

    def context() -> dict:
        people = lineup()
        image_url = share_image_url(webinar, people)
        return {
            "webinar": webinar,
            "is_preview": is_preview,
            "page_url": page_url,
            "share_image_url": image_url,
            "event_json_ld": event_json_ld(webinar, people, page_url, image_url, seats, registration_open),
        }

    return render_once("public/_webinar_head.html", (key, seats, registration_open, is_preview), context, still_current)
