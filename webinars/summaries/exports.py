"""A published summary as a file: a Markdown document, and a PDF made by WeasyPrint.

Both are pure functions of a ``SummaryDocument``, the summary already put into
words in the webinar's language (``document.summary_document`` gathers it).
Like the public page, a document holds aggregates only: no registrant's name
or address ever reaches it. WeasyPrint may fetch nothing but ``data:`` URLs:
the charts are inline SVG, the fonts are the system's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from babel.numbers import format_decimal, format_percent
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from webinars.french import name_words
from webinars.markdown import render_markdown
from webinars.organizations.brand import Letterhead

if TYPE_CHECKING:
    from webinars.summaries.attendance import AttendanceFigures


@dataclass(frozen=True)
class DocumentPerson:
    role: str  # "Moderator", "Speaker", in the document's language
    full_name: str
    position: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class FigureLine:
    label: str
    value: str  # formatted for the document's language ("58 %", "1 234")
    # A sentence about the figures rather than a figure ("Attendance counted from" what): not a card.
    is_note: bool = False


@dataclass(frozen=True)
class DocumentQuote:
    text: str
    speaker: str
    speaker_details: str | None  # position, organization
    timestamp: str | None  # "1:02:03"


@dataclass(frozen=True)
class DocumentConvention:
    title: str
    signed_on: str
    parties: list[str]  # "CRI Fès-Meknès (Yassine Tazi)"


@dataclass(frozen=True)
class DocumentAgendaItem:
    time: str  # "10:00–10:15"
    title: str


@dataclass(frozen=True)
class DocumentLink:
    title: str
    url: str


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup  # inline SVG (charts.py)


@dataclass(frozen=True)
class SummaryDocument:
    language: str
    title: str
    subtitle: str | None
    when: str  # local date and time with the zone
    organizer: str
    partners: list[str]
    people: list[DocumentPerson]
    highlights: list[str]
    key_figures: list[FigureLine]
    figures: list[FigureLine]
    conventions: list[DocumentConvention]
    agenda: list[DocumentAgendaItem]
    quotes: list[DocumentQuote]
    article_title: str | None
    article: str | None  # Markdown
    recording_url: str | None
    slide_links: list[DocumentLink]
    public_url: str
    charts: list[Chart] = field(default_factory=list)  # for the PDF
    organizer_by: str = ""  # "par l'APEBI" in French, the name in English (webinars/french.py)

    @property
    def organized_by(self) -> str:
        """What follows "Organized by": "par l'APEBI" in French, without an article when none was given."""
        return self.organizer_by or name_words(self.organizer, None, self.language)["by_organization"]
    agenda_zone: str = ""  # "heure du Maroc (UTC+1)": the zone of the agenda's times
    letterhead: Letterhead | None = None  # the organization's, for the PDF


def timestamp_label(seconds: int | None) -> str | None:
    """3723 -> '1:02:03'; 2530 -> '42:10': a moment of the recording, as players show it."""
    if seconds is None:
        return None
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def figure_lines(figures: AttendanceFigures, *, public: bool, locale: str, no_shows: bool = True) -> list[FigureLine]:
    """The attendance figures as label and value, in the current locale's words and ``locale``'s numbers.

    ``public``: what visitors see (how many came, not who waited, was refused or withdrew).
    """

    def number(value: float) -> str:
        return format_decimal(value, locale=locale)

    lines = [FigureLine(_("Confirmed registrations"), number(figures.confirmed))]
    if not public:
        lines += [
            FigureLine(_("On the waitlist"), number(figures.waitlist_size)),
            FigureLine(_("Waiting for approval"), number(figures.pending)),
            FigureLine(_("Rejected"), number(figures.rejected)),
            FigureLine(_("Cancelled by the registrant"), number(figures.cancelled)),
            FigureLine(_("Capacity"), number(figures.capacity) if figures.capacity else _("No limit")),
        ]
    lines.append(FigureLine(_("Attendees"), number(figures.attendees)))
    lines.append(FigureLine(_("Attendance counted from"), figures.source.label, is_note=True))
    if figures.attendance_rate is not None:
        lines.append(FigureLine(_("Attendance rate"), format_percent(figures.attendance_rate, locale=locale)))
    if no_shows or not public:  # the organizer chooses whether visitors see it
        lines.append(FigureLine(_("No-shows"), number(figures.no_shows)))
    if figures.average_minutes is not None:
        lines.append(FigureLine(_("Average time in the session"), _minutes(figures.average_minutes, locale)))
    if figures.median_minutes is not None:
        lines.append(FigureLine(_("Median time in the session"), _minutes(figures.median_minutes, locale)))
    return lines


def _minutes(value: float, locale: str) -> str:
    return _("%(minutes)s min", minutes=format_decimal(round(value), locale=locale))


# --- Markdown ---------------------------------------------------------------------


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")
_ORDERED_LIST_MARKER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def escape_markdown(text: str) -> str:
    """One line typed by people, shown as typed: a ``*`` or ``[`` is not formatting or a link,
    a leading "-" or "1." does not start a list."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    escaped = _ORDERED_LIST_MARKER.sub(r"\1\\\2", escaped)
    stripped = escaped.lstrip()
    if stripped[:1] in {"-", "+", "="}:
        escaped = escaped[: len(escaped) - len(stripped)] + "\\" + stripped
    return escaped


def _one_line(text: str) -> str:
    return " ".join(text.split())


def markdown_filename(slug: str) -> str:
    return f"{slug}-summary.md"


def pdf_filename(slug: str) -> str:
    return f"{slug}-summary.pdf"


def markdown_document(document: SummaryDocument) -> str:
    """The summary as one Markdown file, headings in the document's language."""
    with force_locale(document.language):
        return "\n".join(_markdown_lines(document)).rstrip() + "\n"


def _markdown_lines(document: SummaryDocument):
    e = escape_markdown
    yield f"# {e(_one_line(document.title))}"
    yield ""
    if document.subtitle:
        yield f"*{e(_one_line(document.subtitle))}*"
        yield ""
    yield e(document.when)
    yield ""
    yield _("Organized by %(by_organization)s", by_organization=e(document.organized_by))
    if document.partners:
        yield ""
        yield _("In partnership with %(partners)s", partners=", ".join(e(p) for p in document.partners))
    yield ""

    if document.people:
        yield f"## {_('Moderator and speakers')}"
        yield ""
        for person in document.people:
            details = ", ".join(e(part) for part in (person.position, person.affiliation) if part)
            yield f"- **{e(person.full_name)}** ({e(person.role)})" + (f": {details}" if details else "")
        yield ""

    if document.highlights:
        yield f"## {_('Highlights')}"
        yield ""
        for highlight in document.highlights:
            yield f"- {e(_one_line(highlight))}"
        yield ""

    if document.key_figures:
        yield f"## {_('Key figures')}"
        yield ""
        for figure in document.key_figures:
            yield f"- **{e(figure.value)}** {e(figure.label)}"
        yield ""

    if document.figures:
        yield f"## {_('Attendance')}"
        yield ""
        for figure in document.figures:
            yield f"- {e(figure.label)}: **{e(figure.value)}**"
        yield ""

    if document.conventions:
        yield f"## {_('Conventions signed')}"
        yield ""
        for convention in document.conventions:
            yield _(
                "- **%(title)s**, signed on %(date)s by %(parties)s",
                title=e(convention.title),
                date=e(convention.signed_on),
                parties=", ".join(e(party) for party in convention.parties),
            )
        yield ""

    if document.agenda:
        yield f"## {_('Agenda')}"
        yield ""
        if document.agenda_zone:
            yield e(_("Times: %(zone)s.", zone=document.agenda_zone))
            yield ""
        for item in document.agenda:
            yield f"- {e(item.time)}: {e(item.title)}"
        yield ""

    if document.quotes:
        yield f"## {_('Quotes')}"
        yield ""
        for quote in document.quotes:
            for line in quote.text.strip().splitlines():
                yield f"> {e(line)}" if line.strip() else ">"
            attribution = e(quote.speaker)
            if quote.speaker_details:
                attribution += f", {e(quote.speaker_details)}"
            if quote.timestamp:
                attribution += f" ({quote.timestamp})"
            yield ">"
            yield f"> — {attribution}"
            yield ""

    if document.article:
        yield f"## {e(_one_line(document.article_title or _('Article')))}"
        yield ""
        yield document.article.strip()
        yield ""

    if document.recording_url or document.slide_links:
        yield f"## {_('Recording and slides')}"
        yield ""
        if document.recording_url:
            yield f"- [{_('Recording')}](<{document.recording_url}>)"
        for link in document.slide_links:
            yield f"- [{e(link.title)}](<{link.url}>)"
        yield ""

    yield "---"
    yield ""
    yield _("Published at %(url)s", url=f"<{document.public_url}>")


# --- PDF --------------------------------------------------------------------------


def pdf_document(document: SummaryDocument) -> bytes:
    with force_locale(document.language):
        html = render_template(
            "summaries/pdf.html",
            document=document,
            article_html=render_markdown(document.article),
            letterhead=document.letterhead,
        )
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
