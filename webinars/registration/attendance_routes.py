"""Check-in and attendance reports: marking attendance by hand, importing a platform's report (the
worker reads it), and resolving the report's rows that matched no registrant."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.joining import service as joining
from webinars.registration import attendance, attendance_imports, listing, service
from webinars.registration.admin_blueprint import (
    back_to,
    bp,
    list_args,
    registration_for_organizer_or_404,
    report_row_for_organizer_or_404,
    times_label,
)
from webinars.registration.attendance_reports import ReportUnreadable
from webinars.registration.manage_forms import (
    MAX_REPORT_BYTES,
    STATE_LABELS,
    AttendanceImportForm,
    AttendeeFromReportForm,
    CheckinSearchForm,
)
from webinars.registration.models import (
    AttendanceImport,
    Registration,
    UnmatchedAttendance,
)
from webinars.registration.service import RegistrantDetails

# --- Attendance: check-in and reports --------------------------------------------------------


def _render_attendance(webinar: Webinar, import_form: AttendanceImportForm, status: int = 200):
    search_form = CheckinSearchForm(formdata=request.args)
    search_form.validate()
    filters = listing.confirmed_filters("" if search_form.q.errors else (search_form.q.data or ""))
    page = listing.registrations_page(
        webinar.id, filters, after=request.args.get("after"), before=request.args.get("before")
    )
    rows = attendance.open_rows_page(webinar, after=request.args.get("rows_after"), before=request.args.get("rows_before"))
    kept = {"q": filters.search} if filters.search else {}
    attended = db.session.scalar(
        select(func.count()).where(Registration.webinar_id == webinar.id, Registration.attended.is_(True))
    )
    latest = attendance_imports.latest_import(webinar)
    here = url_for(".attendance_index", webinar_id=webinar.id, **list_args(), **_rows_args())
    return (
        render_template(
            "registration_admin/attendance.html",
            webinar=webinar,
            search_form=search_form,
            import_form=import_form,
            page=page,
            attended_count=attended,
            # Beside the attendance (marked or imported): who clicked "Join now" on their join page.
            join_clicks=joining.clicks_of([registration.id for registration in page.registrations]),
            clicked_join_count=joining.clicked_join_count(webinar.id),
            rows=rows,
            rows_total=format_number(rows.total),
            rows_next_url=url_for(".attendance_index", webinar_id=webinar.id, rows_after=rows.next_cursor, **list_args())
            if rows.next_cursor
            else None,
            rows_previous_url=url_for(
                ".attendance_index", webinar_id=webinar.id, rows_before=rows.previous_cursor, **list_args()
            )
            if rows.previous_cursor
            else None,
            latest_import=latest,
            import_progress=attendance_imports.progress_of(latest) if latest else None,
            import_status_url=url_for(".attendance_import_status", import_id=latest.id) if latest else None,
            refresh_url=here,
            list_args=list_args(),
            next_url=url_for(".attendance_index", webinar_id=webinar.id, after=page.next_cursor, **kept, **_rows_args())
            if page.next_cursor
            else None,
            previous_url=url_for(
                ".attendance_index", webinar_id=webinar.id, before=page.previous_cursor, **kept, **_rows_args()
            )
            if page.previous_cursor
            else None,
            zone=times_label(webinar),
            import_hint=_(
                "The participants report exported from Zoom, or the attendance report from Microsoft Teams "
                "(.csv), as the platform gave it: at most %(rows)s participant rows and %(megabytes)s MB.",
                rows=format_number(attendance_imports.max_rows()),
                megabytes=MAX_REPORT_BYTES // (1024 * 1024),
            ),
        ),
        status,
    )


def _rows_args() -> dict[str, str]:
    """The page of unmatched rows the organizer is on, kept while the check-in list pages."""
    return {name: request.args[name] for name in ("rows_after", "rows_before") if request.args.get(name)}


@bp.get("/manage/webinars/<int:webinar_id>/attendance")
@login_required
def attendance_index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    return _render_attendance(webinar, AttendanceImportForm())


@bp.post("/manage/webinars/<int:webinar_id>/attendance/import")
@login_required
def import_attendance(webinar_id: int):
    """Keep the report for the worker, which imports it; the page follows its progress."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form = AttendanceImportForm()
    if form.validate_on_submit():
        upload = form.report.data
        upload.stream.seek(0)
        try:
            attendance_imports.queue_import(webinar, current_user, upload.filename, upload.read(), current_language())
        except ReportUnreadable as error:
            db.session.rollback()
            form.report.errors.append(error.message)
        else:
            db.session.commit()
            attendance_imports.wake_worker()
            return redirect(url_for(".attendance_index", webinar_id=webinar.id))
    return _render_attendance(webinar, form, status=422)


@bp.get("/manage/attendance-imports/<int:import_id>")
@login_required
def attendance_import_status(import_id: int):
    """The progress of an import, which the attendance page's script asks for every few seconds."""
    queued = db.session.get(AttendanceImport, import_id)
    if queued is None:
        abort(404)
    webinar_for_organizer_or_404(queued.webinar_id)
    progress = attendance_imports.progress_of(queued)
    response = jsonify(finished=progress.finished, failed=progress.failed, message=progress.message)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/manage/registrations/<int:registration_id>/attended")
@login_required
def mark_attended(registration_id: int):
    registration = registration_for_organizer_or_404(registration_id)
    attendance.mark_attended(registration)
    db.session.commit()
    flash(_("%(name)s attended.", name=registration.full_name), "success")
    return back_to(".attendance_index", registration.webinar_id)


@bp.post("/manage/registrations/<int:registration_id>/absent")
@login_required
def mark_absent(registration_id: int):
    registration = registration_for_organizer_or_404(registration_id)
    attendance.mark_absent(registration)
    db.session.commit()
    flash(_("%(name)s is no longer marked as attended.", name=registration.full_name), "success")
    return back_to(".attendance_index", registration.webinar_id)


def _render_report_row(row: UnmatchedAttendance, add_form: AttendeeFromReportForm, status: int = 200):
    search_form = CheckinSearchForm(formdata=request.args)
    search_form.validate()
    search = "" if search_form.q.errors else (search_form.q.data or "")
    candidates = listing.registrations_page(
        row.webinar_id, listing.Filters(search=search, sort=listing.SortOrder.NAME)
    ).registrations
    return (
        render_template(
            "registration_admin/report_row.html",
            webinar=db.session.get(Webinar, row.webinar_id),
            row=row,
            search_form=search_form,
            candidates=candidates,
            add_form=add_form,
            state_labels=STATE_LABELS,
        ),
        status,
    )


@bp.get("/manage/attendance-rows/<int:row_id>")
@login_required
def report_row(row_id: int):
    """Resolve a row of the report that matched no registrant."""
    row = report_row_for_organizer_or_404(row_id)
    webinar = db.session.get(Webinar, row.webinar_id)
    return _render_report_row(row, AttendeeFromReportForm(data=AttendeeFromReportForm.initial_data(row, webinar.language.value)))


def _resolved(row: UnmatchedAttendance, action, done: str):
    try:
        action()
    except (attendance.AttendanceError, service.RegistrationError) as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".report_row", row_id=row.id))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for(".attendance_index", webinar_id=row.webinar_id))


@bp.post("/manage/attendance-rows/<int:row_id>/attach/<int:registration_id>")
@login_required
def attach_report_row(row_id: int, registration_id: int):
    row = report_row_for_organizer_or_404(row_id)
    registration = registration_for_organizer_or_404(registration_id)
    if registration.webinar_id != row.webinar_id:
        abort(404)
    return _resolved(
        row,
        lambda: attendance.attach(row, registration),
        _("%(row)s is counted as %(name)s's attendance.", row=row.name, name=registration.full_name),
    )


@bp.post("/manage/attendance-rows/<int:row_id>/add")
@login_required
def add_from_report_row(row_id: int):
    row = report_row_for_organizer_or_404(row_id)
    webinar = db.session.get(Webinar, row.webinar_id)
    form = AttendeeFromReportForm()
    if not form.validate_on_submit():
        return _render_report_row(row, form, status=422)
    details = RegistrantDetails(email=form.email.data, first_name=form.first_name.data, last_name=form.last_name.data)
    name = f"{form.first_name.data} {form.last_name.data}"
    try:
        attendance.add_as_registrant(webinar, row, details, form.language.data)
    except service.AlreadyRegistered as error:
        db.session.rollback()
        form.email.errors.append(error.message)
        return _render_report_row(row, form, status=422)
    except (attendance.AttendanceError, service.RegistrationError) as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _render_report_row(row, form, status=422)
    db.session.commit()
    flash(_("%(name)s is registered and marked as attended.", name=name), "success")
    return redirect(url_for(".attendance_index", webinar_id=webinar.id))


@bp.post("/manage/attendance-rows/<int:row_id>/dismiss")
@login_required
def dismiss_report_row(row_id: int):
    row = report_row_for_organizer_or_404(row_id)
    return _resolved(
        row, lambda: attendance.dismiss(row), _("%(row)s is set aside: not a registrant.", row=row.name)
    )
