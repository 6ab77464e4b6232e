"""The organizer's editing of a list of questions, shared by the registration form and the feedback survey.

Both keep their questions in a table of the same shape (``label``, ``kind``, ``required``,
``position``, ``choices_text``, ``webinar_id``); these functions take the model and do the rest:
add at the end, change, delete, swap with a neighbour. Each feature keeps what is its own (the
registration's answer counts, the survey's kinds of results).

Functions flush but never commit: the view owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import func, select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration.models import QuestionKind

CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


@dataclass(frozen=True)
class QuestionDetails:
    label: str
    kind: QuestionKind
    required: bool = False
    # One option per item, for the choice kinds; ignored for the others.
    choices: tuple[str, ...] = ()


class EditableQuestion(Protocol):
    id: int
    webinar_id: int
    label: str
    kind: QuestionKind
    required: bool
    position: int
    choices_text: str | None


QuestionT = TypeVar("QuestionT", bound=EditableQuestion)


def choice_lines(text: str | None) -> list[str]:
    """The options written one per line, blank lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def questions_in_order(model: type[QuestionT], webinar_id: int) -> list[QuestionT]:
    """The webinar's questions of this kind in the organizer's order."""
    return list(
        db.session.scalars(select(model).where(model.webinar_id == webinar_id).order_by(model.position, model.id))
    )


def _apply(question: EditableQuestion, details: QuestionDetails) -> None:
    question.label = details.label
    question.kind = details.kind
    question.required = details.required
    question.choices_text = "\n".join(details.choices) if details.kind in CHOICE_KINDS else None


def add_question(model: type[QuestionT], webinar: Webinar, details: QuestionDetails) -> QuestionT:
    """A new question at the end of the list."""
    last = db.session.scalar(select(func.max(model.position)).where(model.webinar_id == webinar.id))
    question = model(webinar_id=webinar.id, position=(last if last is not None else -1) + 1)
    _apply(question, details)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: EditableQuestion, details: QuestionDetails) -> None:
    """Answers already given are kept as they were given, even if an option is renamed."""
    _apply(question, details)
    db.session.flush()


def delete_question(question: EditableQuestion) -> None:
    db.session.delete(question)  # its answers go by ON DELETE CASCADE
    db.session.flush()


def move_question(question: EditableQuestion, direction: str) -> None:
    """Swap the question with its neighbour above ("up") or below ("down"); the ends stay put."""
    questions = questions_in_order(type(question), question.webinar_id)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, each in enumerate(questions):
        each.position = position
    db.session.flush()
