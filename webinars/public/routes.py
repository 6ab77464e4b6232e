"""Public pages: the list of webinars and each webinar's page. No sign-in needed."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template
from flask_babel import lazy_gettext as _l

from webinars import clock
from webinars.conditional import answer_conditional_requests
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
    webinar_for_visitor_or_404,
)

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
    webinar = webinar_for_visitor_or_404(slug)
    now = clock.now()
    is_preview = not is_announced(webinar)
    people = lineup(webinar)
    registration = registration_facts(webinar, now)
    seats = sharing.seats_of(webinar)
    page_url = sharing.page_url_of(webinar)
    image_url = sharing.share_image_url(webinar, people)
    content_key = page_parts.content_key(webinar)
    response = make_response(
        render_template(
            "public/webinar.html",
            webinar=webinar,
            is_preview=is_preview,
            lineup=people,
            registration=registration,
            seats=seats,
            show_join_link=join_link_visible(webinar, now),
            page_url=page_url,
            share_image_url=image_url,
            content_html=page_parts.content_html(webinar, content_key, people, is_preview, page_url),
            calendar_html=page_parts.calendar_html(webinar, content_key) if registration.is_ahead and not is_preview else "",
            event_json_ld=sharing.event_json_ld(
                webinar,
                people,
                page_url,
                image_url,
                seats,
                registration.phase == "open",
            ),
        )
    )
    if is_preview:
        # A draft seen by its organizers must not end up in a shared cache.
        response.headers["Cache-Control"] = "private, no-store"
    return response
