"""Public pages: the list of webinars and each webinar's page. No sign-in needed."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, make_response, render_template
from flask_babel import lazy_gettext as _l

from webinars import clock
from webinars.conditional import answer_conditional_requests
from webinars.events import collections, fingerprints
from webinars.events.models import Language
from webinars.public import page_parts
from webinars.sharing import service as sharing
from webinars.public.service import (
    initials,
    is_announced,
    is_web_url,
    join_link_visible,
    lineup,
    past_webinars,
    registration_facts,
    upcoming_webinars,
    webinar_page_row_or_404,
)
from webinars.summaries.public_routes import published_summary_url

bp = Blueprint("public", __name__)

# The event's language, named in the visitor's language ("In French" / "En français").
LANGUAGE_NAMES = {Language.FR: _l("French"), Language.EN: _l("English")}

bp.add_app_template_filter(initials, "initials")
bp.add_app_template_test(is_web_url, "web_url")


@bp.context_processor
def display_labels() -> dict:
    return {"language_names": LANGUAGE_NAMES}


bp.after_request(answer_conditional_requests)


@bp.route("/")
def index():
    now = clock.now()
    return render_template(
        "public/index.html",
        upcoming=upcoming_webinars(now),
        past=past_webinars(now),
        now=now,
    )


@bp.route("/webinars/<slug>")
def webinar(slug: str):
    row = webinar_page_row_or_404(slug)
    webinar, collection_texts = row.webinar, row.collection_texts
    now = clock.now()
    is_preview = not is_announced(webinar)
    registration = registration_facts(webinar, now)
    seats = sharing.seats_of(webinar, row.seats_taken)
    page_url = sharing.page_url_of(webinar)
    key = page_parts.content_key(webinar, collection_texts)

    # The collections are loaded only if a part has to be rendered, and the key is then checked
    # against them: whatever a writer changed between the two reads is not kept under the old key.
    def people():
        collections.load_public_content(webinar)
        return lineup(webinar)

    @cache  # asked by each part rendered, answered once
    def still_current():
        return fingerprints.public_content_texts(webinar.id) == collection_texts

    moment = page_parts.Moment(
        registration=registration,
        seats=seats,
        show_join_link=join_link_visible(webinar, now),
        is_preview=is_preview,
        summary_url=published_summary_url(webinar),
    )
    response = make_response(
        render_template(
            "public/webinar.html",
            webinar=webinar,
            head_html=page_parts.head_html(
                webinar,
                key,
                people,
                page_url=page_url,
                seats=seats,
                registration_open=registration.phase == "open",
                is_preview=is_preview,
                still_current=still_current,
            ),
            article_html=page_parts.article_html(webinar, key, people, moment=moment, page_url=page_url, still_current=still_current),
        )
    )
    if is_preview:
        # A draft seen by its organizers must not end up in a shared cache.
        response.headers["Cache-Control"] = "private, no-store"
    return response
