"""The organizer's side of the survey (switch it on, edit its questions, read each answer with its
author) and the registrant's (``/r/<token>/feedback``: answer once, change it until it closes)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import clock
from webinars.accounts.service import require_membership
from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.feedback import results, service
from webinars.feedback.forms import FeedbackSettingsForm, feedback_form_class, form_data
from webinars.feedback.models import FeedbackQuestion, FeedbackResponse
from webinars.i18n import format_event_datetime
from webinars.questions import editor
from webinars.questions.forms import KIND_LABELS, QuestionForm
from webinars.questions.pages import edit_question_page
from webinars.registration.access import registration_for_token_or_404

bp = Blueprint("feedback", __name__)


@bp.after_request
def keep_private(response):
    """Answers are personal, and the registrant's page carries their token."""
    response.headers["Cache-Control"] = "private, no-store"
    if request.endpoint == "feedback.answer":
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- the organizer ---------------------------------------------------------------------------


def question_for_organizer_or_404(question_id: int) -> FeedbackQuestion:
    question = db.session.get(FeedbackQuestion, question_id)
    if question is None:
        abort(404)
    webinar = db.session.get(Webinar, question.webinar_id)
    require_membership(webinar.organization_id)
    return question


def _render_settings(webinar: Webinar, settings_form: FeedbackSettingsForm, question_form: QuestionForm, status: int = 200):
    return (
        render_template(
            "feedback/settings.html",
            webinar=webinar,
            settings_form=settings_form,
            question_form=question_form,
            questions=service.questions_of(webinar),
            kind_labels=KIND_LABELS,
            answers=service.response_count(webinar),
            closes_at=service.closes_at(webinar),
        ),
        status,
    )


@bp.route("/manage/webinars/<int:webinar_id>/feedback", methods=["GET", "POST"])
@login_required
def settings(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    survey = service.survey_of(webinar.id)
    settings_form = FeedbackSettingsForm(
        prefix="survey",
        data={"enabled": survey.enabled, "rating_is_public": survey.rating_is_public} if survey else None,
    )
    question_form = QuestionForm(formdata=None, prefix="question")
    if settings_form.validate_on_submit():
        service.save_settings(
            webinar, enabled=settings_form.enabled.data, rating_is_public=settings_form.rating_is_public.data
        )
        db.session.commit()
        flash(_("The survey is on.") if settings_form.enabled.data else _("The survey is off."), "success")
        return redirect(url_for(".settings", webinar_id=webinar.id))
    return _render_settings(webinar, settings_form, question_form, 422 if settings_form.is_submitted() else 200)


@bp.post("/manage/webinars/<int:webinar_id>/feedback/questions")
@login_required
def add_question(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    question_form = QuestionForm(prefix="question")
    if question_form.validate_on_submit():
        question = service.add_question(webinar, question_form.details())
        db.session.commit()
        flash(_("The question “%(label)s” was added to the survey.", label=question.label), "success")
        return redirect(url_for(".settings", webinar_id=webinar.id))
    survey = service.survey_of(webinar.id)
    settings_form = FeedbackSettingsForm(
        formdata=None, prefix="survey",
        data={"enabled": survey.enabled, "rating_is_public": survey.rating_is_public} if survey else None,
    )
    return _render_settings(webinar, settings_form, question_form, 422)


@bp.route("/manage/feedback-questions/<int:feedback_question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(feedback_question_id: int):
    question = question_for_organizer_or_404(feedback_question_id)
    return edit_question_page(
        question, template="feedback/question_edit.html", list_url=url_for(".settings", webinar_id=question.webinar_id)
    )


@bp.post("/manage/feedback-questions/<int:feedback_question_id>/delete")
@login_required
def delete_question(feedback_question_id: int):
    question = question_for_organizer_or_404(feedback_question_id)
    webinar_id, label = question.webinar_id, question.label
    editor.delete_question(question)
    db.session.commit()
    flash(_("The question “%(label)s” was deleted with its answers.", label=label), "success")
    return redirect(url_for(".settings", webinar_id=webinar_id))


@bp.post("/manage/feedback-questions/<int:feedback_question_id>/move/<any(up, down):direction>")
@login_required
def move_question(feedback_question_id: int, direction: str):
    question = question_for_organizer_or_404(feedback_question_id)
    editor.move_question(question, direction)
    db.session.commit()
    return redirect(url_for(".settings", webinar_id=question.webinar_id))


@bp.get("/manage/webinars/<int:webinar_id>/feedback/answers")
@login_required
def answers(webinar_id: int):
    """Each answer with its author's name: the organizers' page only (the summary shows none)."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    responses = db.session.scalars(
        select(FeedbackResponse)
        .where(FeedbackResponse.webinar_id == webinar.id)
        .options(selectinload(FeedbackResponse.registration), selectinload(FeedbackResponse.answers))
        .order_by(FeedbackResponse.updated_at.desc(), FeedbackResponse.id.desc())
    ).all()
    return render_template(
        "feedback/answers.html",
        webinar=webinar,
        responses=responses,
        questions={question.id: question for question in service.questions_of(webinar)},
        results=results.results_of(webinar),
    )


# --- the registrant --------------------------------------------------------------------------


@bp.route("/r/<token>/feedback", methods=["GET", "POST"])
def answer(token: str):
    registration = registration_for_token_or_404(token)
    webinar = registration.webinar
    now = clock.now()
    closed = service.closed_reason(registration, now)
    response = service.response_of(registration)
    questions = service.questions_of(webinar)
    form_class = feedback_form_class(questions)
    initial = form_data(response, service.answers_of(response), questions) if request.method == "GET" else None
    form = form_class(data=initial)
    if closed is None and form.validate_on_submit():
        try:
            service.save_response(
                registration,
                rating=int(form.rating.data),
                recommendation=int(form.recommendation.data),
                comment=form.comment.data,
                answers=form.answers(),
                now=now,
            )
        except service.FeedbackError as refused:
            db.session.rollback()
            form.form_errors.append(refused.message)
        else:
            db.session.commit()
            flash(_("Thank you: your feedback is saved. You can change it until %(date)s.",
                    date=_closing_date(webinar)), "success")
            return redirect(url_for("registration.manage", token=token))
    status = 200
    if request.method == "POST":
        status = 409 if closed else 422
    elif closed:
        status = 410 if now >= service.closes_at(webinar) else 403
    return (
        render_template(
            "feedback/answer.html",
            token=token,
            webinar=webinar,
            form=form,
            closed=closed,
            answered=response is not None,
            closes_on=_closing_date(webinar),
        ),
        status,
    )


def _closing_date(webinar: Webinar) -> str:
    return format_event_datetime(service.closes_at(webinar), webinar.timezone)
