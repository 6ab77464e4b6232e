"""A registrant's invite made once per content (webinars/rendered_parts.py).

Calendars fetch a registrant's invite again and again (subscribed, refreshed, opened from the
e-mail once more). The file is a function of the registration, the webinar, its organization and
what its description lists (line-up, agenda), plus the instant it is made (its DTSTAMP). It is made
with a stand-in stamp, kept under those rows (the collections as the database writes them:
webinars/events/fingerprints.py), and each answer gets the current stamp in place of the stand-in
(the same length: the file's folded lines stay as they were).
"""

from __future__ import annotations

from datetime import UTC, datetime

from webinars.events import fingerprints
from webinars.invites import content
from webinars.invites.queries import with_entry_content
from webinars.registration.models import Registration
from webinars.rendered_parts import loaded_values, made_once

_STAND_IN = datetime(1970, 1, 1, tzinfo=UTC)


def _stamp_line(stamp: datetime) -> bytes:
    return b"DTSTAMP:" + stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode()


def personal_invite(registration: Registration, token: str, stamp: datetime, texts: tuple) -> bytes:
    """``content.personal_invite``, made once per content. The webinar and ``texts`` (its collections as
    the database writes them: ``fingerprints.public_content_columns``) came with the registration's link."""
    webinar = registration.webinar

    def make() -> bytes:
        with_entry_content(webinar)
        return content.personal_invite(registration, token, stamp=_STAND_IN)

    def still_current() -> bool:
        return fingerprints.public_content_texts(webinar.id) == texts

    key = (loaded_values((registration, webinar, webinar.organization)), texts, token)
    body = made_once("invites/personal_invite.ics", key, make, still_current)
    return body.replace(_stamp_line(_STAND_IN), _stamp_line(stamp), 1)
