"""The demo's summary of the 2020 webinar saved and published, with its fictional audience (a
historical record inserted directly), their generated feedback and certificates, and the summary's
highlights, key figures and quotes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select

from webinars.demo import summary_data
from webinars.demo.after_the_webinar import save_feedback_and_certificates
from webinars.demo.audience import fictional_audience
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.models import Person
from webinars.registration import tallies
from webinars.registration.models import Registration, RegistrationState
from webinars.summaries import service as summaries
from webinars.summaries.models import Highlight, KeyFigure, Quote, Summary

def save_summaries(webinars: list[Webinar], people: dict[str, Person], now: datetime) -> None:
    """The past webinar's summary, published with its audience, highlights, figures and quotes.

    The article is drafted only while it is empty: once the organizer has
    edited it, running the demo again leaves their text alone.
    """
    by_slug = {webinar.slug: webinar for webinar in webinars}
    for spec in summary_data.SUMMARIES:
        webinar = by_slug[spec.webinar_slug]
        _save_audience(webinar, spec.audience)
        # Generated feedback and certificates of its attendees (demo/after_the_webinar.py).
        save_feedback_and_certificates(webinar)
        summary = summaries.summary_for(webinar, now)
        summary.recording_url = spec.recording_url
        _save_highlights(summary, spec)
        _save_key_figures(summary, spec)
        _save_quotes(summary, people, spec)
        db.session.flush()
        if not (summary.article or "").strip():
            summaries.redraft_article(summary, now)
        summaries.publish(summary, now)


def _save_audience(webinar: Webinar, audience: summary_data.DemoAudience) -> None:
    """The fictional registrants missing from the webinar, in one INSERT.

    They are a historical record: inserted directly, so no confirmation or
    reminder is queued for anyone.
    """
    known = set(db.session.scalars(select(Registration.email).where(Registration.webinar_id == webinar.id)))
    rows = []
    for registrant in fictional_audience(audience):
        if registrant.email in known:
            continue
        registered_at = webinar.starts_at - registrant.registered_before
        rows.append(
            {
                "webinar_id": webinar.id,
                "email": registrant.email,
                "first_name": registrant.first_name,
                "last_name": registrant.last_name,
                "affiliation": registrant.affiliation,
                "job_title": registrant.job_title,
                "country": registrant.country,
                "city": registrant.city,
                "language": "fr",
                "state": RegistrationState.CANCELLED if registrant.cancelled else RegistrationState.CONFIRMED,
                "consented_at": registered_at,
                "wants_future_events": registrant.attended,
                # Nobody holds a link to these (no personal_links row): a record, not real people.
                "created_at": registered_at,
                "updated_at": registered_at,
                "confirmed_at": registered_at,
                "cancelled_at": webinar.starts_at - registrant.registered_before / 2 if registrant.cancelled else None,
                "attended": registrant.attended,
                "joined_at": webinar.starts_at if registrant.attended else None,
                "left_at": (
                    webinar.starts_at + timedelta(minutes=registrant.minutes_in_session) if registrant.attended else None
                ),
                "minutes_in_session": registrant.minutes_in_session,
            }
        )
    if rows:
        db.session.execute(insert(Registration), rows)
        tallies.recount([webinar.id])  # a bulk INSERT does not go through the flush that keeps them


def _save_highlights(summary: Summary, spec: summary_data.DemoSummary) -> None:
    for position, (highlight, text) in enumerate(
        zip(_resized(summary.highlights, len(spec.highlights), Highlight), spec.highlights)
    ):
        highlight.position, highlight.text = position, text


def _save_key_figures(summary: Summary, spec: summary_data.DemoSummary) -> None:
    for position, (figure, figure_spec) in enumerate(
        zip(_resized(summary.key_figures, len(spec.key_figures), KeyFigure), spec.key_figures)
    ):
        figure.position, figure.value, figure.label = position, figure_spec.value, figure_spec.label


def _save_quotes(summary: Summary, people: dict[str, Person], spec: summary_data.DemoSummary) -> None:
    for position, (quote, quote_spec) in enumerate(
        zip(_resized(summary.quotes, len(spec.quotes), Quote), spec.quotes)
    ):
        quote.position, quote.text, quote.person = position, quote_spec.text, people[quote_spec.speaker]
        quote.at_second = None  # no recording to point into


def _resized(entries: list, count: int, new_entry: type) -> list:
    """The entries updated in place: the surplus removed, the missing ones added, in their order."""
    for surplus in list(entries)[count:]:
        entries.remove(surplus)
    while len(entries) < count:
        entries.append(new_entry())
    return list(entries)
