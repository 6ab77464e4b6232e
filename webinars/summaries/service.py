"""Rules of a webinar's summary: when it opens, what the organizer adds to it, its article, its publication.

A summary opens once the webinar has ended (a cancelled webinar has none).
Highlights, quotes, key figures and slide links keep dense positions
(0, 1, 2...) in the organizer's order. Functions flush but never commit: the
view owns the transaction. What the public summary shows is chosen in
public_choices.py; the summary is gathered for its charts and files in document.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import clock
from webinars.agenda.service import lineup_people
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import format_event_datetime
from webinars.locks import lock_webinar
from webinars.people.models import Person
from webinars.summaries.facts import draft_for
from webinars.summaries.models import Highlight, KeyFigure, Quote, SlideLink, Summary
from webinars.webhooks import events as webhooks

Entry = Highlight | Quote | KeyFigure | SlideLink

# Which list of the summary each kind of entry belongs to.
_COLLECTIONS: dict[type, str] = {
    Highlight: "highlights",
    Quote: "quotes",
    KeyFigure: "key_figures",
    SlideLink: "slide_links",
}


class SummaryError(Exception):
    """A summary rule was broken; ``message`` is shown to the organizer, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SummaryNotOpen(SummaryError):
    """The webinar has not ended yet, or it was cancelled."""


class NotInLineup(SummaryError):
    """A quote attributed to someone who is neither the moderator nor a speaker of the webinar."""


class NotPublishable(SummaryError):
    """Publishing needs an article, and a webinar whose own page is public."""


# --- opening ------------------------------------------------------------------


def closed_reason(webinar: Webinar, now: datetime) -> str | None:
    """Why the webinar's summary cannot be opened at ``now``, or None when it can."""
    if webinar.is_cancelled:
        return _("A cancelled webinar has no summary.")
    if now < webinar.ends_at:
        return _(
            "The summary opens when the webinar ends, on %(date)s.",
            date=format_event_datetime(webinar.ends_at, webinar.timezone),
        )
    return None


def is_open(webinar: Webinar, now: datetime | None = None) -> bool:
    """The same rule as ``closed_reason``, without building a message (the tabs of every page ask)."""
    return not webinar.is_cancelled and (now or clock.now()) >= webinar.ends_at


def check_open(webinar: Webinar, now: datetime) -> None:
    reason = closed_reason(webinar, now)
    if reason is not None:
        raise SummaryNotOpen(reason)


def summary_of(webinar: Webinar) -> Summary | None:
    """The webinar's summary if an organizer has opened it, without creating it."""
    return db.session.scalar(select(Summary).where(Summary.webinar_id == webinar.id))


def summary_for(webinar: Webinar, now: datetime | None = None) -> Summary:
    """The webinar's summary, created the first time it is opened (once the webinar has ended)."""
    return open_summary(webinar, now)[0]


def open_summary(webinar: Webinar, now: datetime | None = None) -> tuple[Summary, bool]:
    """``summary_for``, and whether this call created the summary (and so has something to commit)."""
    check_open(webinar, now or clock.now())
    summary = summary_of(webinar)
    if summary is not None:
        return summary, False
    # Two organizers opening it at once must not make two: the second waits, then finds the first's.
    lock_webinar(webinar.id)
    summary = summary_of(webinar)
    if summary is not None:
        return summary, False
    summary = Summary(webinar=webinar)
    db.session.add(summary)
    db.session.flush()
    return summary, True


def published_summary_of(webinar: Webinar) -> Summary | None:
    summary = summary_of(webinar)
    return summary if summary is not None and summary.is_published else None


# --- highlights, quotes, key figures, slide links -------------------------------


def add_highlight(summary: Summary, text: str) -> Highlight:
    return _append(summary, Highlight(text=text))


def update_highlight(highlight: Highlight, text: str) -> Highlight:
    highlight.text = text
    return _touch(highlight)


def quotes_of(summary: Summary) -> list[Quote]:
    """The summary's quotes in order, with their speakers loaded in one query."""
    return list(
        db.session.scalars(
            select(Quote)
            .where(Quote.summary_id == summary.id)
            .options(selectinload(Quote.person))
            .order_by(Quote.position, Quote.id)
        )
    )


def quote_speakers(webinar: Webinar) -> list[Person]:
    """Who a quote can be attributed to: the webinar's moderator and speakers, in line-up order."""
    return lineup_people(webinar)


def add_quote(summary: Summary, text: str, person_id: int, at_second: int | None = None) -> Quote:
    speaker = _speaker_of(summary.webinar, person_id)
    return _append(summary, Quote(text=text, person=speaker, at_second=at_second))


def update_quote(quote: Quote, text: str, person_id: int, at_second: int | None = None) -> Quote:
    speaker = _speaker_of(quote.summary.webinar, person_id)
    quote.text, quote.person, quote.at_second = text, speaker, at_second
    return _touch(quote)


def _speaker_of(webinar: Webinar, person_id: int) -> Person:
    speaker = next((person for person in quote_speakers(webinar) if person.id == person_id), None)
    if speaker is None:
        raise NotInLineup(_("Choose the moderator or one of the speakers of this webinar."))
    return speaker


def add_key_figure(summary: Summary, value: str, label: str) -> KeyFigure:
    return _append(summary, KeyFigure(value=value, label=label))


def update_key_figure(figure: KeyFigure, value: str, label: str) -> KeyFigure:
    figure.value, figure.label = value, label
    return _touch(figure)


def add_slide_link(summary: Summary, title: str, url: str) -> SlideLink:
    return _append(summary, SlideLink(title=title, url=url))


def update_slide_link(link: SlideLink, title: str, url: str) -> SlideLink:
    link.title, link.url = title, url
    return _touch(link)


def entry_of(summary: Summary, kind: type[Entry], entry_id: int) -> Entry | None:
    """One of this summary's entries; None for an unknown id or another summary's."""
    return next((entry for entry in _siblings_in(summary, kind) if entry.id == entry_id), None)


def delete_entry(entry: Entry) -> None:
    summary = entry.summary
    siblings = _siblings_in(summary, type(entry))
    siblings.remove(entry)  # delete-orphan removes the row
    _renumber(siblings)
    _touch_summary(summary)


def move_entry(entry: Entry, direction: Literal["up", "down"]) -> None:
    """Swap an entry with the one before or after it; at either end nothing moves."""
    summary = entry.summary
    # A copy: swapping inside the relationship's own list would orphan (and delete) an entry.
    siblings = list(_siblings_in(summary, type(entry)))
    index = siblings.index(entry)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(siblings)
    db.session.expire(summary, [_COLLECTIONS[type(entry)]])  # read again in the new order
    _touch_summary(summary)


def _siblings_in(summary: Summary, kind: type) -> list:
    return getattr(summary, _COLLECTIONS[kind])


def _append(summary: Summary, entry):
    siblings = _siblings_in(summary, type(entry))
    entry.position = len(siblings)
    siblings.append(entry)
    _touch_summary(summary)
    return entry


def _renumber(siblings: list) -> None:
    for position, entry in enumerate(siblings):
        entry.position = position
    db.session.flush()


def _touch(entry):
    _touch_summary(entry.summary)
    return entry


def _touch_summary(summary: Summary) -> None:
    """Entries live in their own tables: bump the summary's ``updated_at`` so it says when it last changed."""
    summary.updated_at = clock.now()
    db.session.flush()


# --- recording and article --------------------------------------------------------


def set_recording(summary: Summary, url: str | None) -> None:
    summary.recording_url = url or None
    db.session.flush()


def save_article(summary: Summary, title: str | None, body: str | None) -> None:
    summary.article_title = (title or "").strip() or None
    summary.article = (body or "").strip() or None
    db.session.flush()


def redraft_article(summary: Summary, now: datetime) -> None:
    """Replace the article (title and body) with a new draft from the webinar's data, in its language."""
    drafted = draft_for(summary)
    summary.article_title = drafted.title
    summary.article = drafted.body
    summary.article_drafted_at = now
    db.session.flush()


# --- publication --------------------------------------------------------------


def publication_problem(summary: Summary, now: datetime) -> str | None:
    """What stops the summary from being published, as a sentence; None when it can be."""
    reason = closed_reason(summary.webinar, now)
    if reason is not None:
        return reason
    if not summary.webinar.is_published:
        return _("The webinar's own page is not public: publish the webinar first.")
    if not (summary.article or "").strip():
        return _("Write the article first (or draft it from the webinar's data), then publish.")
    return None


def publish(summary: Summary, now: datetime) -> None:
    problem = publication_problem(summary, now)
    if problem is not None:
        raise NotPublishable(problem)
    if summary.published_at is None:
        summary.published_at = now
        db.session.flush()
        webhooks.record_summary_published(summary)
    db.session.flush()


def unpublish(summary: Summary) -> None:
    summary.published_at = None
    db.session.flush()
