"""iCalendar files for webinars: pure functions of their inputs, tested without the app.

Every instant is written in UTC (``20261210T170000Z``) and no VTIMEZONE is
emitted. A TZID needs a matching VTIMEZONE, and for zones with irregular
rules (Africa/Casablanca) the VTIMEZONE a library generates is read
differently by different clients, so one file shows different times. UTC is
read the same way everywhere; the event's zone and local time are spelled out
in DESCRIPTION instead.

The ``icalendar`` package escapes TEXT values (``,`` ``;`` ``\\`` and new
lines), quotes parameters, ends lines with CRLF and folds them at 75 octets
without cutting a UTF-8 character. Control characters are removed here
first: a title containing CR/LF stays on its SUMMARY line and cannot start a
property of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vCalAddress, vDuration, vText, vUri

PRODUCT_ID = "-//Webinars//Webinars calendar//EN"
ALARM_BEFORE = timedelta(minutes=15)
REFRESH_EVERY = timedelta(hours=1)

# Every C0 control character but TAB and LF, and DEL: not allowed in iCalendar text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Party:
    """The organizer or an attendee: a display name and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class CalendarEntry:
    """One webinar as a calendar program shows it; every text already in the event's language."""

    uid: str
    sequence: int
    summary: str
    description: str
    starts_at: datetime
    ends_at: datetime
    stamp: datetime  # DTSTAMP: when this copy of the object was made
    last_modified: datetime
    url: str  # the webinar page
    location: str  # the join link, or the webinar page where the link is private
    language: str  # "fr", "en": the LANGUAGE parameter of the texts written for the reader
    alarm_text: str
    categories: tuple[str, ...] = ()
    conference_url: str | None = None  # the join link where it may be shown
    cancelled: bool = False
    # The title is the organizer's, in the webinar's language, whatever the reader's language.
    summary_language: str | None = None


@dataclass(frozen=True)
class FeedDetails:
    name: str
    description: str
    refresh: timedelta = field(default=REFRESH_EVERY)


def one_line(text: str) -> str:
    """A title or a name on one line: line breaks become spaces, other control characters go."""
    return _CONTROL.sub("", text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")).strip()


def plain_text(text: str) -> str:
    """Multi-line text with LF line ends only and no other control characters."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("calendar instants must be timezone-aware")
    return moment.astimezone(UTC)


def publish_calendar(entries: Sequence[CalendarEntry], feed: FeedDetails | None = None) -> bytes:
    """METHOD:PUBLISH, for the public file and the organization's feed.

    No ORGANIZER and no ATTENDEE: importing a published event must never
    make a calendar program send a reply to anybody.
    """
    calendar = _calendar("PUBLISH")
    if feed is not None:
        calendar.add("name", vText(one_line(feed.name)))
        calendar.add("x-wr-calname", vText(one_line(feed.name)))
        calendar.add("x-wr-caldesc", vText(plain_text(feed.description)))
        calendar.add("refresh-interval", vDuration(feed.refresh), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(feed.refresh))
    for entry in entries:
        calendar.add_component(_event(entry, with_alarm=not entry.cancelled))
    return calendar.to_ical()


def request_calendar(entry: CalendarEntry, organizer: Party, attendee: Party) -> bytes:
    """METHOD:REQUEST, the personal invite (and its updates) of one confirmed registrant."""
    calendar = _calendar("REQUEST")
    event = _event(entry, with_alarm=True)
    event.add("organizer", _address(organizer))
    event.add("attendee", _address(attendee, PARTSTAT="ACCEPTED", RSVP="FALSE"))
    calendar.add_component(event)
    return calendar.to_ical()


def cancel_calendar(entry: CalendarEntry, organizer: Party, attendee: Party) -> bytes:
    """METHOD:CANCEL with STATUS:CANCELLED for one registrant's copy.

    RFC 5546 reserves STATUS:CANCELLED for the cancellation of the whole event;
    it is also set when only this registrant's seat is cancelled, because
    programs that import the file instead of processing it as a message
    (Apple Calendar, Thunderbird) otherwise keep the entry as if it were on.
    """
    calendar = _calendar("CANCEL")
    event = _event(_as_cancelled(entry), with_alarm=False)
    event.add("organizer", _address(organizer))
    event.add("attendee", _address(attendee, PARTSTAT="ACCEPTED", RSVP="FALSE"))
    calendar.add_component(event)
    return calendar.to_ical()


def _as_cancelled(entry: CalendarEntry) -> CalendarEntry:
    return replace(entry, cancelled=True)


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _event(entry: CalendarEntry, with_alarm: bool) -> Event:
    language = {"LANGUAGE": entry.language}
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", utc(entry.stamp))
    event.add("last-modified", utc(entry.last_modified))
    event.add("dtstart", utc(entry.starts_at))
    event.add("dtend", utc(entry.ends_at))
    event.add("summary", vText(one_line(entry.summary)), parameters={"LANGUAGE": entry.summary_language or entry.language})
    event.add("description", vText(plain_text(entry.description)), parameters=language)
    event.add("location", vText(one_line(entry.location)))
    event.add("url", vUri(one_line(entry.url)))
    if entry.conference_url:
        event.add(
            "conference",
            vUri(one_line(entry.conference_url)),
            parameters={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"]},
        )
    if entry.categories:
        event.add("categories", [one_line(c) for c in entry.categories], parameters=language)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if entry.cancelled else "OPAQUE")
    if with_alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", vText(one_line(entry.alarm_text)), parameters=language)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event


def _address(party: Party, **parameters: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{one_line(party.email)}")
    # A double quote cannot appear in a quoted parameter; RFC 6868's ^' escape
    # is not understood by every client, so names keep a plain apostrophe.
    address.params["CN"] = one_line(party.name).replace('"', "'")
    if parameters:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params.update(parameters)
    return address
