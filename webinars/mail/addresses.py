"""E-mail addresses the outbox can deliver to, checked where people type them.

Every address the app writes to goes out over plain SMTP, which carries only ASCII
in the envelope. A domain with accents (``exämple.org``) has an ASCII spelling
(``xn--exmple-cua.org``) that every server understands, so it is accepted and stored
in that form. Letters with accents before the @ (``léa@...``) need the SMTPUTF8
extension on every server along the way, which most do not offer: such an address
is refused with a message saying so, rather than accepted and never reached.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

INVALID = _l("Enter a valid e-mail address, such as name@example.org.")
NON_ASCII_LOCAL_PART = _l(
    "Letters with accents or from other alphabets before the @ cannot be delivered by most mail servers."
    " Please use an address without them."
)


class UndeliverableAddress(ValueError):
    """``message`` says what is wrong, for the person who typed the address."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidAddress(UndeliverableAddress):
    pass


class NonASCIILocalPart(UndeliverableAddress):
    pass


def mailable_address(value: str) -> str:
    """The address as the outbox will use it (domain in ASCII), or ``UndeliverableAddress``.

    No DNS lookup: the check must work offline and answer at once.
    """
    value = value.strip()
    try:
        return validate_email(value, check_deliverability=False, allow_smtputf8=False).ascii_email
    except EmailNotValidError as error:
        local_part = value.rpartition("@")[0]
        if local_part and not local_part.isascii():
            raise NonASCIILocalPart(str(NON_ASCII_LOCAL_PART)) from error
        raise InvalidAddress(str(INVALID)) from error


class MailableEmail:
    """WTForms validator: a deliverable address; the field's data becomes its ASCII form."""

    def __init__(self, message: str | None = None):
        self.message = message  # replaces the "invalid address" message, not the one about accents

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        try:
            field.data = mailable_address(field.data)
        except InvalidAddress as error:
            raise ValidationError(str(self.message or error.message)) from error
        except UndeliverableAddress as error:
            raise ValidationError(error.message) from error
