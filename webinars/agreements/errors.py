"""Why an agreement step was refused: one exception per rule, its message in the user's language."""

from __future__ import annotations

from flask_babel import gettext as _


class AgreementError(Exception):
    """A rule of agreements was not met; ``message`` says it in the user's language."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class TemplateUnavailable(AgreementError):
    pass


class DocumentCannotBeRendered(AgreementError):
    pass


class NotEnoughParties(AgreementError):
    pass


class TooManyParties(AgreementError):
    pass


class WrongStatus(AgreementError):
    pass


class MissingEmail(AgreementError):
    pass


class DocumentChanged(AgreementError):
    """The signer saw another document than the one stored (changed or replaced since)."""


class AlreadyAnswered(AgreementError):
    pass


class NotOpenForSignature(AgreementError):
    """Withdrawn, or declined by another party."""


class NameNotConfirmed(AgreementError):
    """The typed name is not the signatory's name on record, and the signer has not confirmed it."""

    def __init__(self, typed_name: str, name_on_record: str):
        super().__init__(
            _(
                "You typed %(typed)s; the document names %(named)s.",
                typed=typed_name,
                named=name_on_record,
            )
        )
        self.typed_name = typed_name
        self.name_on_record = name_on_record
