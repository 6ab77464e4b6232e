"""What a webinar gathered: its agenda (read, add, remove items), attendance figures and report imports,
summary, agreements (and their signed PDF) and the e-mails sent about it."""

from __future__ import annotations

from datetime import UTC

from apiflask.schemas import FileSchema
from flask import Response, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from webinars import clock
from webinars.agenda import service as agenda_service
from webinars.agenda.forms import AgendaItemForm
from webinars.agenda.models import AgendaItem
from webinars.agenda.service import agenda_of
from webinars.agreements.models import Agreement
from webinars.agreements.notifications import pdf_filename
from webinars.api import validation
from webinars.api.access import webinar_or_404
from webinars.api.blueprint import after_commit, bp, check_if_match, current_token, writes
from webinars.api.problems import Problem, invalid
from webinars.api.registrations import _decode_cursor, _encode_cursor
from webinars.api.schemas.records import (
    Agenda,
    AgendaItemCreated,
    AgendaItemIn,
    AgreementList,
    AttendanceImportOut,
    AttendanceOut,
    MessagePage,
    MessageQuery,
    ReportUpload,
    SummaryOut,
)
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.mail.models import OutboxMessage
from webinars.registration import attendance_imports
from webinars.registration.attendance_reports import ReportUnreadable
from webinars.registration.manage_forms import AttendanceImportForm
from webinars.registration.models import AttendanceImport
from webinars.summaries import service as summaries
from webinars.summaries.attendance import AttendanceFigures, attendance_figures
from webinars.timezones import to_local


@bp.get("/webinars/<int:webinar_id>/agenda")
@bp.output(Agenda)
@bp.doc(summary="A webinar's agenda", description="Items in order, times in UTC, the webinar's zone beside them.")
def get_agenda(webinar_id: int):
    webinar = webinar_or_404(webinar_id)
    items = [
        {
            "id": item.id,
            "title": item.title,
            "kind": item.kind.value,
            "description": item.description,
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "speaker_ids": [speaker.id for speaker in item.speakers],
        }
        for item in agenda_of(webinar)
    ]
    return {"timezone": webinar.timezone, "items": items}


def figures_view(figures: AttendanceFigures) -> dict:
    shown = {
        name: getattr(figures, name)
        for name in (
            "confirmed", "waitlisted", "pending", "rejected", "cancelled", "capacity", "attendees", "no_shows",
            "attendance_rate", "minutes_reported", "average_minutes", "median_minutes",
        )
    }  # fmt: skip
    shown["source"] = figures.source.value
    shown["registrations_per_day"] = [{"day": each.day.isoformat(), "count": each.count} for each in figures.per_day]
    return shown


@bp.get("/webinars/<int:webinar_id>/attendance")
@bp.output(AttendanceOut)
@bp.doc(
    summary="Attendance figures",
    description="As the summary counts them: from the imported report, the check-in or the join clicks (`source`).",
)
def get_attendance(webinar_id: int):
    return figures_view(attendance_figures(webinar_or_404(webinar_id)))


def summary_view(webinar, summary) -> dict:
    return {
        "exists": summary is not None,
        "published": bool(summary and summary.published_at),
        "published_at": summary.published_at if summary else None,
        "recording_url": summary.recording_url if summary else None,
        "article_title": summary.article_title if summary else None,
        "figures": figures_view(attendance_figures(webinar)),
    }


@bp.get("/webinars/<int:webinar_id>/summary")
@bp.output(SummaryOut)
@bp.doc(summary="The summary: whether it is published, and its figures")
def get_summary(webinar_id: int):
    webinar = webinar_or_404(webinar_id)
    return summary_view(webinar, summaries.summary_of(webinar))


def _open_summary(webinar_id: int):
    webinar = webinar_or_404(webinar_id)
    try:
        summary, _created = summaries.open_summary(webinar, clock.now())
    except summaries.SummaryError as error:
        raise Problem(409, error.message) from error
    return webinar, summary


@bp.post("/webinars/<int:webinar_id>/summary/publish")
@writes
@bp.output(SummaryOut)
@bp.doc(summary="Publish the summary", description="As on the summary page: it needs an article, and the webinar's page public (409 says what is missing).")
def publish_summary(webinar_id: int):
    webinar, summary = _open_summary(webinar_id)
    check_if_match(SummaryOut().dump(summary_view(webinar, summary)))
    try:
        summaries.publish(summary, clock.now())
    except summaries.SummaryError as error:
        raise Problem(409, error.message) from error
    return summary_view(webinar, summary)


@bp.post("/webinars/<int:webinar_id>/summary/unpublish")
@writes
@bp.output(SummaryOut)
@bp.doc(summary="Take the summary offline")
def unpublish_summary(webinar_id: int):
    webinar, summary = _open_summary(webinar_id)
    check_if_match(SummaryOut().dump(summary_view(webinar, summary)))
    summaries.unpublish(summary)
    return summary_view(webinar, summary)


@bp.get("/webinars/<int:webinar_id>/agreements")
@bp.output(AgreementList)
@bp.doc(summary="A webinar's agreements and where their signatures stand")
def list_agreements(webinar_id: int):
    webinar = webinar_or_404(webinar_id)
    agreements = db.session.scalars(
        select(Agreement)
        .where(Agreement.webinar_id == webinar.id)
        .options(selectinload(Agreement.signatories))
        .order_by(Agreement.id)
    )
    return {
        "items": [
            {
                "id": agreement.id,
                "kind": agreement.kind.value,
                "status": agreement.status.value,
                "title": agreement.title,
                "sent_at": agreement.sent_at,
                "completed_at": agreement.completed_at,
                "withdrawn_at": agreement.withdrawn_at,
                "verification_code": agreement.verification_code,
                "has_signed_pdf": agreement.is_completed,
                "signatories": [
                    {
                        "party_name": signatory.party_name,
                        "full_name": signatory.full_name,
                        "state": signatory.state.value,
                        "answered_at": signatory.answered_at,
                    }
                    for signatory in agreement.signatories
                ],
            }
            for agreement in agreements
        ]
    }


@bp.get("/webinars/<int:webinar_id>/agreements/<int:agreement_id>/signed.pdf")
@bp.output(FileSchema(type="string", format="binary"), content_type="application/pdf")
@bp.doc(summary="Download the signed PDF of a completed agreement")
def agreement_pdf(webinar_id: int, agreement_id: int):
    webinar = webinar_or_404(webinar_id)
    agreement = (
        db.session.get(Agreement, agreement_id, options=[undefer(Agreement.pdf)]) if agreement_id < 2**31 else None
    )
    if agreement is None or agreement.webinar_id != webinar.id or agreement.pdf is None:
        raise Problem(404, _("This webinar has no signed agreement with this id."))
    response = Response(agreement.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(agreement.title or "")}"'
    return response


@bp.get("/webinars/<int:webinar_id>/emails")
@bp.input(MessageQuery, location="query", arg_name="query")
@bp.output(MessagePage)
@bp.doc(summary="E-mails about a webinar and where their delivery stands", description="Oldest first, a page at a time.")
def list_emails(webinar_id: int, query: dict):
    webinar = webinar_or_404(webinar_id)
    statement = select(OutboxMessage).where(OutboxMessage.webinar_id == webinar.id)
    if query.get("cursor"):
        statement = statement.where(OutboxMessage.id > _decode_cursor(query["cursor"]))
    limit = query["limit"]
    rows = list(db.session.scalars(statement.order_by(OutboxMessage.id).limit(limit + 1)))
    page = rows[:limit]
    return {
        "items": [
            {
                "id": message.id,
                "kind": message.kind,
                "to_address": message.to_address,
                "subject": message.subject,
                "status": message.status.value,
                "attempts": message.attempts,
                "queued_at": message.queued_at,
                "sent_at": message.sent_at,
                "last_error": message.last_error,
                "registration_id": message.registration_id,
            }
            for message in page
        ],
        "next_cursor": _encode_cursor(page[-1].id) if len(rows) > limit else None,
    }


# --- Importing an attendance report --------------------------------------------------------------

IMPORT_FIELDS = (
    "id", "filename", "rows_total", "rows_read", "platform", "matched", "unmatched", "error", "created_at", "finished_at",
)  # fmt: skip


def import_view(queued: AttendanceImport) -> dict:
    shown = {name: getattr(queued, name) for name in IMPORT_FIELDS}
    shown["status"] = queued.status.value
    return shown


@bp.post("/webinars/<int:webinar_id>/attendance/imports")
@writes
@bp.input(ReportUpload, location="files", arg_name="files")
@bp.output(AttendanceImportOut, status_code=202)
@bp.doc(
    summary="Import an attendance report",
    description="As on the attendance page: the worker imports it (matching registrants by e-mail); "
    "follow its progress at the address in `Location`.",
)
def import_attendance(webinar_id: int, files: dict):
    webinar = webinar_or_404(webinar_id)
    form = AttendanceImportForm(meta={"csrf": False})
    if not form.validate():
        raise invalid({name: [str(message) for message in messages] for name, messages in form.errors.items()})
    upload = form.report.data
    upload.stream.seek(0)
    try:
        queued = attendance_imports.queue_import(
            webinar, current_token().created_by, upload.filename, upload.read(), current_language()
        )
    except ReportUnreadable as error:
        raise invalid({"report": [error.message]}) from error
    after_commit(attendance_imports.wake_worker)
    location = url_for("api.get_attendance_import", webinar_id=webinar.id, import_id=queued.id)
    return import_view(queued), 202, {"Location": location}


@bp.get("/webinars/<int:webinar_id>/attendance/imports/<int:import_id>")
@bp.output(AttendanceImportOut)
@bp.doc(summary="Where an attendance import stands")
def get_attendance_import(webinar_id: int, import_id: int):
    webinar = webinar_or_404(webinar_id)
    queued = db.session.get(AttendanceImport, import_id) if import_id < 2**31 else None
    if queued is None or queued.webinar_id != webinar.id:
        raise Problem(404, _("This webinar has no attendance import with this id."))
    return import_view(queued)


# --- Adding to and removing from the agenda ------------------------------------------------------


def item_view(item) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind.value,
        "description": item.description,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "speaker_ids": [speaker.id for speaker in item.speakers],
    }


@bp.post("/webinars/<int:webinar_id>/agenda")
@writes
@bp.input(AgendaItemIn, arg_name="body")
@bp.output(AgendaItemCreated, status_code=201)
@bp.doc(summary="Add an agenda item", description="The agenda page's checks: inside the webinar, no overlap, speakers of its line-up.")
def add_agenda_item(webinar_id: int, body: dict):
    webinar = webinar_or_404(webinar_id)
    people = agenda_service.lineup_people(webinar)
    fields = {
        "title": body["title"],
        "kind": body["kind"],
        "description": body.get("description"),
        # The form's clock times say nothing the instants do not; the service checks the slot.
        "starts_at": to_local(body["starts_at"].astimezone(UTC), webinar.timezone).strftime("%H:%M"),
        "duration": max(1, int((body["ends_at"] - body["starts_at"]).total_seconds() // 60)),
        "speakers": [str(person_id) for person_id in body.get("speaker_ids") or []],
    }
    form = AgendaItemForm(formdata=validation.form_data(fields), meta={"csrf": False})
    form.set_speaker_choices(people)
    if not form.validate():
        names = {"speakers": "speaker_ids", "duration": "ends_at"}
        raise invalid({names.get(name, name): [str(m) for m in messages] for name, messages in form.errors.items()})
    details = agenda_service.ItemDetails(
        starts_at=body["starts_at"].astimezone(UTC),
        ends_at=body["ends_at"].astimezone(UTC),
        title=form.title.data,
        kind=form.kind.data,
        description=form.description.data or None,
        speaker_ids=list(form.speakers.data or []),
    )
    try:
        item = agenda_service.add_item(webinar, details)
    except agenda_service.AgendaError as error:
        raise Problem(409, error.message) from error
    return item_view(item), 201


@bp.delete("/webinars/<int:webinar_id>/agenda/<int:item_id>")
@writes
@bp.output({}, status_code=204)
@bp.doc(summary="Remove an agenda item")
def delete_agenda_item(webinar_id: int, item_id: int):
    webinar = webinar_or_404(webinar_id)
    item = db.session.get(AgendaItem, item_id) if item_id < 2**31 else None
    if item is None or item.webinar_id != webinar.id:
        raise Problem(404, _("This webinar's agenda has no such item."))
    agenda_service.delete_item(item)
    return "", 204
