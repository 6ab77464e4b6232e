"""The survey as registrants answer it, and the organizer's settings of it."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from webinars.base_form import Form
from webinars.feedback.models import RATINGS, RECOMMENDATIONS, FeedbackQuestion
from webinars.registration.forms import AmongChoices, question_field
from webinars.registration.models import QuestionKind

COMMENT_MAX_LENGTH = 5000


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class FeedbackSettingsForm(Form):
    enabled = BooleanField(
        _l("Ask registrants for their feedback"),
        description=_l(
            "Confirmed registrants answer from the start until the survey closes, on their personal page "
            "and from the thank-you e-mail."
        ),
    )
    rating_is_public = BooleanField(
        _l("Show the average rating on the public summary"),
        description=_l("Only once at least 5 people have answered; never a name, never a comment."),
    )


class FeedbackForm(Form):
    """The fixed questions; each webinar's own questions are added by ``feedback_form_class``."""

    rating = RadioField(
        _l("Overall, how was the webinar?"),
        choices=[SelectChoice(str(stars), str(stars)) for stars in RATINGS],
        validate_choice=False,
        validators=[InputRequired(_l("Choose a rating from 1 to 5.")), AmongChoices(_l("Choose a rating from 1 to 5."))],
        description=_l("1: poor, 5: excellent."),
    )
    recommendation = RadioField(
        _l("How likely are you to recommend this webinar to a colleague?"),
        choices=[SelectChoice(str(score), str(score)) for score in RECOMMENDATIONS],
        validate_choice=False,
        validators=[InputRequired(_l("Choose a number from 0 to 10.")), AmongChoices(_l("Choose a number from 0 to 10."))],
        description=_l("0: not at all likely, 10: extremely likely."),
    )
    comment = TextAreaField(
        _l("Your comment"),
        filters=[_strip],
        validators=[Optional(), Length(max=COMMENT_MAX_LENGTH)],
        description=_l("What you liked, what to improve. The organizers read it; it is never published with your name."),
        render_kw={"rows": 5},
    )

    questions: tuple[FeedbackQuestion, ...] = ()

    @property
    def question_fields(self) -> list[Field]:
        return [self[_field_name(question)] for question in self.questions]

    def answers(self) -> dict[int, str | list[str] | None]:
        return {question.id: self[_field_name(question)].data for question in self.questions}


def feedback_form_class(questions: Iterable[FeedbackQuestion]) -> type[FeedbackForm]:
    questions = tuple(questions)
    form_class = type("WebinarFeedbackForm", (FeedbackForm,), {"questions": questions})
    for question in questions:
        setattr(form_class, _field_name(question), question_field(question))
    return form_class


def form_data(response, answers: dict[int, list[str]], questions: Iterable[FeedbackQuestion]) -> dict:
    """The form filled with the answers already given, to change them."""
    if response is None:
        return {}
    data = {"rating": str(response.rating), "recommendation": str(response.recommendation), "comment": response.comment}
    for question in questions:
        values = answers.get(question.id, [])
        multiple = question.kind is QuestionKind.MULTIPLE_CHOICE
        data[_field_name(question)] = values if multiple else (values[0] if values else None)
    return data


def _field_name(question: FeedbackQuestion) -> str:
    return f"question_{question.id}"
