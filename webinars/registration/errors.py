"""Why a registration was refused: each error's ``message`` is for the person who tried (the form shows it
where they typed, the API as a problem's detail)."""

from __future__ import annotations

from flask_babel import gettext as _

from webinars.registration import builtin_fields


class RegistrationError(Exception):
    """A rule refused the registration; ``message`` is for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationError):
    pass


class WebinarFull(RegistrationError):
    pass


class NoSeatFree(RegistrationError):
    pass


class MissingDetails(RegistrationError):
    """A detail the webinar requires (organization, job title...) was left empty; ``field_names`` say which."""

    def __init__(self, field_names: list[str]):
        labels = ", ".join(str(builtin_fields.FIELD_LABELS[name]) for name in field_names)
        super().__init__(_("Please fill in: %(fields)s.", fields=labels))
        self.field_names = field_names


class RegisteredMeanwhile(RegistrationError):
    """Another request registered the same address between this one's check and its write."""

    def __init__(self):
        super().__init__("registered meanwhile")


class AlreadyRegistered(RegistrationError):
    pass
