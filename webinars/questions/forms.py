"""The form of one question, as the registration form's and the feedback survey's editors show it."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from webinars.base_form import Form
from webinars.lazy_text import lazy_gettext as _l
from webinars.questions.editor import CHOICE_KINDS, EditableQuestion, QuestionDetails, choice_lines
from webinars.registration.models import QuestionKind

MAX_CHOICES = 50

KIND_LABELS = {
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
    QuestionKind.SINGLE_CHOICE: _l("Single choice"),
    QuestionKind.MULTIPLE_CHOICE: _l("Multiple choice"),
    QuestionKind.YES_NO: _l("Yes / no"),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class QuestionForm(Form):
    label = StringField(
        _l("Question"),
        filters=[_strip],
        validators=[DataRequired(_l("Write the question.")), Length(max=300)],
    )
    kind = SelectField(
        _l("Kind of answer"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        default=QuestionKind.SHORT_TEXT.value,
    )
    required = BooleanField(_l("An answer is required"))
    choices = TextAreaField(
        _l("Options"),
        description=_l("For a single or multiple choice: one option per line, at least two."),
        render_kw={"rows": 5},
    )

    def validate_choices(self, field) -> None:
        if self.kind.data not in {kind.value for kind in CHOICE_KINDS}:
            return
        options = choice_lines(field.data)
        if len(options) < 2:
            raise ValidationError(_l("Give at least two options, one per line."))
        if len(options) > MAX_CHOICES:
            raise ValidationError(_l("Give at most %(count)d options.", count=MAX_CHOICES))
        if any(len(option) > 200 for option in options):
            raise ValidationError(_l("Keep each option under 200 characters."))
        seen: set[str] = set()
        for option in options:
            if option.casefold() in seen:
                raise ValidationError(_l("“%(option)s” is listed twice.", option=option))
            seen.add(option.casefold())

    def details(self) -> QuestionDetails:
        return QuestionDetails(
            label=self.label.data,
            kind=QuestionKind(self.kind.data),
            required=bool(self.required.data),
            choices=tuple(choice_lines(self.choices.data)),
        )

    @staticmethod
    def initial_data(question: EditableQuestion) -> dict:
        return {
            "label": question.label,
            "kind": question.kind.value,
            "required": question.required,
            "choices": question.choices_text or "",
        }
