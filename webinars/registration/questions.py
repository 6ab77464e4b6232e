"""What the registration form's question editor adds to the shared one (``webinars.questions.editor``):
how many registrants answered each question, shown beside it and asked before a delete."""

from __future__ import annotations

from sqlalchemy import distinct, func, select

from webinars.extensions import db
from webinars.registration.models import Answer, Question


def answer_counts(questions: list[Question]) -> dict[int, int]:
    """Question id -> how many registrants answered it (one grouped query; a multiple
    choice has one answer row per chosen option, so registrants are counted, not rows)."""
    counts = {question.id: 0 for question in questions}
    if counts:
        rows = db.session.execute(
            select(Answer.question_id, func.count(distinct(Answer.registration_id)))
            .where(Answer.question_id.in_(list(counts)))
            .group_by(Answer.question_id)
        )
        counts.update({question_id: count for question_id, count in rows})
    return counts
