"""The recap article drafted from a webinar's facts, in the webinar's language (French or English).

A pure function of its input: facts in, Markdown out, no database and no
request. The organizer edits the draft before publishing, but it must read
well as drafted. Both languages follow one plan (which sentences, in which
order, for which facts), but each supplies whole phrases with its own
grammar (plurals, one speaker or several, dates, quotation marks) rather
than words slotted into one template: the plan is in recap_writer.py, the
phrases in recap_languages.py, the Markdown and typography in recap_text.py.

Text typed by users (titles, names, organizations, quotes) never gets an
article or an agreement it would need to know the gender or form of; the
organizer's name takes the article its organization chose ("organisé par
l'APEBI"), and partners appear after "avec" as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from webinars.summaries.recap_languages import WRITERS
from webinars.summaries.recap_text import clipped

TITLE_LIMIT = 300  # Summary.article_title


@dataclass(frozen=True)
class RecapPerson:
    full_name: str
    position: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class RecapSignatory:
    full_name: str
    party_name: str


@dataclass(frozen=True)
class RecapConvention:
    title: str
    signatories: tuple[RecapSignatory, ...]
    signed_during_event: bool
    signed_on: date


@dataclass(frozen=True)
class RecapQuote:
    text: str
    speaker: RecapPerson
    at_second: int | None = None  # where it is said in the recording


@dataclass(frozen=True)
class RecapKeyFigure:
    value: str
    label: str


@dataclass(frozen=True)
class RecapFacts:
    language: str  # "fr" or "en": the webinar's language, not the visitor's
    organizer: str  # the organization's name
    partners: tuple[str, ...]
    title: str
    starts_local: datetime  # aware, in the webinar's zone
    moderator: RecapPerson | None
    speakers: tuple[RecapPerson, ...]
    conventions: tuple[RecapConvention, ...]
    key_figures: tuple[RecapKeyFigure, ...]
    quotes: tuple[RecapQuote, ...]
    attendees: int  # 0 when unknown or nobody was marked
    recording_url: str | None
    # The organizer's highlights, one point each, in their order.
    highlights: tuple[str, ...] = ()
    # The article the organizer's name takes in French ("l'APEBI", "le CRI"): webinars/french.py.
    organizer_article: str | None = None


@dataclass(frozen=True)
class DraftedArticle:
    title: str
    body: str  # Markdown


def draft_article(facts: RecapFacts) -> DraftedArticle:
    writer = WRITERS.get(facts.language, WRITERS["fr"])(facts)
    paragraphs = [
        writer.opening(),
        writer.highlights(),
        writer.conventions(),
        *writer.quotes(),
        writer.key_figures(),
        writer.links(),
    ]
    body = "\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n"
    return DraftedArticle(title=clipped(writer.title(), TITLE_LIMIT), body=body)
