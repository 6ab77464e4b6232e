"""The owners' form to create an API token: it checks shape; ``service`` makes the token."""

from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from webinars.api_tokens.models import ApiScope
from webinars.base_form import Form
from webinars.lazy_text import lazy_gettext as _l

NEVER = ""
EXPIRY_DAYS = (30, 90, 365)


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ApiTokenForm(Form):
    name = StringField(
        _l("Name"),
        filters=[_strip],
        description=_l("What uses it, e.g. “CRM synchronization”."),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=200)],
    )
    scope = SelectField(
        _l("Access"),
        choices=[SelectChoice(ApiScope.READ.value, _l("Read only")), SelectChoice(ApiScope.WRITE.value, _l("Read and write"))],
        default=ApiScope.READ.value,
    )
    expires_in = SelectField(
        _l("Expires"),
        choices=[
            SelectChoice(NEVER, _l("Never")),
            SelectChoice("30", _l("In 30 days")),
            SelectChoice("90", _l("In 90 days")),
            SelectChoice("365", _l("In a year")),
        ],
        default=NEVER,
    )

    def expiry_days(self) -> int | None:
        return int(self.expires_in.data) if self.expires_in.data else None
