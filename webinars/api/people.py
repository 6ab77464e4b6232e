"""The organization's people and a webinar's line-up (webinars/people/service.py)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from webinars import cleaning
from webinars.api import validation
from webinars.api.access import webinar_or_404
from webinars.api.blueprint import bp, current_token, writes
from webinars.api.problems import Problem
from webinars.api.schemas.people import (
    Lineup,
    ParticipationIn,
    ParticipationOut,
    PersonIn,
    PersonList,
    PersonOut,
)
from webinars.extensions import db
from webinars.people import service
from webinars.people.forms import PersonForm
from webinars.people.models import Participation, ParticipationRole, Person


def person_view(person: Person) -> dict:
    shown = {name: getattr(person, name) for name in ("id", "full_name", "position", "affiliation", "email", "bio", "bio_en", "created_at", "updated_at")}
    shown["links"] = [line for line in (person.links or "").splitlines() if line.strip()]
    return shown


def participation_view(participation: Participation) -> dict:
    return {
        "id": participation.id,
        "person_id": participation.person_id,
        "full_name": participation.person.full_name,
        "role": participation.role.value,
        "status": participation.status.value,
        "position": participation.position,
    }


@bp.get("/people")
@bp.output(PersonList)
@bp.doc(summary="List the organization's people (moderators and speakers)")
def list_people():
    people = db.session.scalars(
        select(Person).where(Person.organization_id == current_token().organization_id).order_by(Person.full_name, Person.id)
    )
    return {"items": [person_view(person) for person in people]}


@bp.post("/people")
@writes
@bp.input(PersonIn, arg_name="body")
@bp.output(PersonOut, status_code=201)
@bp.doc(summary="Add a person to the organization's library", description="The same checks as the People page.")
def create_person(body: dict):
    fields = {name: body.get(name) for name in ("full_name", "position", "affiliation", "email", "bio", "bio_en")}
    fields["links"] = "\n".join(body.get("links") or [])
    form = validation.validated_form(PersonForm, fields)
    person = service.create_person(current_token().organization, form.details())
    return person_view(person), 201


@bp.get("/webinars/<int:webinar_id>/lineup")
@bp.output(Lineup)
@bp.doc(summary="A webinar's line-up", description="The moderator first, then the speakers in their order.")
def get_lineup(webinar_id: int):
    return {"items": [participation_view(each) for each in service.lineup_of(webinar_or_404(webinar_id))]}


@bp.post("/webinars/<int:webinar_id>/lineup")
@writes
@bp.input(ParticipationIn, arg_name="body")
@bp.output(ParticipationOut, status_code=201)
@bp.doc(summary="Put a person of the library in the line-up", description="One moderator at most (409).")
def add_to_lineup(webinar_id: int, body: dict):
    webinar = webinar_or_404(webinar_id)
    if not cleaning.INTEGER_MIN <= body["person_id"] <= cleaning.INTEGER_MAX:
        raise Problem(409, service.UnknownPerson().message)
    try:
        participation = service.add_participant(webinar, body["person_id"], ParticipationRole(body["role"]))
    except service.PeopleError as error:
        raise Problem(409, error.message) from error
    location = url_for("api.get_lineup", webinar_id=webinar.id)
    return participation_view(participation), 201, {"Location": location}


@bp.delete("/webinars/<int:webinar_id>/lineup/<int:participation_id>")
@writes
@bp.output({}, status_code=204)
@bp.doc(summary="Take someone out of the line-up", description="Not out of the library; off the agenda items too.")
def remove_from_lineup(webinar_id: int, participation_id: int):
    webinar = webinar_or_404(webinar_id)
    participation = (
        db.session.get(Participation, participation_id) if cleaning.INTEGER_MIN <= participation_id <= cleaning.INTEGER_MAX else None
    )
    if participation is None or participation.webinar_id != webinar.id:
        raise Problem(404, _("This webinar's line-up has no such member."))
    service.remove_participant(webinar, participation)
    return "", 204
