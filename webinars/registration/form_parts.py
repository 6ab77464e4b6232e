"""The registration form rendered once per content (webinars/rendered_parts.py).

Untouched (a GET), the form is the same for every visitor of a webinar in one language: its class
is built from the webinar's settings, its organization's (country list, privacy notice) and its
questions, and its values are the defaults. The country list alone is some 250 options; building
the form and rendering it was most of the page's time. Only the CSRF token differs per visitor: the
part is rendered with a hole in its place (``rendered_parts.render_once_with_csrf_hole``).

The page (``untouched_form``) reads the webinar, its seat count and its questions as text in one
statement (webinars/events/fingerprints.py); the questions are loaded as rows, and the form built,
only to render. The embedded form keeps its fields rendered once (``fields_html``): its page carries
a signed token of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from flask import abort
from markupsafe import Markup
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from webinars.events import fingerprints
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.public.service import is_announced
from webinars.registration import privacy_notice, service
from webinars.registration.forms import RegistrantDetailsForm, registration_form_class
from webinars.registration.models import Question
from webinars.rendered_parts import hashable, loaded_values, render_once, render_once_with_csrf_hole

@dataclass(frozen=True)
class UntouchedForm:
    webinar: Webinar
    closed_reason: str | None
    content_html: Markup | None  # None when registration is closed


@cache
def _form_page_statement() -> Select:
    return (
        select(Webinar, fingerprints.seats_taken(), fingerprints.questions())
        .where(Webinar.slug == bindparam("slug"))
        .options(joinedload(Webinar.organization))
    )


@cache
def _questions_text_statement() -> Select:
    return select(fingerprints.questions()).where(Webinar.id == bindparam("webinar_id"))


def untouched_form(slug: str) -> UntouchedForm:
    """The registration page's content for a visitor who has not sent the form yet (404 for a webinar
    that is not announced)."""
    row = db.session.execute(_form_page_statement(), {"slug": slug}).first()
    if row is None or not is_announced(row[0]):
        abort(404)
    webinar, seats_taken, questions_text = row
    closed_reason = service.registration_closed_reason(webinar)
    if closed_reason:
        return UntouchedForm(webinar, closed_reason, None)
    is_full = not webinar.approval_required and webinar.capacity is not None and seats_taken >= webinar.capacity

    def context() -> dict:
        organization = webinar.organization
        questions = service.questions_of(webinar)
        notice = privacy_notice.privacy_notice_for(organization)
        form_class = registration_form_class(organization, questions, notice, webinar.registrant_fields)
        return {
            "webinar": webinar,
            "form": form_class(language=current_language(), meta={"csrf": False}),
            "goes_to_waitlist": is_full and webinar.waitlist_enabled,
            # Nothing to fill in when no seat and no waitlist.
            "no_seat_left": is_full and not webinar.waitlist_enabled,
        }

    def still_current() -> bool:
        return db.session.scalar(_questions_text_statement(), {"webinar_id": webinar.id}) == questions_text

    key = (loaded_values((webinar, webinar.organization)), questions_text, is_full)
    return UntouchedForm(
        webinar, None, render_once_with_csrf_hole("registration/_register_content.html", key, context, still_current)
    )


def fields_html(form: RegistrantDetailsForm, webinar: Webinar, questions: Sequence[Question], notice: str) -> Markup:
    """``form``'s fields as registration/_form_fields.html renders them, for a form nobody filled in.

    The key is what the form's class is built from (the rows and the privacy notice's text) and the
    fields' values, in case a default ever depends on more."""
    key = (
        loaded_values((webinar, webinar.organization, *questions)),
        notice,
        tuple((field.name, hashable(field.data)) for field in form if field.type != "CSRFTokenField"),
    )
    return render_once("registration/_form_fields.html", key, lambda: {"form": form})
