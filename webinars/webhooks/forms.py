"""The owners' form of a webhook endpoint: it checks shape; ``service`` checks the address."""

from __future__ import annotations

from wtforms import SelectMultipleField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from webinars.base_form import Form
from webinars.lazy_text import lazy_gettext as _l
from webinars.webhooks.models import EventType


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class EventTypesField(SelectMultipleField):
    """The subscribed events, as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EndpointForm(Form):
    url = URLField(
        _l("Address (URL)"),
        description=_l("Where the app sends a POST request for each event, for example https://crm.example.org/hooks/webinars."),
        filters=[_strip],
        validators=[DataRequired(), Length(max=1000)],
    )
    event_types = EventTypesField(
        _l("Events"),
        choices=[],
        validators=[DataRequired(message=_l("Choose at least one event."))],
    )
    description = StringField(_l("Description"), filters=[_strip], validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event_types.choices = [(event_type.value, f"{event_type.value} — {event_type.label}") for event_type in EventType]
