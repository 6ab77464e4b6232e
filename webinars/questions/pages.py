"""The page that edits one question, the same for the registration form's and the survey's questions;
each blueprint loads and authorizes the question, then hands over with its own template and list."""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import gettext as _

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.questions import editor
from webinars.questions.forms import QuestionForm


def edit_question_page(question: editor.EditableQuestion, *, template: str, list_url: str):
    """Show the question's form; a valid one is saved and leads back to the list at ``list_url``."""
    form = QuestionForm(data=QuestionForm.initial_data(question))
    if form.validate_on_submit():
        editor.update_question(question, form.details())
        db.session.commit()
        flash(_("The question “%(label)s” was saved.", label=question.label), "success")
        return redirect(list_url)
    webinar = db.session.get(Webinar, question.webinar_id)
    return render_template(template, webinar=webinar, form=form, question=question), 422 if form.errors else 200
