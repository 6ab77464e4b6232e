"""The published summary of a webinar, for everyone: aggregates only, no registrant's personal data.

The page, its Markdown and its PDF exist once the organizer has published the
summary (404 before). Members of the webinar's organization may preview an
unpublished one; the preview is marked as such and kept out of caches.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, make_response, render_template, url_for
from flask_login import current_user

from webinars.accounts.service import membership_of
from webinars.conditional import answer_conditional_requests
from webinars.events.models import Webinar
from webinars.feedback import results as feedback_results
from webinars.i18n import current_language
from webinars.public.service import lineup, webinar_for_visitor_or_404
from webinars.sharing import service as sharing
from webinars.speakers.slides import public_slides
from webinars.summaries import public_choices, service
from webinars.summaries.attendance import attendance_figures
from webinars.summaries.breakdowns import MIN_PUBLIC_GROUP
from webinars.summaries.document import summary_charts, summary_document
from webinars.summaries.exports import (
    figure_lines,
    markdown_document,
    markdown_filename,
    pdf_document,
    pdf_filename,
)
from webinars.security import content_security_policy
from webinars.summaries.models import Summary
from webinars.summaries.signed_agreements import signed_agreements
from webinars.urls import absolute_url
from webinars.summaries.recordings import FRAME_ORIGINS, at_moment, player_for

bp = Blueprint("public_summaries", __name__)
bp.after_request(answer_conditional_requests)


@bp.app_template_global()
def published_summary_url(webinar: Webinar) -> str | None:
    """The public summary's address, for the webinar's page to link to; None until it is published."""
    # Before the end there is no summary: no need to ask the database.
    if not service.is_open(webinar) or service.published_summary_of(webinar) is None:
        return None
    return url_for("public_summaries.summary", slug=webinar.slug)


def summary_for_visitor_or_404(slug: str) -> tuple[Webinar, Summary, bool]:
    """The webinar, its summary, and whether this is a members-only preview (unpublished)."""
    webinar = webinar_for_visitor_or_404(slug)
    summary = service.summary_of(webinar)
    if summary is None:
        abort(404)
    # The same rule as publishing: a published webinar (not a draft, not cancelled) and a published summary.
    is_preview = not (summary.is_published and webinar.is_published)
    if is_preview and not _is_member_of(webinar.organization_id):
        abort(404)
    return webinar, summary, is_preview


def _is_member_of(organization_id: int) -> bool:
    return current_user.is_authenticated and membership_of(current_user, organization_id) is not None


def _private_if_preview(response: Response, is_preview: bool) -> Response:
    if is_preview:
        # An unpublished summary seen by its organizers must not end up in a shared cache.
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/webinars/<slug>/summary")
def summary(slug: str):
    webinar, summary, is_preview = summary_for_visitor_or_404(slug)
    locale = current_language()
    figures = attendance_figures(webinar)
    public_breakdowns = public_choices.public_breakdowns_of(summary)
    no_shows = public_choices.shows_publicly(summary, public_choices.NO_SHOWS)
    player = player_for(summary.recording_url)
    quotes = service.quotes_of(summary)
    people = lineup(webinar)
    response = make_response(
        render_template(
            "summaries/public.html",
            webinar=webinar,
            summary=summary,
            player=player,
            # Each quote, highlight and figure once: those the article tells are not repeated in their blocks.
            quotes=[quote for quote in quotes if not public_choices.told_in_article(summary, quote.text)],
            highlights=[h for h in summary.highlights if not public_choices.told_in_article(summary, h.text)],
            key_figures=[
                figure for figure in summary.key_figures
                if not public_choices.told_in_article(summary, f"{figure.value} {figure.label}")
            ],
            quote_moments={
                quote.id: player.src_at(quote.at_second) if player else at_moment(summary.recording_url, quote.at_second)
                for quote in quotes
                if quote.at_second is not None and summary.recording_url
            },
            is_preview=is_preview,
            lineup=people,
            page_url=absolute_url(url_for("public_summaries.summary", slug=webinar.slug)),
            share_image_url=sharing.share_image_url(webinar, people),
            figure_lines=[
                *figure_lines(figures, public=True, locale=locale, no_shows=no_shows),
                *feedback_results.public_rating_lines(webinar, locale),
            ],
            charts=summary_charts(figures, public_breakdowns, locale=locale, no_shows=no_shows),
            conventions=signed_agreements(webinar, conventions_only=True),
            public_slides=public_slides(webinar),
            event_lang=webinar.language.value,
            min_group=MIN_PUBLIC_GROUP,
        )
    )
    if player is not None:
        # This page only may frame the privacy-enhanced players, or play a video file from its host.
        if player.is_frame:
            response.headers["Content-Security-Policy"] = content_security_policy(frame_src=FRAME_ORIGINS)
        else:
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(player.src))
            response.headers["Content-Security-Policy"] = content_security_policy(media_src=(origin,))
    return _private_if_preview(response, is_preview)


@bp.route("/webinars/<slug>/summary.md")
def markdown(slug: str):
    return _download(slug, markdown_document, "text/markdown", markdown_filename)


@bp.route("/webinars/<slug>/summary.pdf")
def pdf(slug: str):
    return _download(slug, pdf_document, "application/pdf", pdf_filename)


def _download(slug: str, render, mimetype: str, filename_for) -> Response:
    """The published summary as a file (``render`` of its document), named after the webinar."""
    webinar, summary, is_preview = summary_for_visitor_or_404(slug)
    response = Response(render(summary_document(summary)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename={filename_for(webinar.slug)}"
    return _private_if_preview(response, is_preview)
