"""The iCalendar builder on its own: pure functions, no app."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.invites.helpers import parse, parse_all
from webinars.invites.builder import (
    CalendarEntry,
    FeedDetails,
    Party,
    cancel_calendar,
    publish_calendar,
    request_calendar,
)

TRICKY_TITLE = "Offshoring, nearshoring; et après ? Café « export » — الرقمنة في المغرب"
TRICKY_DESCRIPTION = (
    "Première ligne, avec virgule; et point-virgule\n"
    "Deuxième ligne : accents éèàç, barre \\ oblique\n\n"
    "العربية: التحول الرقمي للمقاولات الصغيرة والمتوسطة في جهة فاس مكناس، مع خبراء من القطاع\n"
    "Last line with a long sentence that goes well beyond seventy-five octets so it must be folded."
)


def entry(**changes) -> CalendarEntry:
    base = CalendarEntry(
        uid="3f0c7c0e-2b7e-4b7c-9d1e-0a4c2f6b8e11@webinars.example.org",
        sequence=2,
        summary=TRICKY_TITLE,
        description=TRICKY_DESCRIPTION,
        starts_at=datetime(2026, 12, 10, 18, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 10, 20, 0, tzinfo=UTC),
        stamp=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        last_modified=datetime(2026, 11, 1, 8, 30, tzinfo=UTC),
        url="https://webinars.example.org/webinars/offshoring",
        location="https://meet.example.org/room?id=1,2;x",
        conference_url="https://meet.example.org/room",
        language="fr",
        alarm_text="Dans 15 minutes : Offshoring",
        categories=("Webinaire", "APEBI, Maroc"),
    )
    return replace(base, **changes)


ORGANIZER = Party("APEBI, Fédération; « TIC »", "webinars@apebi.example")
ATTENDEE = Party("Zoë Benali-Tazi", "zoe@example.org")


def lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def test_text_survives_both_parsers_exactly():
    parsed = parse(publish_calendar([entry()]))

    assert parsed.text("SUMMARY") == TRICKY_TITLE
    assert parsed.text("DESCRIPTION") == TRICKY_DESCRIPTION
    # An escaped comma does not cut the location short.
    assert parsed.text("LOCATION") == "https://meet.example.org/room?id=1,2;x"
    assert list(parsed.event["CATEGORIES"].cats) == ["Webinaire", "APEBI, Maroc"]
    assert parsed.vevent.categories.value == ["Webinaire", "APEBI, Maroc"]


def test_instants_are_written_in_utc_without_any_vtimezone():
    data = publish_calendar([entry()])

    assert b"DTSTART:20261210T180000Z\r\n" in data
    assert b"DTEND:20261210T200000Z\r\n" in data
    assert b"DTSTAMP:20261102T090000Z\r\n" in data
    assert b"LAST-MODIFIED:20261101T083000Z\r\n" in data
    assert b"VTIMEZONE" not in data and b"TZID" not in data
    parsed = parse(data)
    assert parsed.starts_at == datetime(2026, 12, 10, 18, 0, tzinfo=UTC)
    assert parsed.ends_at == datetime(2026, 12, 10, 20, 0, tzinfo=UTC)


def test_instants_given_in_another_zone_are_converted_to_utc():
    from zoneinfo import ZoneInfo

    paris = datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    data = publish_calendar([entry(starts_at=paris, ends_at=paris + timedelta(hours=1))])

    assert b"DTSTART:20260701T080000Z\r\n" in data


def test_naive_instants_are_refused():
    with pytest.raises(ValueError):
        publish_calendar([entry(starts_at=datetime(2026, 12, 10, 18, 0))])


def test_lines_end_with_crlf_and_are_folded_at_75_octets_without_splitting_characters():
    data = request_calendar(entry(summary="العربية " * 30), ORGANIZER, ATTENDEE)

    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in lines(data):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is valid UTF-8 on its own: no character was cut
    assert any(line.startswith(b" ") for line in lines(data))  # something was folded
    assert parse(data).text("SUMMARY") == ("العربية " * 30).strip()


@pytest.mark.parametrize(
    "title",
    [
        "Webinar\r\nATTENDEE;CN=Mallory:mailto:mallory@evil.example",
        "Webinar\nATTENDEE:mailto:mallory@evil.example",
        "Webinar\rATTENDEE:mailto:mallory@evil.example",
        "Webinar\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged",
        "Webinar\x00\x1b\x7f\u2028ATTENDEE:mailto:mallory@evil.example",
    ],
)
def test_a_title_cannot_inject_properties(title):
    for data in (publish_calendar([entry(summary=title)]), request_calendar(entry(summary=title), ORGANIZER, ATTENDEE)):
        parsed = parse(data)
        assert not any(line.startswith(b"ATTENDEE:") or line.startswith(b"ATTENDEE;CN=Mallory") for line in lines(data))
        attendees = parsed.event.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees] if attendees else []
        assert all("mallory" not in str(a) for a in attendees)
        assert all("mallory" not in a.value for a in parsed.vevent.contents.get("attendee", []))
        assert parsed.uid == entry().uid
        assert "Webinar" in parsed.text("SUMMARY")


def test_a_description_cannot_inject_properties_either():
    description = "Hello\r\nATTENDEE:mailto:mallory@evil.example\r\nSTATUS:CANCELLED"
    parsed = parse(publish_calendar([entry(description=description)]))

    assert parsed.status == "CONFIRMED"
    assert "ATTENDEE" not in parsed.event
    assert parsed.text("DESCRIPTION") == "Hello\nATTENDEE:mailto:mallory@evil.example\nSTATUS:CANCELLED"


def test_publish_has_no_organizer_and_no_attendee():
    data = publish_calendar([entry()])
    parsed = parse(data)

    assert parsed.method == "PUBLISH"
    assert parsed.status == "CONFIRMED"
    assert b"ORGANIZER" not in data and b"ATTENDEE" not in data
    assert parsed.sequence == 2
    assert parsed.text("URL") == "https://webinars.example.org/webinars/offshoring"


def test_request_names_the_organizer_and_the_accepted_attendee():
    parsed = parse(request_calendar(entry(), ORGANIZER, ATTENDEE))

    assert parsed.method == "REQUEST"
    assert parsed.status == "CONFIRMED"
    organizer, attendee = parsed.event["ORGANIZER"], parsed.event["ATTENDEE"]
    assert str(organizer) == "mailto:webinars@apebi.example"
    assert organizer.params["CN"] == "APEBI, Fédération; « TIC »"
    assert str(attendee) == "mailto:zoe@example.org"
    assert attendee.params["CN"] == "Zoë Benali-Tazi"
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("ACCEPTED", "FALSE")
    # The independent parser reads the same people.
    assert parsed.vevent.organizer.value == "mailto:webinars@apebi.example"
    assert parsed.vevent.organizer.params["CN"] == ["APEBI, Fédération; « TIC »"]
    assert parsed.vevent.attendee.value == "mailto:zoe@example.org"
    assert parsed.vevent.attendee.params["PARTSTAT"] == ["ACCEPTED"]
    assert parsed.vevent.attendee.params["RSVP"] == ["FALSE"]


def test_a_double_quote_in_a_name_does_not_break_the_parameter():
    parsed = parse(request_calendar(entry(), Party('APEBI "Maroc"', "w@apebi.example"), ATTENDEE))

    assert parsed.event["ORGANIZER"].params["CN"] == "APEBI 'Maroc'"
    assert parsed.vevent.organizer.params["CN"] == ["APEBI 'Maroc'"]


def test_cancel_keeps_the_uid_and_says_cancelled():
    parsed = parse(cancel_calendar(entry(sequence=3), ORGANIZER, ATTENDEE))

    assert parsed.method == "CANCEL"
    assert parsed.status == "CANCELLED"
    assert parsed.uid == entry().uid
    assert parsed.sequence == 3
    assert str(parsed.event["ATTENDEE"]) == "mailto:zoe@example.org"
    assert not parsed.event.walk("VALARM")


def test_alarm_fifteen_minutes_before_and_language_on_the_texts():
    data = request_calendar(entry(), ORGANIZER, ATTENDEE)
    parsed = parse(data)

    (alarm,) = parsed.event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert parsed.vevent.valarm.trigger.value == timedelta(minutes=-15)
    for name in ("SUMMARY", "DESCRIPTION", "CATEGORIES"):
        assert parsed.event[name].params["LANGUAGE"] == "fr"
    assert parsed.vevent.summary.params["LANGUAGE"] == ["fr"]


def test_conference_is_an_rfc7986_uri():
    parsed = parse(publish_calendar([entry()]))

    conference = parsed.event["CONFERENCE"]
    assert str(conference) == "https://meet.example.org/room"
    assert conference.params["VALUE"] == "URI"
    assert parsed.vevent.conference.value == "https://meet.example.org/room"


def test_no_conference_when_the_join_link_may_not_be_shown():
    data = publish_calendar([entry(conference_url=None, location="https://webinars.example.org/webinars/offshoring")])

    assert b"CONFERENCE" not in data
    assert parse(data).text("LOCATION") == "https://webinars.example.org/webinars/offshoring"


def test_a_cancelled_entry_in_a_published_file():
    parsed = parse(publish_calendar([entry(cancelled=True)]))

    assert parsed.method == "PUBLISH"
    assert parsed.status == "CANCELLED"
    assert not parsed.event.walk("VALARM")


def test_feed_header_and_several_events():
    data = publish_calendar(
        [entry(), entry(uid="other@webinars.example.org", cancelled=True)],
        FeedDetails(name="APEBI, Maroc", description="Les webinaires; tous"),
    )
    events = parse_all(data)

    assert [e.uid for e in events] == [entry().uid, "other@webinars.example.org"]
    assert [e.status for e in events] == ["CONFIRMED", "CANCELLED"]
    assert b"X-WR-CALNAME:APEBI\\, Maroc\r\n" in data
    assert b"X-WR-CALDESC:Les webinaires\\; tous\r\n" in data
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
    vcalendar = events[0].vcalendar
    assert vcalendar.x_wr_calname.value == "APEBI, Maroc"
    assert vcalendar.x_wr_caldesc.value == "Les webinaires; tous"
