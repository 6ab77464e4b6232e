"""Webinars: list, read, create, update, publish, cancel, duplicate (webinars/events/service.py)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars.agenda.models import AgendaItem
from webinars.api import validation
from webinars.api.access import webinar_or_404
from webinars.api.blueprint import bp, check_if_match, current_token, writes
from webinars.api.problems import Problem
from webinars.api.schemas.webinars import WebinarIn, WebinarList, WebinarOut, WebinarQuery
from webinars.events import service
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db


def _created(webinar: Webinar):
    return webinar, 201, {"Location": url_for("api.get_webinar", webinar_id=webinar.id)}


@bp.get("/webinars")
@bp.input(WebinarQuery, location="query", arg_name="query")
@bp.output(WebinarList)
@bp.doc(summary="List the organization's webinars", description="Soonest first; filter by status and start time.")
def list_webinars(query: dict):
    statement = select(Webinar).where(Webinar.organization_id == current_token().organization_id)
    if query.get("status"):
        statement = statement.where(Webinar.status == WebinarStatus(query["status"]))
    if query.get("starts_after"):
        statement = statement.where(Webinar.starts_at >= query["starts_after"])
    if query.get("starts_before"):
        statement = statement.where(Webinar.starts_at < query["starts_before"])
    return {"items": list(db.session.scalars(statement.order_by(Webinar.starts_at, Webinar.id)))}


@bp.post("/webinars")
@writes
@bp.input(WebinarIn, arg_name="body")
@bp.output(WebinarOut, status_code=201)
@bp.doc(summary="Create a webinar (a draft)", description="The same checks as the organizer's form.")
def create_webinar(body: dict):
    details = validation.new_webinar_details(body)
    return _created(service.create_webinar(current_token().organization, details))


@bp.get("/webinars/<int:webinar_id>")
@bp.output(WebinarOut)
@bp.doc(summary="Read a webinar")
def get_webinar(webinar_id: int):
    return webinar_or_404(webinar_id)


@bp.patch("/webinars/<int:webinar_id>")
@writes
@bp.input(WebinarIn(partial=True), arg_name="body")
@bp.output(WebinarOut)
@bp.doc(
    summary="Change a webinar",
    description="Only the fields sent change. Send `If-Match` with the ETag you read to be refused (412) "
    "if someone changed it meanwhile. Its agenda moves with its start, as on the organizer's page.",
)
def update_webinar(webinar_id: int, body: dict):
    webinar = webinar_or_404(webinar_id, options=[selectinload(Webinar.agenda_items)])
    check_if_match(WebinarOut().dump(webinar))
    details = validation.changed_webinar_details(webinar, body)
    try:
        service.update_webinar(webinar, details)
    except service.AgendaOutsideWebinar as error:
        raise Problem(409, str(error)) from error
    return webinar


def _lifecycle(webinar_id: int, action) -> Webinar:
    webinar = webinar_or_404(webinar_id, options=[selectinload(Webinar.participations)])
    check_if_match(WebinarOut().dump(webinar))
    try:
        action(webinar)
    except service.PublicationRefused as error:
        raise Problem(409, " ".join(error.problems)) from error
    except service.WrongStatus as error:
        raise Problem(409, str(error)) from error
    return webinar


@bp.post("/webinars/<int:webinar_id>/publish")
@writes
@bp.output(WebinarOut)
@bp.doc(summary="Publish a draft", description="409 says what still stops it (moderator, speakers, join link...).")
def publish_webinar(webinar_id: int):
    return _lifecycle(webinar_id, service.publish)


@bp.post("/webinars/<int:webinar_id>/unpublish")
@writes
@bp.output(WebinarOut)
@bp.doc(summary="Take a published webinar back to draft")
def unpublish_webinar(webinar_id: int):
    return _lifecycle(webinar_id, service.unpublish)


@bp.post("/webinars/<int:webinar_id>/cancel")
@writes
@bp.output(WebinarOut)
@bp.doc(summary="Cancel a published webinar", description="Registrants and speakers are told, as from the organizer's page.")
def cancel_webinar(webinar_id: int):
    return _lifecycle(webinar_id, service.cancel)


@bp.post("/webinars/<int:webinar_id>/duplicate")
@writes
@bp.output(WebinarOut, status_code=201)
@bp.doc(summary="Copy a webinar into a new draft", description="Same settings, partners, line-up and agenda.")
def duplicate_webinar(webinar_id: int):
    webinar = webinar_or_404(
        webinar_id,
        options=[
            selectinload(Webinar.partners),
            selectinload(Webinar.participations),
            selectinload(Webinar.agenda_items).selectinload(AgendaItem.speakers),
        ],
    )
    return _created(service.duplicate(webinar))
