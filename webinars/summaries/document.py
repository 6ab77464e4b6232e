"""A published summary gathered into words and charts, in the webinar's language: what the
public page's charts and the Markdown and PDF files (exports.py) are made from.

Public facts only, like the public page: aggregates, the public breakdowns the organizer chose
(public_choices.py) and conventions; nothing about any registrant.
"""

from __future__ import annotations

from functools import partial

from babel.dates import format_date
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from webinars.feedback import results as feedback_results
from webinars.i18n import event_clock, format_event_date, format_event_span
from webinars.organizations.brand import letterhead_for
from webinars.public.service import lineup
from webinars.summaries.attendance import AttendanceFigures, attendance_figures
from webinars.summaries.breakdowns import Breakdown
from webinars.summaries.charts import attendance_svg, breakdown_svg, registrations_per_day_svg
from webinars.summaries.exports import (
    Chart,
    DocumentAgendaItem,
    DocumentConvention,
    DocumentLink,
    DocumentPerson,
    DocumentQuote,
    FigureLine,
    SummaryDocument,
    figure_lines,
    timestamp_label,
)
from webinars.summaries.models import Summary
from webinars.summaries.public_choices import NO_SHOWS, public_breakdowns_of, shows_publicly
from webinars.summaries.signed_agreements import signed_agreements
from webinars.templating import organization_words
from webinars.urls import absolute_url


def summary_charts(
    figures: AttendanceFigures, breakdown_list: list[Breakdown], *, locale: str, no_shows: bool = True
) -> list[Chart]:
    """Registrations per day, attendance, then one chart per breakdown, labelled in the current locale.

    ``no_shows``: False leaves out the attendance chart, which shows them."""
    charts: list[Chart] = []
    if figures.per_day:
        title = _("Registrations per day")
        date_label = partial(format_date, format="d MMM", locale=locale)
        charts.append(Chart(title, registrations_per_day_svg(figures.per_day, title=title, date_label=date_label)))
    if no_shows and (figures.confirmed or figures.waitlisted):
        charts.append(Chart(_("Attendance"), attendance_svg(figures, labels={})))
    charts.extend(Chart(breakdown.title, breakdown_svg(breakdown)) for breakdown in breakdown_list)
    return charts


def summary_document(summary: Summary) -> SummaryDocument:
    """The published summary in words, in the webinar's language, for the Markdown and PDF files.

    Public facts only, like the public page: aggregates, public breakdowns and
    conventions (not speaker releases); nothing about any registrant.
    """
    webinar = summary.webinar
    language = webinar.language.value
    zone = webinar.timezone
    clock = event_clock(webinar, language)  # agenda times, with their offsets across a change of clocks
    with force_locale(language):
        figures = attendance_figures(webinar)
        public_breakdowns = public_breakdowns_of(summary)
        no_shows = shows_publicly(summary, NO_SHOWS)
        return SummaryDocument(
            language=language,
            title=webinar.title,
            subtitle=webinar.subtitle,
            when=format_event_span(webinar.starts_at, webinar.ends_at, zone, language),
            organizer=webinar.organization.name,
            organizer_by=organization_words(webinar.organization, language)["by_organization"],
            partners=[partner.name for partner in webinar.partners],
            people=[
                DocumentPerson(
                    role=participation.role.label,
                    full_name=participation.person.full_name,
                    position=participation.person.position,
                    affiliation=participation.person.affiliation,
                )
                for participation in lineup(webinar)
            ],
            highlights=[highlight.text for highlight in summary.highlights],
            key_figures=[FigureLine(figure.label, figure.value) for figure in summary.key_figures],
            figures=[
                *figure_lines(figures, public=True, locale=language, no_shows=no_shows),
                # Where the organizer shows it, from 5 answers on (webinars/feedback/).
                *feedback_results.public_rating_lines(webinar, language),
            ],
            conventions=[
                DocumentConvention(
                    title=agreement.title,
                    signed_on=format_event_date(agreement.completed_at, zone, language),
                    parties=[f"{party.party_name} ({party.full_name})" for party in agreement.parties],
                )
                for agreement in signed_agreements(webinar, conventions_only=True)
            ],
            agenda=[
                DocumentAgendaItem(
                    time=clock.span(item.starts_at, item.ends_at),
                    title=item.title,
                )
                for item in webinar.agenda_items
            ],
            agenda_zone=clock.heading,
            letterhead=letterhead_for(webinar.organization),
            quotes=[
                DocumentQuote(
                    text=quote.text,
                    speaker=quote.person.full_name,
                    speaker_details=", ".join(part for part in (quote.person.position, quote.person.affiliation) if part)
                    or None,
                    timestamp=timestamp_label(quote.at_second),
                )
                for quote in summary.quotes
            ],
            article_title=summary.article_title,
            article=summary.article,
            recording_url=summary.recording_url,
            slide_links=[DocumentLink(link.title, link.url) for link in summary.slide_links],
            public_url=absolute_url(url_for("public_summaries.summary", slug=webinar.slug)),
            charts=summary_charts(figures, public_breakdowns, locale=language, no_shows=no_shows),
        )
