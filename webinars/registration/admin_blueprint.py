"""The organizer's registration pages share one blueprint and the helpers here: loading each object
with the organizer's rights, and the list's query arguments carried from page to page.

The pages themselves: ``manage_routes`` (the list and what can be done to each registrant),
``question_routes``, ``export_routes`` (CSV and Excel) and ``attendance_routes``.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from sqlalchemy.orm import selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import zone_with_offset
from webinars.registration.models import Question, Registration, UnmatchedAttendance

bp = Blueprint("registration_admin", __name__)

# Query-string arguments of the list pages that actions carry along, so that the
# organizer comes back to the same search, filter, order and page.
LIST_ARGS = ("q", "state", "sort", "after", "before")


# --- Loading with the organizer's rights ------------------------------------------------


def registration_for_organizer_or_404(registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        abort(404)
    webinar_for_organizer_or_404(registration.webinar_id, options=[selectinload(Webinar.organization)])
    if registration.is_anonymized:
        abort(404)  # its personal data is erased: nothing left to act on (webinars/privacy/)
    return registration


def question_for_organizer_or_404(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        abort(404)
    webinar_for_organizer_or_404(question.webinar_id)
    return question


def report_row_for_organizer_or_404(row_id: int) -> UnmatchedAttendance:
    row = db.session.get(UnmatchedAttendance, row_id)
    if row is None:
        abort(404)
    webinar_for_organizer_or_404(row.webinar_id, options=[selectinload(Webinar.organization)])
    return row


def list_args() -> dict[str, str]:
    return {name: request.args[name] for name in LIST_ARGS if request.args.get(name)}


def back_to(endpoint: str, webinar_id: int):
    return redirect(url_for(endpoint, webinar_id=webinar_id, **list_args()))


def times_label(webinar: Webinar) -> str:
    """'heure du Maroc, UTC+1': the webinar's zone as people say it, with its offset at the start."""
    return zone_with_offset(webinar.timezone, webinar.starts_at)
