"""The organizer's side of speaker spaces, from the webinar's line-up: invitations and links,
reminders, logistics (speakers' join link, rehearsal), profile reviews, trust, slides."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import undefer

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people.access import participation_in_or_404
from webinars.people.lineup_page import render_lineup
from webinars.people.models import Participation
from webinars.speakers import profiles, service, slides
from webinars.speakers.access import accepts_slides
from webinars.speakers.forms import LogisticsForm, PublicSlidesForm, SlidesForm
from webinars.speakers.models import ProfileProposal, SlidesSource
from webinars.speakers.space_routes import slides_response

bp = Blueprint("speakers", __name__)

# The line-up's statuses, and the pre-flight warning of the webinar's overview (issue 16 uses it too).
bp.add_app_template_global(service.unconfirmed_speakers, "unconfirmed_speakers")


def _to_lineup(webinar: Webinar, anchor: str | None = None):
    return redirect(url_for("people.lineup", webinar_id=webinar.id, _anchor=anchor))


def _participation(webinar_id: int, participation_id: int) -> tuple[Webinar, Participation]:
    webinar = webinar_for_organizer_or_404(webinar_id)
    return webinar, participation_in_or_404(webinar, participation_id)


def _anchor(participation: Participation) -> str:
    return f"participant-{participation.id}"


def _private(response: Response) -> Response:
    """A file of the organizers' pages: never kept by a shared cache."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def lineup_action(view: Callable[[Participation], str | None]):
    """A POST on one person of the line-up. The view acts on the participation and returns
    what to tell the organizer: it is committed and said, or, when the service refuses, rolled back
    and its reason said (``None``: nothing to save or say). Either way back to the person's row."""

    @wraps(view)
    def act(webinar_id: int, participation_id: int):
        webinar, participation = _participation(webinar_id, participation_id)
        try:
            done = view(participation)
        except service.SpeakersError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            if done is not None:
                db.session.commit()
                flash(done, "success")
        return _to_lineup(webinar, _anchor(participation))

    return act


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/invite")
@login_required
@lineup_action
def invite(participation: Participation) -> str:
    service.invite(participation, current_user)
    return _("%(name)s is invited: they will accept or decline from their speaker space.", name=participation.person.full_name)


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/send-link")
@login_required
@lineup_action
def send_link(participation: Participation) -> str:
    service.send_link(participation, current_user, revoke_earlier=False)
    return _("A link to their speaker space was sent to %(name)s.", name=participation.person.full_name)


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/send-link-and-revoke")
@login_required
@lineup_action
def send_link_and_revoke(participation: Participation) -> str:
    service.send_link(participation, current_user, revoke_earlier=True)
    return _("A new link was sent to %(name)s; the earlier ones no longer work.", name=participation.person.full_name)


@bp.post("/manage/webinars/<int:webinar_id>/people/remind")
@login_required
def remind(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    count = service.remind_everyone_missing_something(webinar)
    db.session.commit()
    if count:
        flash(ngettext("A reminder was sent to %(num)d person.", "A reminder was sent to %(num)d people.", count), "success")
    else:
        flash(_("Nobody with a speaker space is missing anything: no reminder was sent."), "info")
    return _to_lineup(webinar)


@bp.post("/manage/webinars/<int:webinar_id>/people/logistics")
@login_required
def logistics(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    form = LogisticsForm(webinar=webinar)
    if not form.validate_on_submit():
        return render_lineup(webinar, logistics_form=form, status=422)
    service.set_logistics(webinar, form.speakers_join_url.data, form.rehearsal)
    db.session.commit()
    flash(_("The speakers' join link and rehearsal are saved."), "success")
    return _to_lineup(webinar, "logistics")


# --- profiles -------------------------------------------------------------------------------


def _proposal_or_404(participation: Participation) -> ProfileProposal:
    proposal = profiles.proposal_of(participation.person)
    if proposal is None:
        abort(404)
    return proposal


@bp.get("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/review")
@login_required
def review(webinar_id: int, participation_id: int):
    webinar, participation = _participation(webinar_id, participation_id)
    proposal = profiles.proposal_of(participation.person)
    if proposal is None:
        flash(_("There are no changes to review for %(name)s.", name=participation.person.full_name), "info")
        return _to_lineup(webinar, _anchor(participation))
    return render_template(
        "speakers/review.html",
        webinar=webinar,
        participation=participation,
        person=participation.person,
        proposal=proposal,
        changes=profiles.changes_of(proposal),
    )


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/review/accept")
@login_required
@lineup_action
def accept_changes(participation: Participation) -> str:
    profiles.accept(_proposal_or_404(participation))
    return _("The changes of %(name)s are accepted: the public pages show them.", name=participation.person.full_name)


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/review/discard")
@login_required
@lineup_action
def discard_changes(participation: Participation) -> str:
    profiles.discard(_proposal_or_404(participation))
    return _("The changes of %(name)s are discarded.", name=participation.person.full_name)


@bp.get("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/review/photo")
@login_required
def proposed_photo(webinar_id: int, participation_id: int):
    _webinar, participation = _participation(webinar_id, participation_id)
    photo = db.session.scalar(
        select(ProfileProposal)
        .where(ProfileProposal.person_id == participation.person_id)
        .options(undefer(ProfileProposal.photo))
    )
    if photo is None or photo.photo is None:
        abort(404)
    return _private(Response(photo.photo, content_type=photo.photo_content_type))


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/trust")
@login_required
@lineup_action
def trust(participation: Participation) -> str:
    profiles.set_trusted(participation.person, True)
    return _("%(name)s is trusted: their profile changes are shown without review.", name=participation.person.full_name)


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/distrust")
@login_required
@lineup_action
def distrust(participation: Participation) -> str:
    profiles.set_trusted(participation.person, False)
    return _("Changes by %(name)s will wait for your review again.", name=participation.person.full_name)


# --- slides ---------------------------------------------------------------------------------


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/slides")
@login_required
@accepts_slides
def upload_slides(webinar_id: int, participation_id: int):
    webinar, participation = _participation(webinar_id, participation_id)
    form = SlidesForm(prefix=f"slides-{participation.id}")
    if not form.validate_on_submit():
        return render_lineup(webinar, slides_form=form, slides_for=participation.id, status=422)
    slides.store(participation, form.checked_pdf, form.filename, form.page_count, SlidesSource.ORGANIZER)
    db.session.commit()
    flash(_("The slides of %(name)s are saved.", name=participation.person.full_name), "success")
    return _to_lineup(webinar, _anchor(participation))


def _slides_or_404(participation: Participation):
    deck = slides.slides_of(participation)
    if deck is None:
        abort(404)
    return deck


@bp.get("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/slides.pdf")
@login_required
def download_slides(webinar_id: int, participation_id: int):
    _webinar, participation = _participation(webinar_id, participation_id)
    deck = _slides_or_404(participation)
    return _private(slides_response(slides.with_content(deck.id)))


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/slides/delete")
@login_required
@lineup_action
def delete_slides(participation: Participation) -> str:
    slides.remove(_slides_or_404(participation))
    return _("The slides of %(name)s are deleted.", name=participation.person.full_name)


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/slides/public")
@login_required
@lineup_action
def publish_slides(participation: Participation) -> str | None:
    deck = _slides_or_404(participation)
    form = PublicSlidesForm()
    if not form.validate_on_submit():
        return None
    slides.set_public(deck, form.public.data)
    if form.public.data:
        return _("The slides of %(name)s are public on the summary.", name=participation.person.full_name)
    return _("The slides of %(name)s are no longer public.", name=participation.person.full_name)
