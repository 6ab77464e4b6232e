"""The organizer's list of registrants and what can be done to each: approve, reject, move from
the waitlist, resend a link, cancel, add someone by hand. The blueprint's other pages are in
``question_routes``, ``export_routes`` and ``attendance_routes`` (see ``admin_blueprint``)."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from sqlalchemy.orm import selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.registration import listing, seats, service
from webinars.registration.admin_blueprint import (
    back_to,
    bp,
    list_args,
    registration_for_organizer_or_404,
    times_label,
)
from webinars.registration.manage_forms import (
    STATE_LABELS,
    RegistrationFilterForm,
    manual_registrant_form_class,
)
from webinars.registration.models import (
    Question,
    QuestionKind,
    Registration,
    RegistrationState,
)


@bp.app_context_processor
def registration_overview_helpers() -> dict:
    """``seat_summary_of(webinar)`` for the organizer's overview page (one grouped query)."""

    def seat_summary_of(webinar: Webinar) -> seats.SeatSummary:
        return seats.seat_summaries([webinar])[webinar.id]

    return {"seat_summary_of": seat_summary_of}


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
        zone=times_label(webinar),
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

    return _act(registration, seats.approve, done)


@bp.post("/manage/registrations/<int:registration_id>/reject")
@login_required
def reject(registration_id: int):
    registration = registration_for_organizer_or_404(registration_id)
    return _act(registration, seats.reject, _("%(name)s's registration is rejected.", name=registration.full_name))


@bp.post("/manage/registrations/<int:registration_id>/confirm")
@login_required
def confirm(registration_id: int):
    """Move from the waitlist into a free seat."""
    registration = registration_for_organizer_or_404(registration_id)
    return _act(
        registration,
        seats.confirm_from_waitlist,
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

    return _act(registration, seats.cancel_by_organizer, done)


@bp.route("/manage/webinars/<int:webinar_id>/registrations/new", methods=["GET", "POST"])
@login_required
def add(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form_class = manual_registrant_form_class(
        webinar.organization, service.questions_of(webinar), webinar.registrant_fields
    )
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


# The blueprint's other pages, in modules of their own (they attach their views to ``bp``).
from webinars.registration import attendance_routes, export_routes, question_routes  # noqa: E402,F401
