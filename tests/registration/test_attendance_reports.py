"""Reading Zoom and Teams attendance reports: pure functions, no app."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

import pytest

from tests.registration.fixtures.registrants import report
from webinars.registration.attendance_reports import (
    TEAMS,
    ZOOM,
    ReportUnreadable,
    parse_duration_seconds,
    parse_report_time,
    read_report,
)

PARIS = "Europe/Paris"
WEBINAR_START = datetime(2026, 12, 10, 17, 0, tzinfo=UTC)  # 18:00 in Paris


def by_key(attendees):
    return {attendee.key: attendee for attendee in attendees}


def test_zoom_participants_merges_the_visits_of_each_person():
    parsed = read_report(report("zoom_participants.csv"), PARIS, WEBINAR_START)

    assert parsed.platform == ZOOM
    people = by_key(parsed.attendees)
    assert set(people) == {
        "host@apebi.example",
        "amina@example.org",
        "karim.bennani@example.org",
        "eloise.durand@example.fr",
        "name:iphone de youssef",
    }
    amina = people["amina@example.org"]
    # two visits: minutes summed, first join, last leave; Paris times read as UTC+1
    assert amina.minutes == 43 + 76
    assert amina.joined_at == datetime(2026, 12, 10, 16, 58, 1, tzinfo=UTC)
    assert amina.left_at == datetime(2026, 12, 10, 19, 1, 2, tzinfo=UTC)
    # renamed in the meeting: the original name is kept; the address is lower-cased
    assert people["karim.bennani@example.org"].name == "Karim Bennani"
    assert people["eloise.durand@example.fr"].name == "Éloïse Durand"
    # a guest without an address is kept, under their name
    assert people["name:iphone de youssef"].email is None
    assert people["name:iphone de youssef"].minutes == 40


def test_teams_utf16_report_reads_the_participants_section_only():
    content = report("teams_attendance.csv")
    assert content.startswith(codecs.BOM_UTF16_LE)

    parsed = read_report(content, PARIS, WEBINAR_START)

    assert parsed.platform == TEAMS
    people = by_key(parsed.attendees)
    assert len(people) == 5  # the "In-Meeting Activities" rows are not counted again
    amina = people["amina@example.org"]
    assert amina.minutes == 119  # 1h 58m 40s, rounded to the minute
    assert amina.joined_at == datetime(2026, 12, 10, 16, 58, 1, tzinfo=UTC)  # "5:58:01\u202fPM" read too
    assert amina.left_at == datetime(2026, 12, 10, 19, 1, 2, tzinfo=UTC)
    assert people["host@apebi.example"].role == "Organizer"
    assert people["name:youssef (unverified)"].minutes == 40


def test_a_report_resaved_by_excel_with_semicolons_and_a_bom_is_read():
    text = (
        "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest\r\n"
        "Amina Alaoui;AMINA@example.org;10/12/2026 18:05;10/12/2026 19:00;55;Yes\r\n"
    )
    parsed = read_report(codecs.BOM_UTF8 + text.encode("utf-8"), PARIS, WEBINAR_START)

    (amina,) = parsed.attendees
    # 10/12 read as the 10th of December, the day of the webinar (not the 12th of October)
    assert amina.joined_at == datetime(2026, 12, 10, 17, 5, tzinfo=UTC)
    assert (amina.email, amina.minutes) == ("amina@example.org", 55)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/10/2026 06:02:15 PM", datetime(2026, 12, 10, 17, 2, 15, tzinfo=UTC)),
        ("12/10/26, 6:02:15\u202fPM", datetime(2026, 12, 10, 17, 2, 15, tzinfo=UTC)),
        ("10/12/2026, 18:02:15", datetime(2026, 12, 10, 17, 2, 15, tzinfo=UTC)),
        ("2026-12-10 18:02:15", datetime(2026, 12, 10, 17, 2, 15, tzinfo=UTC)),
        # a time with its own offset is taken as it says, not in the webinar's zone
        ("2026-12-10T18:02:15+02:00", datetime(2026, 12, 10, 16, 2, 15, tzinfo=UTC)),
        ("2026-12-10T17:02:15Z", datetime(2026, 12, 10, 17, 2, 15, tzinfo=UTC)),
        ("", None),
    ],
)
def test_report_times(text, expected):
    assert parse_report_time(text, PARIS, WEBINAR_START) == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1h 5m 3s", 3903), ("45m 12s", 2712), ("32s", 32), ("01:05:03", 3903), ("65", 3900), ("", 0)],
)
def test_durations(text, seconds):
    assert parse_duration_seconds(text) == seconds


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"first name,last name\nAmina,Alaoui\n", "No participants table was found"),
        (b"", "No participants table was found"),
        (b"User Email,Join Time\namina@example.org,yesterday\n", "The time “yesterday” could not be read."),
        (codecs.BOM_UTF16_LE + b"\x00", "The file's characters could not be read."),
    ],
)
def test_unreadable_files_say_why(content, message):
    with pytest.raises(ReportUnreadable) as raised:
        read_report(content, PARIS, WEBINAR_START)
    assert message in raised.value.message
