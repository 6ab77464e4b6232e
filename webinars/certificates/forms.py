"""The organizer's certificate settings and revocations, and the holder's correction of their name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webinars.base_form import Form


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class CertificateSettingsForm(Form):
    enabled = BooleanField(
        _l("Give attendees a certificate of attendance"),
        description=_l("A PDF with a verification code, on their personal page and in the thank-you e-mail."),
    )
    minimum_minutes = IntegerField(
        _l("Minimum minutes present"),
        default=30,
        description=_l(
            "Read from the imported attendance report. Without a report, clicking “Join now” on the join page "
            "(or being checked in) is enough."
        ),
        validators=[
            InputRequired(_l("Give a number of minutes (0 for any attendee).")),
            NumberRange(min=0, max=1440, message=_l("Between 0 and 1440 minutes.")),
        ],
    )


class NameCorrectionForm(Form):
    name = StringField(
        _l("Your name as it should appear on the certificate"),
        filters=[_strip],
        validators=[DataRequired(_l("Write your name as it should appear.")), Length(max=201)],
        render_kw={"autocomplete": "name", "dir": "auto"},
    )


class RevokeForm(Form):
    reason = StringField(
        _l("Reason (shown on the verification page)"), filters=[_strip], validators=[Optional(), Length(max=300)]
    )
