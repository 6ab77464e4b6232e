"""The organizer's side of registration: questions, the list of registrants and what can be
done to each, the CSV export, check-in and the import of attendance reports."""

from __future__ import annotations

from itertools import chain

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import current_language, zone_with_offset
from webinars.joining import service as joining
from webinars.registration import attendance, export, listing, questions, service
from webinars.registration.countries import country_name
from webinars.registration.manage_forms import (
    KIND_LABELS,
    STATE_LABELS,
    AttendanceImportForm,
    AttendeeFromReportForm,
    CheckinSearchForm,
    QuestionForm,
    RegistrationFilterForm,
    manual_registrant_form_class,
)
from webinars.registration.models import (
    Question,
    QuestionKind,
    Registration,
    RegistrationState,
    UnmatchedAttendance,
)
from webinars.registration.service import RegistrantDetails

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


@bp.app_context_processor
def registration_overview_helpers() -> dict:
    """``seat_summary_of(webinar)`` for the organizer's overview page (one grouped query)."""

    def seat_summary_of(webinar: Webinar) -> service.SeatSummary:
        return service.seat_summaries([webinar])[webinar.id]

    return {"seat_summary_of": seat_summary_of}


def zone_label(webinar: Webinar) -> str:
    """'heure du Maroc, UTC+1': the webinar's zone as people say it, with its offset at the start."""
    return zone_with_offset(webinar.timezone, webinar.starts_at)


def answer_text(question: Question, values: list[str]) -> str:
    if question.kind is QuestionKind.YES_NO:
        values = [_("Yes") if value == "yes" else _("No") if value == "no" else value for value in values]
    return "; ".join(values)


def answered(question_list: list[Question], answers: dict[int, dict[int, list[str]]]) -> dict[int, list[tuple[str, str]]]:
    """Registration id -> (question, answer) pairs it answered, in the form's order."""
    return {
        registration_id: [
            (question.label, answer_text(question, given[question.id]))
            for question in question_list
            if given.get(question.id)
        ]
        for registration_id, given in answers.items()
    }


# --- The list of registrants --------------------------------------------------------------


@bp.get("/manage/webinars/<int:webinar_id>/registrations")
@login_required
def index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form = RegistrationFilterForm(formdata=request.args)
    filters = form.filters()
    page = listing.registrations_page(
        webinar.id, filters, after=request.args.get("after"), before=request.args.get("before")
    )
    question_list = service.questions_of(webinar)
    kept = {name: value for name, value in list_args().items() if name not in ("after", "before")}
    return render_template(
        "registration_admin/index.html",
        webinar=webinar,
        form=form,
        page=page,
        answers=answered(question_list, page.answers),
        counts=service.counts_by_state(webinar.id),
        state_labels=STATE_LABELS,
        list_args=list_args(),
        next_url=url_for(".index", webinar_id=webinar.id, after=page.next_cursor, **kept) if page.next_cursor else None,
        previous_url=url_for(".index", webinar_id=webinar.id, before=page.previous_cursor, **kept)
        if page.previous_cursor
        else None,
        zone=zone_label(webinar),
    )


def _act(registration: Registration, action, done: str):
    """Run a service action on the registrant; a refused one changes nothing and says why."""
    try:
        outcome = action(registration)
    except service.RegistrationError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(done if not callable(done) else done(registration, outcome), "success")
    return back_to(".index", registration.webinar_id)


@bp.post("/manage/registrations/<int:registration_id>/approve")
@login_required
def approve(registration_id: int):
    registration = registration_for_organizer_or_404(registration_id)

    def done(registration: Registration, _outcome) -> str:
        if registration.state is RegistrationState.WAITLISTED:
            return _("%(name)s is approved. No seat is free, so they are on the waitlist.", name=registration.full_name)
        return _("%(name)s is approved and confirmed.", name=registration.full_name)

    return _act(registration, service.approve, done)


@bp.post("/manage/registrations/<int:registration_id>/reject")
@login_required
def reject(registration_id: int):
    registration = registration_for_organizer_or_404(registration_id)
    return _act(registration, service.reject, _("%(name)s's registration is rejected.", name=registration.full_name))


@bp.post("/manage/registrations/<int:registration_id>/confirm")
@login_required
def confirm(registration_id: int):
    """Move from the waitlist into a free seat."""
    registration = registration_for_organizer_or_404(registration_id)
    return _act(
        registration,
        service.confirm_from_waitlist,
        _("%(name)s is moved from the waitlist and confirmed.", name=registration.full_name),
    )


@bp.post("/manage/registrations/<int:registration_id>/resend")
@login_required
def resend(registration_id: int):
    registration = registration_for_organizer_or_404(registration_id)
    return _act(
        registration,
        service.resend_confirmation,
        _("A new personal link was sent to %(email)s.", email=registration.email),
    )


@bp.route("/manage/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(registration_id: int):
    """GET asks for confirmation; POST cancels."""
    registration = registration_for_organizer_or_404(registration_id)
    if request.method != "POST":
        return render_template(
            "registration_admin/cancel.html", registration=registration, webinar=registration.webinar, list_args=list_args()
        )

    def done(registration: Registration, promoted: list[Registration]) -> str:
        message = _("%(name)s's registration is cancelled.", name=registration.full_name)
        if promoted:
            message += " " + ngettext(
                "%(num)d person moved from the waitlist into the freed seat.",
                "%(num)d people moved from the waitlist into the freed seats.",
                len(promoted),
            )
        return message

    return _act(registration, service.cancel_by_organizer, done)


@bp.route("/manage/webinars/<int:webinar_id>/registrations/new", methods=["GET", "POST"])
@login_required
def add(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form_class = manual_registrant_form_class(webinar.organization, service.questions_of(webinar))
    form = form_class(language=current_language(), data={"language": webinar.language.value})
    if form.validate_on_submit():
        try:
            registration = service.add_by_organizer(
                webinar,
                form.registrant_details(form.email.data),
                form.language.data,
                notify=bool(form.send_confirmation.data),
            )
        except service.AlreadyRegistered as error:
            db.session.rollback()
            form.email.errors.append(error.message)
        except service.RegistrationError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            state = STATE_LABELS[registration.state]
            flash(_("%(name)s is registered (%(state)s).", name=registration.full_name, state=state), "success")
            return back_to(".index", webinar.id)
    status = 422 if form.is_submitted() else 200
    return render_template("registration_admin/add.html", webinar=webinar, form=form, list_args=list_args()), status


# --- CSV export ------------------------------------------------------------------------


def export_labels() -> export.ExportLabels:
    language = current_language()
    return export.ExportLabels(
        columns={
            "registered_at": _("Registered at"),
            "state": _("State"),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("E-mail"),
            "organization": _("Organization"),
            "job_title": _("Job title"),
            "country": _("Country"),
            "city": _("City"),
            "language": _("Language"),
            "wants_future_events": _("Wants news of future events"),
            "confirmed_at": _("Confirmed at"),
            "cancelled_at": _("Cancelled at"),
            "attended": _("Attended"),
            "joined_at": _("Joined at"),
            "left_at": _("Left at"),
            "minutes_in_session": _("Minutes in session"),
        },
        states={state: str(label) for state, label in STATE_LABELS.items()},
        yes=_("Yes"),
        no=_("No"),
        country_name=lambda code: country_name(code, language) or code,
    )


@bp.get("/manage/webinars/<int:webinar_id>/registrations.csv")
@login_required
def export_csv(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    question_list = service.questions_of(webinar)
    labels, zone_name = export_labels(), webinar.timezone
    rows = (
        export.registration_row(record, answers, question_list, zone_name, labels)
        for record, answers in export.stream_registrations(webinar.id)
    )
    chunks = export.csv_chunks(chain([export.header_row(question_list, labels)], rows))
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="registrations-{webinar.slug}.csv"'
    response.headers["Cache-Control"] = "private, no-store"  # personal data
    return response


# --- Questions -------------------------------------------------------------------------


def _render_questions(webinar: Webinar, form: QuestionForm):
    question_list = service.questions_of(webinar)
    return (
        render_template(
            "registration_admin/questions.html",
            webinar=webinar,
            form=form,
            questions=question_list,
            answer_counts=questions.answer_counts(question_list),
            kind_labels=KIND_LABELS,
        ),
        422 if form.errors else 200,
    )


@bp.route("/manage/webinars/<int:webinar_id>/questions", methods=["GET", "POST"])
@login_required
def questions_index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form = QuestionForm()
    if form.validate_on_submit():
        question = questions.add_question(webinar, form.details())
        db.session.commit()
        flash(_("The question “%(label)s” was added to the registration form.", label=question.label), "success")
        return redirect(url_for(".questions_index", webinar_id=webinar.id))
    return _render_questions(webinar, form)


@bp.route("/manage/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(question_id: int):
    question = question_for_organizer_or_404(question_id)
    form = QuestionForm(data=QuestionForm.initial_data(question))
    if form.validate_on_submit():
        questions.update_question(question, form.details())
        db.session.commit()
        flash(_("The question “%(label)s” was saved.", label=question.label), "success")
        return redirect(url_for(".questions_index", webinar_id=question.webinar_id))
    webinar = db.session.get(Webinar, question.webinar_id)
    status = 422 if form.errors else 200
    return render_template("registration_admin/question_edit.html", webinar=webinar, form=form, question=question), status


@bp.post("/manage/questions/<int:question_id>/delete")
@login_required
def delete_question(question_id: int):
    """A question with answers asks first, then deletes it with its answers."""
    question = question_for_organizer_or_404(question_id)
    webinar_id, label = question.webinar_id, question.label
    answers = questions.answer_counts([question])[question.id]
    if answers and request.values.get("confirmed") != "yes":
        webinar = db.session.get(Webinar, webinar_id)
        return render_template(
            "registration_admin/question_delete.html", webinar=webinar, question=question, answers=answers
        )
    questions.delete_question(question)
    db.session.commit()
    flash(_("The question “%(label)s” was deleted.", label=label), "success")
    return redirect(url_for(".questions_index", webinar_id=webinar_id))


@bp.post("/manage/questions/<int:question_id>/move/<any(up, down):direction>")
@login_required
def move_question(question_id: int, direction: str):
    question = question_for_organizer_or_404(question_id)
    webinar = db.session.get(Webinar, question.webinar_id)
    questions.move_question(webinar, question, direction)
    db.session.commit()
    return redirect(url_for(".questions_index", webinar_id=webinar.id))


# --- Attendance: check-in and reports --------------------------------------------------------


def _render_attendance(webinar: Webinar, import_form: AttendanceImportForm, status: int = 200):
    search_form = CheckinSearchForm(formdata=request.args)
    search_form.validate()
    filters = listing.confirmed_filters("" if search_form.q.errors else (search_form.q.data or ""))
    page = listing.registrations_page(
        webinar.id, filters, after=request.args.get("after"), before=request.args.get("before")
    )
    kept = {"q": filters.search} if filters.search else {}
    attended = db.session.scalar(
        select(func.count()).where(Registration.webinar_id == webinar.id, Registration.attended.is_(True))
    )
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
            open_rows=attendance.open_rows(webinar),
            list_args=list_args(),
            next_url=url_for(".attendance_index", webinar_id=webinar.id, after=page.next_cursor, **kept)
            if page.next_cursor
            else None,
            previous_url=url_for(".attendance_index", webinar_id=webinar.id, before=page.previous_cursor, **kept)
            if page.previous_cursor
            else None,
            zone=zone_label(webinar),
        ),
        status,
    )


@bp.get("/manage/webinars/<int:webinar_id>/attendance")
@login_required
def attendance_index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    return _render_attendance(webinar, AttendanceImportForm())


@bp.post("/manage/webinars/<int:webinar_id>/attendance/import")
@login_required
def import_attendance(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form = AttendanceImportForm()
    if form.validate_on_submit():
        upload = form.report.data
        upload.stream.seek(0)
        try:
            report = attendance.read_report(upload.read(), webinar.timezone, near=webinar.starts_at)
        except attendance.ReportUnreadable as error:
            form.report.errors.append(error.message)
        else:
            result = attendance.import_report(webinar, report)
            db.session.commit()
            platform = "Microsoft Teams" if result.platform == attendance.TEAMS else "Zoom"
            flash(
                _(
                    "%(platform)s report imported: %(matched)d registrants marked as attended, "
                    "%(unmatched)d people to resolve below.",
                    platform=platform,
                    matched=result.matched,
                    unmatched=result.unmatched,
                ),
                "success",
            )
            return redirect(url_for(".attendance_index", webinar_id=webinar.id))
    return _render_attendance(webinar, form, status=422)


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
