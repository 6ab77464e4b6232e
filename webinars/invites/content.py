"""What a webinar's calendar entry says, in the event's language, and the files made from it.

``builder`` writes the files; this module gathers their content from the
database: one UID per webinar, its SEQUENCE, the description with the
line-up, the agenda and the local time spelled out in the event's zone.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from webinars.events.models import Webinar
from webinars.i18n import event_clock, format_event_span
from webinars.joining.service import join_page_url
from webinars.invites.builder import (
    CalendarEntry,
    FeedDetails,
    Party,
    cancel_calendar,
    one_line,
    publish_calendar,
    request_calendar,
)
from webinars.mail.delivery import sender_address
from webinars.people.models import Person
from webinars.public.service import is_web_url
from webinars.registration.models import Registration
from webinars.urls import absolute_url


def calendar_uid(webinar: Webinar) -> str:
    """The webinar's one UID, shared by the public file, the feed and every personal invite."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"{webinar.calendar_uid}@{host}"


def webinar_page_url(webinar: Webinar) -> str:
    return absolute_url(f"/webinars/{webinar.slug}")


def manage_url(token: str) -> str:
    return absolute_url(f"/r/{token}")


def join_link_is_public(webinar: Webinar) -> bool:
    return webinar.join_url_is_public and is_web_url(webinar.join_url)


def entry_for(
    webinar: Webinar,
    *,
    show_join_link: bool,
    stamp: datetime | None = None,
    personal_link: str | None = None,
    language: str | None = None,
    sequence: int | None = None,
    join_page: str | None = None,
) -> CalendarEntry:
    """The webinar's entry, in ``language`` (default: the webinar's), with ``sequence`` (default:
    the webinar's). ``stamp`` defaults to its last change, so a file stays byte-for-byte the
    same (same ETag) until the webinar changes. ``join_page``: the registrant's join page, shown
    instead of the platform's link (it counts who joined, and leads to the current link)."""
    show_join_link = show_join_link and is_web_url(webinar.join_url) and not webinar.is_cancelled
    join_link = (join_page or webinar.join_url) if show_join_link else None
    language = language or webinar.language.value
    page = webinar_page_url(webinar)
    with force_locale(language):
        description = description_text(webinar, join_link, personal_link, language)
        alarm_text = _("Starts in 15 minutes: %(title)s", title=webinar.title)
        category = _("Webinar")
    return CalendarEntry(
        uid=calendar_uid(webinar),
        sequence=webinar.calendar_sequence if sequence is None else sequence,
        summary=webinar.title,
        description=description,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        stamp=stamp or webinar.updated_at,
        last_modified=webinar.updated_at,
        url=page,
        location=join_link or page,
        conference_url=join_link,
        language=language,
        summary_language=webinar.language.value,
        alarm_text=alarm_text,
        categories=(category, webinar.organization.name),
        cancelled=webinar.is_cancelled,
    )


def description_text(webinar: Webinar, join_link: str | None, personal_link: str | None, language: str) -> str:
    """Plain text, in the current locale (the caller forces ``language``); ``join_link`` where it may be shown."""
    blocks: list[str] = []
    if webinar.is_cancelled:
        blocks.append(_("This webinar has been cancelled."))
    if webinar.subtitle:
        blocks.append(webinar.subtitle)
    description = webinar.description_rendered.text  # plain text: no Markdown syntax in calendars
    if description.strip():
        blocks.append(description.strip())
    blocks.append(
        _("When: %(when)s", when=format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language))
    )
    if webinar.moderator is not None:
        blocks.append(_("Moderator: %(person)s", person=person_line(webinar.moderator.person)))
    if webinar.speakers:
        lines = [f"- {person_line(p.person)}" for p in webinar.speakers]
        blocks.append("\n".join([_("Speakers:"), *lines]))
    if webinar.agenda_items:
        clock = event_clock(webinar, language)
        lines = [_("Agenda (%(zone)s):", zone=clock.label)]
        for item in webinar.agenda_items:
            names = ", ".join(person.full_name for person in item.speakers)
            lines.append(f"{clock.span(item.starts_at, item.ends_at)} {item.title}" + (f" ({names})" if names else ""))
        blocks.append("\n".join(lines))
    if join_link:
        blocks.append(_("Join link: %(url)s", url=join_link))
    blocks.append(_("Webinar page: %(url)s", url=webinar_page_url(webinar)))
    if personal_link:
        blocks.append(_("Your registration (details, answers, cancellation): %(url)s", url=personal_link))
    return "\n\n".join(blocks)


def person_line(person: Person) -> str:
    """'Mohamed Benabbou (Directeur général, CRI Fès-Meknès)'."""
    details = ", ".join(part for part in (person.position, person.affiliation) if part)
    return f"{person.full_name} ({details})" if details else person.full_name


def organizer_of(webinar: Webinar) -> Party:
    """The organization's name, with the address the invites are sent from."""
    return Party(webinar.organization.name, sender_address())


def attendee_of(registration: Registration) -> Party:
    return Party(registration.full_name, registration.email)


# The files


def public_calendar(webinar: Webinar) -> bytes:
    return publish_calendar([entry_for(webinar, show_join_link=join_link_is_public(webinar))])


def feed_calendar(name: str, description: str, webinars: list[Webinar]) -> bytes:
    entries = [entry_for(w, show_join_link=join_link_is_public(w)) for w in webinars]
    return publish_calendar(entries, FeedDetails(name=name, description=description))


def personal_invite(registration: Registration, token: str, stamp: datetime) -> bytes:
    """METHOD:REQUEST for a confirmed registrant, in their language, with their join page and personal page."""
    webinar = registration.webinar
    entry = entry_for(
        webinar,
        show_join_link=True,
        stamp=stamp,
        personal_link=manage_url(token),
        join_page=join_page_url(token),
        language=registration.language,
        sequence=registration.calendar_sequence,
    )
    return request_calendar(entry, organizer_of(webinar), attendee_of(registration))


def personal_cancellation(registration: Registration, stamp: datetime) -> bytes:
    """METHOD:CANCEL for the registrant's copy (their seat, or the whole webinar, is cancelled)."""
    webinar = registration.webinar
    entry = entry_for(
        webinar,
        show_join_link=False,
        stamp=stamp,
        language=registration.language,
        sequence=registration.calendar_sequence,
    )
    return cancel_calendar(entry, organizer_of(webinar), attendee_of(registration))


def link_details(webinar: Webinar) -> str:
    """The short text add-to-calendar links prefill: subtitle, local time, join link, page.

    On one line: a line break in a link's query is where some services (and mail clients that
    rewrap long links) cut it, so these links never carry one.
    """
    language = webinar.language.value
    blocks = [webinar.subtitle] if webinar.subtitle else []
    with force_locale(language):
        blocks.append(
            _("When: %(when)s", when=format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language))
        )
        if join_link_is_public(webinar):
            blocks.append(_("Join link: %(url)s", url=webinar.join_url))
        blocks.append(_("Webinar page: %(url)s", url=webinar_page_url(webinar)))
    return " · ".join(one_line(block) for block in blocks)
