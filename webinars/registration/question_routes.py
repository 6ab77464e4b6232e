"""A webinar's custom registration questions: added, edited, deleted and ordered by its organizers."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.questions import editor
from webinars.questions.forms import KIND_LABELS, QuestionForm
from webinars.questions.pages import edit_question_page
from webinars.registration import questions, service
from webinars.registration.admin_blueprint import bp, question_for_organizer_or_404
from webinars.registration.manage_forms import RegistrantFieldsForm
from webinars.registration.models import Question

# --- Questions -------------------------------------------------------------------------


def _render_questions(webinar: Webinar, form: QuestionForm, fields_form: RegistrantFieldsForm | None = None):
    question_list = service.questions_of(webinar)
    fields_form = fields_form or RegistrantFieldsForm.for_webinar(webinar)
    return (
        render_template(
            "registration_admin/questions.html",
            webinar=webinar,
            form=form,
            questions=question_list,
            answer_counts=questions.answer_counts(question_list),
            kind_labels=KIND_LABELS,
            fields_form=fields_form,
        ),
        422 if form.errors or fields_form.errors else 200,
    )


@bp.route("/manage/webinars/<int:webinar_id>/questions", methods=["GET", "POST"])
@login_required
def questions_index(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    form = QuestionForm()
    if form.validate_on_submit():
        question = editor.add_question(Question, webinar, form.details())
        db.session.commit()
        flash(_("The question “%(label)s” was added to the registration form.", label=question.label), "success")
        return redirect(url_for(".questions_index", webinar_id=webinar.id))
    return _render_questions(webinar, form)


@bp.post("/manage/webinars/<int:webinar_id>/questions/fields")
@login_required
def registrant_fields(webinar_id: int):
    """Which built-in fields the registration form requires, offers or hides."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    fields_form = RegistrantFieldsForm()
    if fields_form.validate_on_submit():
        service.set_registrant_fields(webinar, fields_form.modes())
        db.session.commit()
        flash(_("The fields of the registration form were saved."), "success")
        return redirect(url_for(".questions_index", webinar_id=webinar.id))
    return _render_questions(webinar, QuestionForm(formdata=None), fields_form)


@bp.route("/manage/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(question_id: int):
    question = question_for_organizer_or_404(question_id)
    return edit_question_page(
        question,
        template="registration_admin/question_edit.html",
        list_url=url_for(".questions_index", webinar_id=question.webinar_id),
    )


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
    editor.delete_question(question)
    db.session.commit()
    flash(_("The question “%(label)s” was deleted.", label=label), "success")
    return redirect(url_for(".questions_index", webinar_id=webinar_id))


@bp.post("/manage/questions/<int:question_id>/move/<any(up, down):direction>")
@login_required
def move_question(question_id: int, direction: str):
    question = question_for_organizer_or_404(question_id)
    editor.move_question(question, direction)
    db.session.commit()
    return redirect(url_for(".questions_index", webinar_id=question.webinar_id))


