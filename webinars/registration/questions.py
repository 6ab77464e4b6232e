"""The organizer edits a webinar's custom questions: add, change, reorder, delete.

Functions flush but never commit: the view owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration.models import Answer, Question, QuestionKind
from webinars.registration.service import questions_of

CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


@dataclass(frozen=True)
class QuestionDetails:
    label: str
    kind: QuestionKind
    required: bool = False
    # One option per item, for the choice kinds; ignored for the others.
    choices: tuple[str, ...] = ()


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


def _apply(question: Question, details: QuestionDetails) -> None:
    question.label = details.label
    question.kind = details.kind
    question.required = details.required
    question.choices_text = "\n".join(details.choices) if details.kind in CHOICE_KINDS else None


def add_question(webinar: Webinar, details: QuestionDetails) -> Question:
    """A new question at the end of the form."""
    last = db.session.scalar(select(func.max(Question.position)).where(Question.webinar_id == webinar.id))
    question = Question(webinar_id=webinar.id, position=(last if last is not None else -1) + 1)
    _apply(question, details)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: Question, details: QuestionDetails) -> None:
    """Answers already given are kept as they were given, even if an option is renamed."""
    _apply(question, details)
    db.session.flush()


def delete_question(question: Question) -> int:
    """Delete the question and its answers; returns how many registrants had answered it."""
    answers = answer_counts([question])[question.id]
    db.session.delete(question)  # its answers go by ON DELETE CASCADE
    db.session.flush()
    return answers


def move_question(webinar: Webinar, question: Question, direction: str) -> None:
    """Swap the question with its neighbour above ("up") or below ("down")."""
    questions = questions_of(webinar)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, each in enumerate(questions):
        each.position = position
    db.session.flush()
