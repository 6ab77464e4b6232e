"""The pre-flight list of a draft webinar: everything worth checking before its public page goes online.

Blockers refuse publication (``publication_problems``, used by ``service.publish``); warnings only
draw the organizer's eye.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from webinars import clock
from webinars.events.models import Webinar
from webinars.events.reminders import format_reminders
from webinars.i18n import format_event_datetime, format_local_time
from webinars.people.models import ParticipationRole


class CheckLevel(enum.StrEnum):
    """How one item of the pre-flight list stands: fine, worth a look, or stopping publication."""

    OK = "ok"
    WARNING = "warning"
    BLOCKER = "blocker"


@dataclass(frozen=True)
class PreflightCheck:
    level: CheckLevel
    text: str


@dataclass(frozen=True)
class Preflight:
    """The pre-flight list shown before publishing; blockers refuse publication, warnings do not."""

    checks: list[PreflightCheck]

    @property
    def blockers(self) -> list[str]:
        return [check.text for check in self.checks if check.level is CheckLevel.BLOCKER]

    @property
    def warnings(self) -> list[str]:
        return [check.text for check in self.checks if check.level is CheckLevel.WARNING]


def preflight(webinar: Webinar, now: datetime | None = None) -> Preflight:
    """Everything worth checking before the public page goes online, in the order an organizer reads it."""
    now = now or clock.now()
    zone = webinar.timezone
    checks: list[PreflightCheck] = []

    def add(level: CheckLevel, text: str) -> None:
        checks.append(PreflightCheck(level, text))

    if not (webinar.title or "").strip():
        add(CheckLevel.BLOCKER, _("Give the webinar a title."))
    if not webinar.is_past_record and webinar.starts_at <= now:
        add(
            CheckLevel.BLOCKER,
            _(
                "The start is in the past: choose a future date, or tick “This webinar already took place” "
                "to publish it for the archive."
            ),
        )

    moderators = [p for p in webinar.participations if p.role is ParticipationRole.MODERATOR]
    if len(moderators) > 1:
        add(CheckLevel.BLOCKER, _("Keep exactly one moderator."))
    elif moderators:
        add(CheckLevel.OK, _("Moderator: %(name)s.", name=moderators[0].person.full_name))
    else:
        add(CheckLevel.WARNING, _("Choose a moderator."))
    # Invited speakers count: whether they have answered is a warning (speakers.unconfirmed_speakers).
    speakers = sum(1 for p in webinar.participations if p.role is ParticipationRole.SPEAKER)
    if speakers:
        add(CheckLevel.OK, ngettext("%(num)d speaker.", "%(num)d speakers.", speakers))
    else:
        add(CheckLevel.WARNING, _("Add at least one speaker."))
    # Imported here: the speakers feature builds on webinars, not the other way round.
    from webinars.speakers.service import unconfirmed_speakers

    for person in unconfirmed_speakers(webinar):
        add(
            CheckLevel.WARNING,
            _("%(name)s (%(role)s): %(problem)s", name=person.full_name, role=person.role.lower(), problem=person.problem),
        )

    if webinar.cover_hash:
        add(CheckLevel.OK, _("Cover image set."))
    else:
        add(CheckLevel.WARNING, _("No cover image: the page and its link previews show a banner in your colour."))

    if webinar.join_url:
        add(CheckLevel.OK, _("Join link set."))
    else:
        add(CheckLevel.WARNING, _("Add the join link."))

    opens, closes = webinar.registration_opens_at, webinar.registration_closes_at
    if opens and closes and closes <= opens:
        add(CheckLevel.BLOCKER, _("Registration closes before it opens: change its dates in the details."))
    elif not webinar.is_past_record and (closes or webinar.ends_at) <= now:
        add(CheckLevel.WARNING, _("Registration is already closed: nobody will be able to register."))
    elif not webinar.is_past_record:
        until = format_event_datetime(closes or webinar.ends_at, zone)
        if opens and opens > now:
            add(
                CheckLevel.OK,
                _(
                    "Registration opens on %(opens)s and closes on %(closes)s.",
                    opens=format_event_datetime(opens, zone), closes=until,
                ),
            )
        else:
            add(CheckLevel.OK, _("Registration open from publication until %(closes)s.", closes=until))

    if webinar.reminder_offsets:
        add(CheckLevel.OK, _("Reminders: %(delays)s before the start.", delays=format_reminders(webinar.reminder_offsets)))
    elif not webinar.is_past_record:
        add(CheckLevel.WARNING, _("No reminder: registrants get no e-mail before the start."))

    outside = [
        item for item in webinar.agenda_items if item.starts_at < webinar.starts_at or item.ends_at > webinar.ends_at
    ]
    for item in outside:
        add(
            CheckLevel.BLOCKER,
            _(
                "The agenda item “%(title)s” runs from %(start)s to %(end)s, outside the webinar's hours "
                "(%(webinar_start)s–%(webinar_end)s): move it in the agenda.",
                title=item.title,
                start=format_local_time(item.starts_at, zone),
                end=format_local_time(item.ends_at, zone),
                webinar_start=format_local_time(webinar.starts_at, zone),
                webinar_end=format_local_time(webinar.ends_at, zone),
            ),
        )
    if webinar.agenda_items and not outside:
        add(CheckLevel.OK, _("The agenda fits within the webinar's hours."))
    return Preflight(checks)


def publication_problems(webinar: Webinar) -> list[str]:
    """What stops the webinar from being published (the pre-flight list's blockers), as sentences."""
    return preflight(webinar).blockers
