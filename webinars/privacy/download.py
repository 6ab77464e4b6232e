"""The registrant's "download my data": everything held about their registration, as JSON.

Built from the declarations (registry.py): every table that holds rows about a registration
says what of them the registrant gets, so a table added later comes with its part of the file.
Tokens are never in it, nor their hashes: a link's creation and revocation dates are, and the
personal links inside the e-mails' text are cut out (they still open the registrant's page).
"""

from __future__ import annotations

import enum
import json
import re
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from webinars.extensions import db
from webinars.privacy import registry
from webinars.privacy.retention import anonymization_date
from webinars.registration.models import Registration
from webinars.templating import organization_words

# The path part of a personal link in a message's text: /r/<token>, /sign/<token>, /invitations/<token>...
LINK_TOKEN = re.compile(r"(/(?:r|sign|invitations|password/reset)/)[A-Za-z0-9_-]{20,}")
TOKEN_REMOVED = "…"

FORMAT = 1


def registrant_data(registration: Registration, now: datetime) -> dict[str, Any]:
    webinar = registration.webinar
    organization = webinar.organization
    held = {
        declaration.download_key: [
            {name: _plain(value) for name, value in row.items()}
            for row in db.session.execute(declaration.download([registration.id])).mappings()
        ]
        for declaration in registry.downloaded()
    }
    return {
        "format": FORMAT,
        "generated_at": _plain(now),
        "about": _("Everything %(organization)s holds about your registration to this webinar.", **organization_words(organization)),
        "controller": {"organization": organization.name, "website": organization.website},
        "webinar": {
            "title": webinar.title,
            "starts_at": _plain(webinar.starts_at),
            "ends_at": _plain(webinar.ends_at),
            "timezone": webinar.timezone,
        },
        "retention": {
            "months_after_the_webinar": organization.retention_months,
            "anonymized_on": _plain(anonymization_date(webinar.ends_at, organization.retention_months)),
            "kept_afterwards": _(
                "Anonymous counts (your registration's state and attendance, without your name or address). "
                "Signed agreements are legal records and are kept."
            ),
        },
        "data": held,
    }


def registrant_data_json(registration: Registration, now: datetime) -> str:
    return json.dumps(registrant_data(registration, now), ensure_ascii=False, indent=2)


def filename(registration: Registration) -> str:
    return f"my-registration-{registration.webinar.slug}.json"


def _plain(value: Any) -> Any:
    """A JSON value: times in ISO 8601 (UTC), states as their names, tokens taken out of texts."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str):
        return LINK_TOKEN.sub(lambda match: match.group(1) + TOKEN_REMOVED, value)
    return value
