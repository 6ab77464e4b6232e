"""The speaker's own space, ``/s/<token>``: the invitation's answer, the slot in the agenda, the
logistics, the profile, the slides and the release, on one page. Also the public download of
slides the organizer published on the summary."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import undefer

from webinars import clock
from webinars.agreements import signing
from webinars.agreements.errors import AgreementError, NameNotConfirmed
from webinars.agreements.forms import DeclineForm, SignForm
from webinars.extensions import db
from webinars.i18n import event_clock, format_event_span, format_local_time
from webinars.people.models import ParticipationStatus
from webinars.public.service import webinar_for_visitor_or_404
from webinars.speakers import calendars, profiles, service, slides
from webinars.speakers.access import PRIVATE, accepts_slides, space_for_token_or_404
from webinars.speakers.forms import AnswerForm, ProfileForm, SlidesForm, TimezoneForm
from webinars.speakers.models import ProfileProposal, SlidesSource, SpeakerSpace
from webinars.speakers.pdf_files import PDF_CONTENT_TYPE
from webinars.timezones import is_valid_zone

bp = Blueprint("speaker_space", __name__)

@bp.after_request
def keep_the_personal_link_private(response):
    """Pages behind a speaker's link: never cached, never sent on as a Referer, never indexed."""
    if request.endpoint and request.endpoint != "speaker_space.public_slides":
        response.headers.update(PRIVATE)
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@dataclass(frozen=True)
class Slot:
    title: str
    event_time: str  # in the event's zone
    own_time: str | None  # in the speaker's zone, when they chose another one
    starts_at_iso: str


def _slots(space: SpeakerSpace) -> list[Slot]:
    webinar = space.webinar
    clock_ = event_clock(webinar)
    own_zone = space.timezone if space.timezone and space.timezone != webinar.timezone else None
    slots = []
    for item in calendars.slots_of(space):
        own = None
        if own_zone:
            own = f"{format_local_time(item.starts_at, own_zone)}–{format_local_time(item.ends_at, own_zone)}"
        slots.append(Slot(item.title, clock_.span(item.starts_at, item.ends_at), own, item.starts_at.isoformat()))
    return slots


def _render(space: SpeakerSpace, token: str, *, status: int = 200, **forms):
    webinar = space.webinar
    participation = space.participation
    speaker_status = service.status_of(space)
    proposal = speaker_status.proposal
    profile_source = proposal or space.person
    profile_form = forms.get("profile_form") or ProfileForm(
        formdata=None, data=ProfileForm.initial_data(profiles.ProfileDetails.of(profile_source))
    )
    timezone_form = forms.get("timezone_form") or TimezoneForm(formdata=None, data={"timezone": space.timezone or ""})
    timezone_form.set_choices()
    signer = speaker_status.release_to_sign
    sign_form = forms.get("sign_form")
    decline_release_form = forms.get("decline_release_form")
    if signer is not None:
        sign_form = sign_form or SignForm(formdata=None)
        decline_release_form = decline_release_form or DeclineForm(formdata=None, prefix="decline")
        sign_form.document_sha256.data = decline_release_form.document_sha256.data = signer.agreement.document_sha256
    now = clock.now()
    own_zone = space.timezone if space.timezone and space.timezone != webinar.timezone else None
    return (
        render_template(
            "speakers/space.html",
            token=token,
            space=space,
            webinar=webinar,
            participation=participation,
            person=space.person,
            status=speaker_status,
            proposal=proposal,
            answer_form=forms.get("answer_form") or AnswerForm(formdata=None),
            profile_form=profile_form,
            slides_form=forms.get("slides_form") or SlidesForm(formdata=None),
            timezone_form=timezone_form,
            sign_form=sign_form,
            decline_release_form=decline_release_form,
            signer=signer,
            name_check=forms.get("name_check"),
            slots=_slots(space),
            own_zone=own_zone,
            own_when=format_event_span(webinar.starts_at, webinar.ends_at, own_zone) if own_zone else None,
            rehearsal_own_when=(
                format_event_span(webinar.rehearsal_starts_at, webinar.rehearsal_ends_at, own_zone)
                if own_zone and calendars.has_rehearsal(webinar) else None
            ),
            join_url=calendars.speakers_join_url(webinar),
            has_rehearsal=calendars.has_rehearsal(webinar),
            is_over=webinar.ends_at <= now,
            is_declined=participation.status is ParticipationStatus.DECLINED,
            is_invited=participation.status is ParticipationStatus.INVITED,
            photo_url=_photo_url(space, token, proposal),
            max_slides_megabytes=f"{current_app.config['MAX_SLIDES_BYTES'] / (1024 * 1024):g}",
        ),
        status,
    )


def _photo_url(space: SpeakerSpace, token: str, proposal: ProfileProposal | None) -> str | None:
    """The photo as the speaker last chose it (a proposed one waits for review)."""
    if proposal is not None and proposal.has_new_photo:
        return url_for(".proposed_photo", token=token, photo_hash=proposal.photo_hash)
    if proposal is not None and proposal.remove_photo:
        return None
    return space.person.photo_url


def _back(token: str, anchor: str | None = None):
    return redirect(url_for(".space", token=token, _anchor=anchor))


@bp.get("/s/<token>")
def space(token: str):
    space = space_for_token_or_404(token)
    signer = service.status_of(space).release_to_sign
    if signer is not None:
        # Showing the document in the space is opening it: a step of the agreement's audit trail.
        signing.record_opening(signer, request.remote_addr, request.user_agent.string or None)
        db.session.commit()
    return _render(space, token)


@bp.post("/s/<token>/accept")
def accept(token: str):
    space = space_for_token_or_404(token)
    try:
        service.accept(space)
    except service.SpeakersError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(token)
    db.session.commit()
    flash(_("Thank you: you accepted. Your calendar invite is on its way; complete your profile below."), "success")
    return _back(token, "profile")


@bp.post("/s/<token>/decline")
def decline(token: str):
    space = space_for_token_or_404(token)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _render(space, token, status=422, answer_form=form)
    try:
        service.decline(space, form.reason.data)
    except service.SpeakersError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(token)
    db.session.commit()
    flash(_("Your answer is recorded: you declined. The organizer has been told."), "success")
    return _back(token)


def _open_space_or_back(space: SpeakerSpace, token: str):
    """Profile, slides and release are for confirmed people of a webinar that still takes place."""
    participation = space.participation
    if not participation.is_confirmed or space.webinar.is_cancelled:
        flash(_("There is nothing to change here any more."), "error")
        return _back(token)
    return None


@bp.post("/s/<token>/profile")
def profile(token: str):
    space = space_for_token_or_404(token)
    refused = _open_space_or_back(space, token)
    if refused is not None:
        return refused
    form = ProfileForm()
    if not form.validate_on_submit():
        return _render(space, token, status=422, profile_form=form)
    public_now = profiles.submit(space, form.details(), form.processed_photo, remove_photo=form.remove_photo.data)
    db.session.commit()
    if public_now:
        flash(_("Your profile is saved and shown on the webinar's page."), "success")
    else:
        flash(_("Your profile is saved. The organizer will review the changes before they are shown publicly."), "success")
    return _back(token, "profile")


@bp.get("/s/<token>/photo/<photo_hash>")
def proposed_photo(token: str, photo_hash: str):
    space = space_for_token_or_404(token)
    proposal = db.session.scalar(
        select(ProfileProposal).where(ProfileProposal.person_id == space.person_id).options(undefer(ProfileProposal.photo))
    )
    if proposal is None or proposal.photo is None or proposal.photo_hash != photo_hash:
        abort(404)
    return Response(proposal.photo, content_type=proposal.photo_content_type)


@bp.post("/s/<token>/slides")
@accepts_slides
def upload_slides(token: str):
    space = space_for_token_or_404(token)
    refused = _open_space_or_back(space, token)
    if refused is not None:
        return refused
    form = SlidesForm()
    if not form.validate_on_submit():
        return _render(space, token, status=422, slides_form=form)
    slides.store(space.participation, form.checked_pdf, form.filename, form.page_count, SlidesSource.SPEAKER)
    db.session.commit()
    flash(_("Thank you: your slides are received."), "success")
    return _back(token, "your-slides")


@bp.get("/s/<token>/slides.pdf")
def download_slides(token: str):
    space = space_for_token_or_404(token)
    deck = slides.slides_of(space.participation)
    if deck is None:
        abort(404)
    return slides_response(slides.with_content(deck.id))


@bp.post("/s/<token>/timezone")
def timezone(token: str):
    space = space_for_token_or_404(token)
    form = TimezoneForm()
    form.set_choices()
    if not form.validate_on_submit():
        return _render(space, token, status=422, timezone_form=form)
    service.choose_timezone(space, form.timezone.data if is_valid_zone(form.timezone.data) else None)
    db.session.commit()
    return _back(token, "slot")


@bp.get("/s/<token>/<any(webinar, rehearsal):which>.ics")
def calendar_file(token: str, which: str):
    space = space_for_token_or_404(token)
    body = calendars.download(space, which, token)
    if body is None:
        abort(404)
    response = Response(body, content_type="text/calendar; charset=utf-8; method=REQUEST")
    response.headers["Content-Disposition"] = f'attachment; filename="{which}.ics"'
    return response


# --- the release, signed in place (the agreements' own signing service) ---------------------


def _signer_or_back(space: SpeakerSpace, token: str):
    signer = service.status_of(space).release_to_sign
    if signer is None:
        flash(_("There is no release waiting for your signature."), "error")
    return signer


@bp.post("/s/<token>/release/sign")
def sign_release(token: str):
    space = space_for_token_or_404(token)
    signer = _signer_or_back(space, token)
    if signer is None:
        return _back(token, "release")
    form = SignForm()
    if not form.validate_on_submit():
        return _render(space, token, status=422, sign_form=form)
    details = signing.SignatureDetails(
        typed_name=form.typed_name.data,
        document_sha256=form.document_sha256.data,
        signature_png=form.drawn_png,
        ip_address=request.remote_addr,
        user_agent=request.user_agent.string or None,
        name_confirmed=form.name_confirmed,
    )
    try:
        signing.sign(signer, details)
    except NameNotConfirmed as error:
        db.session.rollback()
        form.ask_to_confirm(error.typed_name)
        return _render(space, token, status=422, sign_form=form, name_check=error)
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(token, "release")
    db.session.commit()
    flash(_("Thank you: your signature is recorded."), "success")
    return _back(token, "release")


@bp.post("/s/<token>/release/decline")
def decline_release(token: str):
    space = space_for_token_or_404(token)
    signer = _signer_or_back(space, token)
    if signer is None:
        return _back(token, "release")
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        return _render(space, token, status=422, decline_release_form=form)
    try:
        signing.decline(signer, form.reason.data, form.document_sha256.data or "", request.remote_addr,
                           request.user_agent.string or None)
    except AgreementError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(token, "release")
    db.session.commit()
    flash(_("Your answer is recorded: you declined the release. The organizer will see your reason."), "success")
    return _back(token, "release")


# --- slides as files ------------------------------------------------------------------------


def slides_response(deck) -> Response:
    """A PDF as a download, never shown inline by the app: the browser saves it (or opens it in
    its PDF viewer, which runs no page script), and nothing in it can act on this site."""
    response = Response(deck.content, content_type=PDF_CONTENT_TYPE)
    ascii_name = deck.filename.encode("ascii", "ignore").decode("ascii").replace('"', "") or "slides.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{ascii_name}"'
    if ascii_name != deck.filename:
        response.headers["Content-Disposition"] += f"; filename*=UTF-8''{quote(deck.filename)}"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/webinars/<slug>/slides/<int:slides_id>.pdf")
def public_slides(slug: str, slides_id: int):
    """Slides the organizer made public on the summary, for anyone."""
    webinar = webinar_for_visitor_or_404(slug)
    deck = next((deck for deck in slides.public_slides(webinar) if deck.id == slides_id), None)
    if deck is None:
        abort(404)
    response = slides_response(slides.with_content(deck.id))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
