"""Calendar invites for the moderator and speakers: the webinar (with the speakers' join link)
and its rehearsal, each with a UID of its own, updated and cancelled like registrants' invites.

The files are built by ``invites.builder`` from the entry ``invites.content`` makes for the
webinar, with the speaker's UID, link and description. What each speaker's calendar shows is
kept on their space (``calendar_sent``, ``rehearsal_sent``): an invite goes out only when that
differs from the webinar as it is now, so saving a form unchanged mails nobody, and several
edits within the quiet period make one update (the periodic sweep sends it).

Functions flush but never commit, except the periodic job, which commits per webinar.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from webinars import clock
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import event_clock, format_event_span
from webinars.invites import content
from webinars.invites.builder import CalendarEntry, Party, cancel_calendar, request_calendar
from webinars.invites.service import quiet_period, text_digest
from webinars.locks import lock_webinar
from webinars.personal_links import service as personal_links
from webinars.public.service import is_web_url
from webinars.speakers import notifications
from webinars.speakers.models import SpeakerSpace

WEBINAR, REHEARSAL = "webinar", "rehearsal"


def speakers_join_url(webinar: Webinar) -> str | None:
    """The speakers' own join link, or the attendees' when the organizer set none."""
    for url in (webinar.speakers_join_url, webinar.join_url):
        if is_web_url(url):
            return url
    return None


def has_rehearsal(webinar: Webinar) -> bool:
    return webinar.rehearsal_starts_at is not None and webinar.rehearsal_ends_at is not None


def _uid(prefix: str, value: str) -> str:
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"{prefix}-{value}@{host}"


def current_fields(webinar: Webinar, which: str) -> dict | None:
    """What a speaker's calendar entry shows that, when it changes, they must be sent again."""
    if which == WEBINAR:
        return {
            "starts_at": webinar.starts_at.isoformat(),
            "ends_at": webinar.ends_at.isoformat(),
            "title": webinar.title,
            "join_url": speakers_join_url(webinar),
            "text": text_digest(webinar.subtitle, webinar.description_rendered.text),
        }
    if not has_rehearsal(webinar):
        return None
    return {
        "starts_at": webinar.rehearsal_starts_at.isoformat(),
        "ends_at": webinar.rehearsal_ends_at.isoformat(),
        "title": webinar.title,
        "join_url": speakers_join_url(webinar),
    }


def _ended(fields: dict, now: datetime) -> bool:
    return datetime.fromisoformat(fields["ends_at"]) <= now


def _wanted(space: SpeakerSpace) -> bool:
    """Confirmed, still in the line-up, for a webinar that still takes place."""
    participation = space.participation
    return participation is not None and participation.is_confirmed and not space.webinar.is_cancelled


def bring_up_to_date(space: SpeakerSpace, now: datetime | None = None) -> int:
    """Send the invites, updates or cancellations that make the speaker's calendar match the webinar
    and its rehearsal; returns how many messages were queued. Past entries are left alone."""
    now = now or clock.now()
    if not space.person.email:
        return 0  # nobody to write to (their address was removed): nothing is sent, nothing recorded
    wanted = _wanted(space)
    queued = 0
    for which in (WEBINAR, REHEARSAL):
        current = current_fields(space.webinar, which) if wanted else None
        sent = space.sent_fields(which)
        if current == sent:
            continue
        if current is not None and _ended(current, now):
            continue  # nothing to put in a calendar any more
        if current is None and (sent is None or _ended(sent, now)):
            continue  # no entry there, or one that is history
        _send(space, which, current, sent, now)
        queued += 1
    db.session.flush()
    return queued


def _send(space: SpeakerSpace, which: str, current: dict | None, sent: dict | None, now: datetime) -> None:
    webinar = space.webinar
    language = webinar.language.value
    if which == WEBINAR:
        space.calendar_sequence += 1
        sequence = space.calendar_sequence
    else:
        space.rehearsal_sequence += 1
        sequence = space.rehearsal_sequence
    token = personal_links.issue(space)
    space.last_sent_at = now
    shown = current or sent
    entry = _entry(space, which, shown, sequence, notifications.space_url(token), now)
    organizer, attendee = content.organizer_of(webinar), Party(space.person.full_name, space.person.email)
    if current is None:
        action, method, calendar = "cancelled", "CANCEL", cancel_calendar(entry, organizer, attendee)
    else:
        action = "new" if sent is None else "updated"
        method, calendar = "REQUEST", request_calendar(entry, organizer, attendee)
    previous_when = None
    if current is not None and sent is not None and (sent["starts_at"], sent["ends_at"]) != (
        current["starts_at"], current["ends_at"]
    ):
        previous_when = _when(webinar, sent, language)
    notifications.send_calendar(
        space,
        token,
        which=which,
        action=action,
        calendar=calendar,
        method=method,
        when=_when(webinar, shown, language),
        previous_when=previous_when,
        join_url=current.get("join_url") if current else None,
    )
    stored = json.dumps(current, sort_keys=True) if current is not None else None
    if which == WEBINAR:
        space.calendar_sent = stored
    else:
        space.rehearsal_sent = stored


def _when(webinar: Webinar, fields: dict, language: str) -> str:
    return format_event_span(
        datetime.fromisoformat(fields["starts_at"]), datetime.fromisoformat(fields["ends_at"]), webinar.timezone, language
    )


def _entry(space: SpeakerSpace, which: str, fields: dict, sequence: int, link: str, now: datetime) -> CalendarEntry:
    webinar = space.webinar
    language = webinar.language.value
    join_url = fields.get("join_url")
    base = content.entry_for(webinar, show_join_link=False, stamp=now, language=language, sequence=sequence)
    with force_locale(language):
        if which == WEBINAR:
            return replace(
                base,
                uid=_uid("speaker", space.calendar_uid),
                description=speaker_description(space, link, join_url, language),
                location=join_url or base.location,
                conference_url=join_url,
            )
        return replace(
            base,
            uid=_uid("rehearsal", space.rehearsal_uid),
            summary=_("Rehearsal: %(title)s", title=webinar.title),
            description=rehearsal_description(space, link, join_url, language),
            starts_at=datetime.fromisoformat(fields["starts_at"]),
            ends_at=datetime.fromisoformat(fields["ends_at"]),
            last_modified=now,
            location=join_url or base.location,
            conference_url=join_url,
            alarm_text=_("Rehearsal in 15 minutes: %(title)s", title=webinar.title),
            cancelled=webinar.is_cancelled,
        )


def _role_line(space: SpeakerSpace) -> str:
    participation = space.participation
    role = participation.role.label.lower() if participation is not None else _("speaker")
    return _("You take part as %(role)s.", role=role)


def speaker_description(space: SpeakerSpace, link: str, join_url: str | None, language: str) -> str:
    """The calendar description a speaker reads (in the current locale): their role, their slots,
    the speakers' join link, their space, then the webinar as registrants see it."""
    webinar = space.webinar
    blocks = [_role_line(space)]
    slots = slots_of(space)
    if slots:
        clock_ = event_clock(webinar, language)
        lines = [_("Your slots (%(zone)s):", zone=clock_.label)]
        lines += [f"- {clock_.span(item.starts_at, item.ends_at)} {item.title}" for item in slots]
        blocks.append("\n".join(lines))
    if join_url:
        blocks.append(_("Speakers' join link: %(url)s", url=join_url))
    blocks.append(_("Your speaker space (profile, slides, release): %(url)s", url=link))
    blocks.append(content.description_text(webinar, False, None, language))
    return "\n\n".join(blocks)


def rehearsal_description(space: SpeakerSpace, link: str, join_url: str | None, language: str) -> str:
    webinar = space.webinar
    blocks = [
        _("Rehearsal with the organizers before the webinar “%(title)s”.", title=webinar.title),
        _("The webinar: %(when)s", when=format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language)),
    ]
    if join_url:
        blocks.append(_("Speakers' join link: %(url)s", url=join_url))
    blocks.append(_("Your speaker space (profile, slides, release): %(url)s", url=link))
    return "\n\n".join(blocks)


def slots_of(space: SpeakerSpace) -> list:
    """The agenda items the speaker is named in, in time order."""
    return [item for item in space.webinar.agenda_items if any(p.id == space.person_id for p in item.speakers)]


def download(space: SpeakerSpace, which: str, token: str) -> bytes | None:
    """The current invite as a file, for the space's download button (same UID and SEQUENCE as mailed)."""
    fields = current_fields(space.webinar, which)
    if fields is None or not _wanted(space):
        return None
    sequence = space.calendar_sequence if which == WEBINAR else space.rehearsal_sequence
    entry = _entry(space, which, fields, sequence, notifications.space_url(token), space.webinar.updated_at)
    return request_calendar(entry, content.organizer_of(space.webinar), Party(space.person.full_name, space.person.email or ""))


# --- changes to the webinar ---------------------------------------------------------------


def record_change(webinar: Webinar) -> None:
    """The webinar or its rehearsal was edited: its speakers' invites are checked once the
    organizer has stopped editing for the quiet period (one update for several edits)."""
    db.session.execute(
        update(SpeakerSpace)
        .where(SpeakerSpace.webinar_id == webinar.id, SpeakerSpace.participation_id.is_not(None))
        .values(calendar_change_at=clock.now())
        .execution_options(synchronize_session=False)
    )


def webinar_cancelled(webinar: Webinar) -> int:
    """METHOD:CANCEL of every speaker's entries, in the cancelling transaction."""
    queued = 0
    for space in _spaces_of(webinar.id):
        space.calendar_change_at = None
        queued += bring_up_to_date(space)
    return queued


def _spaces_of(webinar_id: int, changed_before: datetime | None = None) -> list[SpeakerSpace]:
    query = select(SpeakerSpace).where(SpeakerSpace.webinar_id == webinar_id).order_by(SpeakerSpace.id)
    if changed_before is not None:
        query = query.where(SpeakerSpace.calendar_change_at <= changed_before)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def send_due_updates() -> int:
    """The periodic job: bring up to date the invites of webinars nobody has edited for the quiet
    period. Returns how many messages were queued. Commits per webinar."""
    now = clock.now()
    cutoff = now - quiet_period()
    webinar_ids = db.session.scalars(
        select(SpeakerSpace.webinar_id).where(SpeakerSpace.calendar_change_at <= cutoff).distinct()
    ).all()
    queued = 0
    for webinar_id in webinar_ids:
        lock_webinar(webinar_id)  # two sweeps in the same minute: the second finds nothing left
        for space in _spaces_of(webinar_id, changed_before=cutoff):
            space.calendar_change_at = None
            queued += bring_up_to_date(space, now)
        db.session.commit()
    return queued
