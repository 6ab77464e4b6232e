"""Forms of the organizer's Summary: they check shape; the service checks the rules."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from webinars.registration.forms import CheckboxGroupField
from webinars.base_form import Form
from wtforms import BooleanField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webinars.events.forms import HttpsURL, none_if_blank, strip
from webinars.people.models import Person
from webinars.summaries.models import Highlight, KeyFigure, Quote, SlideLink, Summary

HIGHLIGHT_MAX_LENGTH = 2000
QUOTE_MAX_LENGTH = 1500
ARTICLE_MAX_LENGTH = 50_000

# "1:02:03" (hours, minutes, seconds) or "42:10" (minutes, seconds), as video players show them.
_TIMESTAMP = re.compile(r"(?:(\d{1,2}):([0-5]\d)|(\d{1,3})):([0-5]\d)")


def parse_timestamp(text: str | None) -> int | None:
    """'1:02:03' -> 3723 seconds, '42:10' -> 2530; blank -> None; anything else: ``ValueError``."""
    text = (text or "").strip()
    if not text:
        return None
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        raise ValueError(text)
    hours, minutes_after_hours, minutes, seconds = match.groups()
    if hours is not None:
        return int(hours) * 3600 + int(minutes_after_hours) * 60 + int(seconds)
    return int(minutes) * 60 + int(seconds)


class Timestamp:
    message = _l("Write the moment of the recording as 1:02:03 or 42:10, or leave it empty.")

    def __call__(self, form, field) -> None:
        try:
            parse_timestamp(field.data)
        except ValueError:
            raise ValidationError(self.message) from None


class HighlightForm(Form):
    text = TextAreaField(
        _l("Highlight"),
        filters=[strip],
        description=_l("A short paragraph on something that stood out."),
        validators=[
            DataRequired(_l("Write the highlight.")),
            Length(max=HIGHLIGHT_MAX_LENGTH, message=_l("Keep a highlight under %(max)d characters.")),
        ],
    )

    @staticmethod
    def initial_data(highlight: Highlight) -> dict:
        return {"text": highlight.text}


class QuoteForm(Form):
    text = TextAreaField(
        _l("Quote"),
        filters=[strip],
        validators=[
            DataRequired(_l("Write the words quoted.")),
            Length(max=QUOTE_MAX_LENGTH, message=_l("Keep a quote under %(max)d characters.")),
        ],
    )
    # Choices are the webinar's moderator and speakers (set by the view); the service checks again.
    person_id = SelectField(
        _l("Said by"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose who said it."))],
    )
    timestamp = StringField(
        _l("Moment in the recording"),
        filters=[strip],
        description=_l("Optional, for example 1:02:03 or 42:10."),
        validators=[Optional(), Timestamp()],
    )

    def set_speaker_choices(self, people: list[Person]) -> None:
        self.person_id.choices = [(person.id, person.full_name) for person in people]

    @property
    def at_second(self) -> int | None:
        return parse_timestamp(self.timestamp.data)

    @staticmethod
    def initial_data(quote: Quote, timestamp: str | None) -> dict:
        return {"text": quote.text, "person_id": quote.person_id, "timestamp": timestamp or ""}


class KeyFigureForm(Form):
    value = StringField(
        _l("Figure"),
        filters=[strip],
        description=_l("For example 36, 11 %, 4,500."),
        validators=[
            DataRequired(_l("Write the figure.")),
            Length(max=40, message=_l("Keep the figure under %(max)d characters; say the rest in the label.")),
        ],
    )
    label = StringField(
        _l("What it counts"),
        filters=[strip],
        description=_l("For example: call centres in Fès."),
        validators=[
            DataRequired(_l("Say what the figure counts.")),
            Length(max=200, message=_l("Keep the label under %(max)d characters.")),
        ],
    )

    @staticmethod
    def initial_data(figure: KeyFigure) -> dict:
        return {"value": figure.value, "label": figure.label}


class SlideLinkForm(Form):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(_l("Give the slides a title.")),
            Length(max=200, message=_l("Keep the title under %(max)d characters.")),
        ],
    )
    url = URLField(
        _l("Address of the slides"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the address of the slides.")),
            Length(max=1000, message=_l("This address is too long.")),
            HttpsURL(),
        ],
    )

    @staticmethod
    def initial_data(link: SlideLink) -> dict:
        return {"title": link.title, "url": link.url}


class RecordingForm(Form):
    recording_url = URLField(
        _l("Recording link"),
        filters=[none_if_blank],
        description=_l("Where the recording can be watched (YouTube, Vimeo...). Leave empty if there is none."),
        validators=[Optional(), Length(max=1000, message=_l("This address is too long.")), HttpsURL()],
    )


class ArticleForm(Form):
    title = StringField(
        _l("Title of the article"),
        filters=[strip],
        validators=[Optional(), Length(max=300, message=_l("Keep the title under %(max)d characters."))],
    )
    body = TextAreaField(
        _l("Article"),
        filters=[strip],
        description=_l("Markdown is supported: **bold**, *italics*, lists, [links](https://example.org)."),
        validators=[Optional(), Length(max=ARTICLE_MAX_LENGTH, message=_l("Keep the article under %(max)d characters."))],
    )

    @staticmethod
    def initial_data(summary: Summary) -> dict:
        return {"title": summary.article_title or "", "body": summary.article or ""}


class RedraftForm(Form):
    """Drafting again replaces an article the organizer may have edited: they confirm it first."""

    confirm = BooleanField(_l("Yes, replace the current article with a new draft"))

    def require_confirmation(self) -> bool:
        if not self.confirm.data:
            self.confirm.errors.append(_l("Tick the box to confirm: your changes to the article will be lost."))
            return False
        return True


class PublicFiguresForm(Form):
    """Which breakdowns of the audience, and whether the no-shows, the public summary shows."""

    shown = CheckboxGroupField(_l("Shown on the public summary"), choices=[], validate_choice=True)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        self.shown.choices = choices
