"""The agenda item form: clock times in the webinar's zone, a duration or an end time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from webinars.base_form import Form
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from webinars import wall_times
from webinars.agenda.models import KIND_LABELS, AgendaItem, AgendaKind
from webinars.timezones import local_instants

# Browsers send "10:00", or "10:00:00" when the input has a step in seconds.
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
DESCRIPTION_MAX_LENGTH = 2000


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, label) for kind, label in KIND_LABELS.items()]


class AgendaItemForm(Form):
    starts_at = TimeField(
        _l("Start time"),
        format=TIME_FORMATS,
        validators=[InputRequired()],
        invalid_value_message=_l("Enter a time such as 10:30."),
    )
    duration = IntegerField(
        _l("Duration in minutes"),
        validators=[Optional(), NumberRange(min=1, max=24 * 60, message=_l("Enter a duration of at least 1 minute."))],
    )
    ends_at = TimeField(
        _l("End time"),
        format=TIME_FORMATS,
        validators=[Optional()],
        description=_l("Give either a duration or an end time."),
        invalid_value_message=_l("Enter a time such as 10:30."),
    )
    title = StringField(_l("Title"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=_kind_choices, coerce=AgendaKind, default=AgendaKind.TALK.value)
    description = TextAreaField(
        _l("Description"), filters=[_strip], validators=[Optional(), Length(max=DESCRIPTION_MAX_LENGTH)]
    )
    # Choices are the webinar's moderator and speakers (set by the view): any
    # other id is refused here, and again by the service.
    speakers = CheckboxListField(_l("Speakers"), coerce=int, default=[])
    # Which instant of a time in the hour the clocks repeat (webinars/wall_times.py).
    starts_at_fold = StringField()
    ends_at_fold = StringField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid or self.starts_at.data is None:
            return False
        if self.duration.data is None and self.ends_at.data is None:
            self.duration.errors.append(_l("Give a duration or an end time."))
            return False
        if self.duration.data is not None and self.ends_at.data is not None:
            if _after(self.starts_at.data, self.duration.data) != self.ends_at.data:
                self.ends_at.errors.append(
                    _l("The end time does not match the duration. Give only one of them.")
                )
                return False
        return True

    def instant_choices(self, day: date, webinar) -> dict[str, list[wall_times.InstantChoice]]:
        """The two instants of each time in a repeated hour that both fall inside the webinar."""
        choices = {}
        for field in (self.starts_at, self.ends_at):
            found = wall_times.instant_choices(day, field.data, webinar.timezone)
            if found and all(webinar.starts_at <= moment <= webinar.ends_at for moment in _instants(day, field.data, webinar)):
                choices[field.name] = found
        return choices

    def set_speaker_choices(self, people) -> None:
        self.speakers.choices = [(person.id, person.full_name) for person in people]


def _instants(day: date, clock: time, webinar):
    return local_instants(day, clock, webinar.timezone)


def _after(start: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def initial_data(item: AgendaItem, start: time, duration: int) -> dict:
    """An item's current values for the edit form (the duration stands for the end)."""
    return {
        "starts_at": start.replace(fold=0),
        "starts_at_fold": wall_times.fold_of(item.starts_at, item.webinar.timezone),
        "duration": duration,
        "title": item.title,
        "kind": item.kind.value,
        "description": item.description,
        "speakers": [person.id for person in item.speakers],
    }
