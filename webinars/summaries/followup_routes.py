"""Follow-up e-mails after a webinar: the organizer previews them, then sends them once."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.summaries import followup_emails, followups, service

bp = Blueprint("followups", __name__)


@bp.route("/manage/webinars/<int:webinar_id>/summary/follow-ups")
@login_required
def index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    return _render(webinar)


@bp.post("/manage/webinars/<int:webinar_id>/summary/follow-ups/send")
@login_required
def send(webinar_id: int):
    """Asks first, saying how many e-mails will go out; sends once confirmed."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    if request.values.get("confirmed") != "yes":
        return _render(webinar, confirming=True)
    try:
        count = followups.request_sending(webinar, current_user)
    except followups.FollowUpsRefused as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return redirect(url_for(".index", webinar_id=webinar_id))
    db.session.commit()
    if count:
        followups.wake_worker()
        flash(ngettext("%(num)d follow-up queued.", "%(num)d follow-ups queued.", count), "success")
    else:
        flash(_("Every confirmed registrant already has a follow-up: there is nothing to send."), "info")
    return redirect(url_for(".index", webinar_id=webinar_id))


def _render(webinar: Webinar, confirming: bool = False):
    summary = service.summary_of(webinar)
    problems = followups.problems(webinar, summary)
    counts = followups.follow_up_counts(webinar)
    sample_name = _first_name(current_user.full_name)
    return render_template(
        "summaries/follow_ups.html",
        webinar=webinar,
        counts=counts,
        problems=problems,
        warnings=followups.warnings(summary),
        sending=followups.sending_of(webinar),
        sample_name=sample_name,
        previews=followup_emails.previews(webinar, summary, sample_name),
        can_send=not problems and counts.to_send > 0,
        confirming=confirming and not problems and counts.to_send > 0,
    )


def _first_name(full_name: str) -> str:
    """The organizer stands in for a registrant in the preview: "Hello Amina," from "Amina Alaoui"."""
    return (full_name.split() or [full_name])[0]
