"""The owner's erasure form: it checks the address's shape; erasure.py finds what it reaches."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from webinars.base_form import Form
from webinars.mail.addresses import UndeliverableAddress, mailable_address


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class StoredAddress:
    """An address as the app stores it: lower-cased, its domain in ASCII. Unlike the forms that
    take new addresses, any address with an @ is accepted: older data may hold one that the
    current rules would refuse, and it must be erasable all the same."""

    def __call__(self, form, field) -> None:
        if not field.data or "@" not in field.data.strip("@"):
            raise ValidationError(_l("Enter the person's e-mail address, such as name@example.org."))
        try:
            field.data = mailable_address(field.data)
        except UndeliverableAddress:
            pass
        field.data = field.data.lower()


class ErasureForm(Form):
    email = StringField(
        _l("The person's e-mail address"),
        filters=[strip],
        validators=[DataRequired(), Length(max=320), StoredAddress()],
    )
    # Set on the preview's button: the owner saw what will be erased and confirms.
    confirmed = HiddenField()
