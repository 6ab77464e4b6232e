"""The people library, a webinar's line-up, and the photos' public address."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import undefer

from webinars.accounts.service import organization_for_member_or_404, require_membership
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.people import service
from webinars.people.access import participation_in_or_404, person_for_organizer_or_404
from webinars.people.forms import AddParticipantForm, EditPersonForm, NewParticipantForm, PersonForm, initial_data
from webinars.people.lineup_page import NEW_PERSON_PREFIX, render_lineup
from webinars.people.models import Participation, ParticipationRole, Person
from webinars.speakers import service as speakers
from webinars.urls import back_to

bp = Blueprint("people", __name__)

PHOTO_MAX_AGE = 365 * 24 * 3600  # one year: the URL changes when the photo does


# --- the library --------------------------------------------------------------


@bp.route("/manage/<org_slug>/people")
def index(org_slug: str):
    organization = organization_for_member_or_404(org_slug)
    return render_template(
        "people/index.html", organization=organization, library=service.library_of(organization)
    )


@bp.route("/manage/<org_slug>/people/new", methods=["GET", "POST"])
def create(org_slug: str):
    organization = organization_for_member_or_404(org_slug)
    form = PersonForm()
    if form.validate_on_submit():
        person = service.create_person(organization, form.details(), form.processed_photo)
        db.session.commit()
        flash(_("%(name)s was added to your people.", name=person.full_name), "success")
        return redirect(back_to(url_for("people.index", org_slug=organization.slug)))
    return _render_form("people/form.html", form, organization=organization, person=None)


@bp.route("/manage/people/<int:person_id>/edit", methods=["GET", "POST"])
def edit(person_id: int):
    person = person_for_organizer_or_404(person_id)
    form = EditPersonForm(data=initial_data(person))
    if form.validate_on_submit():
        service.update_person(person, form.details(), form.processed_photo, remove_photo=form.remove_photo.data)
        db.session.commit()
        flash(_("The changes to %(name)s were saved.", name=person.full_name), "success")
        return redirect(back_to(url_for("people.index", org_slug=person.organization.slug)))
    return _render_form("people/form.html", form, organization=person.organization, person=person)


# --- a webinar's line-up -------------------------------------------------------


@bp.route("/manage/webinars/<int:webinar_id>/people")
def lineup(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    return render_lineup(webinar, AddParticipantForm(), NewParticipantForm(prefix=NEW_PERSON_PREFIX))


@bp.post("/manage/webinars/<int:webinar_id>/people/add")
def add_participant(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    form = AddParticipantForm()
    if form.validate_on_submit():
        try:
            participation = service.add_participant(webinar, form.person_id.data, form.role.data)
            if form.invite.data:
                speakers.invite(participation, current_user)
        except service.UnknownPerson as error:
            db.session.rollback()
            form.person_id.errors.append(error.message)
        except service.PeopleError as error:
            db.session.rollback()
            form.role.errors.append(error.message)
        except speakers.SpeakersError as error:
            db.session.rollback()
            form.invite.errors.append(error.message)
        else:
            db.session.commit()
            return _added(webinar, participation, invited=form.invite.data)
    return render_lineup(webinar, form, NewParticipantForm(formdata=None, prefix=NEW_PERSON_PREFIX), status=422)


@bp.post("/manage/webinars/<int:webinar_id>/people/new")
def add_new_participant(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    form = NewParticipantForm(prefix=NEW_PERSON_PREFIX)
    if form.validate_on_submit():
        try:
            participation = service.add_new_participant(
                webinar, form.details(), form.role.data, form.processed_photo
            )
            if form.invite.data:
                speakers.invite(participation, current_user)
        except service.PeopleError as error:
            db.session.rollback()
            form.role.errors.append(error.message)
        except speakers.SpeakersError as error:
            db.session.rollback()
            form.invite.errors.append(error.message)
        else:
            db.session.commit()
            return _added(webinar, participation, invited=form.invite.data)
    return render_lineup(webinar, AddParticipantForm(formdata=None), form, status=422)


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/remove")
def remove_participant(webinar_id: int, participation_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    participation = participation_in_or_404(webinar, participation_id)
    name = participation.person.full_name
    speakers.removed_from_lineup(participation)  # their links now say so; calendar entries cancelled
    service.remove_participant(webinar, participation)
    db.session.commit()
    flash(_("%(name)s was removed from this webinar (they stay in your people).", name=name), "success")
    return redirect(url_for("people.lineup", webinar_id=webinar.id))


@bp.post("/manage/webinars/<int:webinar_id>/people/<int:participation_id>/move/<any(up, down):direction>")
def move_participant(webinar_id: int, participation_id: int, direction: str):
    webinar = webinar_for_organizer_or_404(webinar_id)
    participation = participation_in_or_404(webinar, participation_id)
    service.move_participant(webinar, participation, direction)
    db.session.commit()
    return redirect(url_for("people.lineup", webinar_id=webinar.id))


# --- photos --------------------------------------------------------------------


@bp.route("/people/<int:person_id>/photo/<photo_hash>")
def photo(person_id: int, photo_hash: str):
    """The photo's bytes. Public once the person is in a published (or cancelled) webinar;
    before that, only members of the person's organization see it."""
    person = db.session.get(Person, person_id, options=[undefer(Person.photo)])
    if person is None or person.photo is None or person.photo_hash != photo_hash:
        abort(404)
    public = service.appears_in_visible_webinar(person)
    if not public:
        require_membership(person.organization_id)
    response = make_response(person.photo)
    response.headers["Content-Type"] = person.photo_content_type
    # A draft's photo must not sit in shared caches (proxies, CDNs): "private" then.
    visibility = "public" if public else "private"
    response.headers["Cache-Control"] = f"{visibility}, max-age={PHOTO_MAX_AGE}, immutable"
    response.set_etag(person.photo_hash)
    return response.make_conditional(request)


# --- helpers -------------------------------------------------------------------


def _render_form(template: str, form: PersonForm, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


def _added(webinar: Webinar, participation: Participation, invited: bool = False) -> Response:
    name = participation.person.full_name
    if invited:
        flash(_("%(name)s is invited: they will accept or decline from their speaker space.", name=name), "success")
    elif participation.role is ParticipationRole.MODERATOR:
        flash(_("%(name)s is now the moderator of this webinar.", name=name), "success")
    else:
        flash(_("%(name)s was added to the speakers.", name=name), "success")
    return redirect(url_for("people.lineup", webinar_id=webinar.id))
