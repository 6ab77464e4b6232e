"""The Compose form: who, and the message in one or both languages."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from webinars.base_form import Form
from webinars.messages import placeholders
from webinars.messages.models import LANGUAGES, Audience

AUDIENCE_LABELS = {
    Audience.CONFIRMED: _l("Confirmed registrants"),
    Audience.WAITLISTED: _l("Registrants on the waitlist"),
    Audience.PENDING: _l("Registrants waiting for approval"),
    Audience.ATTENDED: _l("Attendees"),
    Audience.NO_SHOWS: _l("No-shows (confirmed, did not attend)"),
    Audience.EVERYONE: _l("Everyone (confirmed, waitlist and waiting for approval)"),
    Audience.FILTERED: _l("The registrations page's filtered list"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ComposeForm(Form):
    audience = SelectField(
        _l("To"),
        choices=[SelectChoice(audience.value, label) for audience, label in AUDIENCE_LABELS.items()],
        default=Audience.CONFIRMED.value,
    )
    filter_state = HiddenField(filters=[_strip], validators=[Optional(), Length(max=20)])
    filter_search = HiddenField(filters=[_strip], validators=[Optional(), Length(max=200)])
    subject_fr = StringField(
        _l("Subject (French)"), filters=[_strip], validators=[Optional(), Length(max=placeholders.SUBJECT_MAX_LENGTH)]
    )
    body_fr = TextAreaField(
        _l("Message (French)"), validators=[Optional(), Length(max=placeholders.BODY_MAX_LENGTH)]
    )
    subject_en = StringField(
        _l("Subject (English)"), filters=[_strip], validators=[Optional(), Length(max=placeholders.SUBJECT_MAX_LENGTH)]
    )
    body_en = TextAreaField(
        _l("Message (English)"), validators=[Optional(), Length(max=placeholders.BODY_MAX_LENGTH)]
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        written = []
        for language in LANGUAGES:
            subject, body = getattr(self, f"subject_{language}"), getattr(self, f"body_{language}")
            if subject.data and not (body.data or "").strip():
                body.errors.append(_("Write the message, or leave its subject empty too."))
                valid = False
            elif (body.data or "").strip() and not subject.data:
                subject.errors.append(_("Give the message a subject."))
                valid = False
            elif subject.data:
                written.append(language)
            for field in (subject, body):
                unknown = placeholders.unknown(field.data or "")
                if unknown:
                    field.errors.append(_("Unknown placeholders: %(names)s. Use the ones listed.", names=", ".join(unknown)))
                    valid = False
                elif (field.data or "").count("{{") > placeholders.MAX_PLACEHOLDERS:
                    field.errors.append(_("Too many placeholders."))
                    valid = False
        if not written and valid:
            self.subject_fr.errors.append(_("Write the message in French, in English, or in both."))
            valid = False
        if self.audience.data == Audience.FILTERED.value and not (self.filter_state.data or self.filter_search.data):
            self.audience.errors.append(_("Open Compose from the registrations page's filtered list."))
            valid = False
        return valid


class EmailTextForm(Form):
    """A webinar's own subject and opening of one kind of e-mail, in each language (empty: the built-in one)."""

    subject_fr = StringField(
        _l("Subject (French)"), filters=[_strip], validators=[Optional(), Length(max=placeholders.SUBJECT_MAX_LENGTH)]
    )
    body_fr = TextAreaField(_l("Opening (French)"), validators=[Optional(), Length(max=placeholders.BODY_MAX_LENGTH)])
    subject_en = StringField(
        _l("Subject (English)"), filters=[_strip], validators=[Optional(), Length(max=placeholders.SUBJECT_MAX_LENGTH)]
    )
    body_en = TextAreaField(_l("Opening (English)"), validators=[Optional(), Length(max=placeholders.BODY_MAX_LENGTH)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for language in LANGUAGES:
            subject, body = getattr(self, f"subject_{language}"), getattr(self, f"body_{language}")
            if subject.data and not (body.data or "").strip():
                body.errors.append(_("Write the opening, or leave its subject empty too."))
                valid = False
            elif (body.data or "").strip() and not subject.data:
                subject.errors.append(_("Give the message a subject."))
                valid = False
            for field in (subject, body):
                unknown = placeholders.unknown(field.data or "")
                if unknown:
                    field.errors.append(_("Unknown placeholders: %(names)s. Use the ones listed.", names=", ".join(unknown)))
                    valid = False
        return valid
