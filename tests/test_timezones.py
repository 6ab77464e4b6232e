"""Zone rules come from the PyPI tzdata package; times are shown with the zone's name and offset."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

import webinars  # noqa: F401  (points zoneinfo at the tzdata package)
from webinars.i18n import format_event_datetime, format_event_span
from webinars.timezones import combine_local, to_local, utc_offset_label

CASABLANCA = "Africa/Casablanca"


def test_zoneinfo_reads_only_the_tzdata_package():
    # An empty search path: the operating system's (possibly stale) zone files are never read.
    assert zoneinfo.TZPATH == ()


def test_morocco_rules_are_current():
    # Release 2026c: Morocco dropped its permanent +1 on 2026-09-20. Old system data would say UTC+1.
    winter = datetime(2026, 12, 10, 18, 0, tzinfo=ZoneInfo(CASABLANCA))
    assert winter.astimezone(UTC) == datetime(2026, 12, 10, 18, 0, tzinfo=UTC)
    spring = datetime(2026, 4, 15, 18, 0, tzinfo=ZoneInfo(CASABLANCA))
    assert spring.astimezone(UTC) == datetime(2026, 4, 15, 17, 0, tzinfo=UTC)


def test_the_2020_webinar_started_at_nine_utc():
    start = combine_local(date(2020, 12, 18), time(10, 0), CASABLANCA)
    assert start.astimezone(UTC) == datetime(2020, 12, 18, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone_name", "moment", "label"),
    [
        (CASABLANCA, datetime(2020, 12, 18, 9, 0, tzinfo=UTC), "UTC+1"),
        (CASABLANCA, datetime(2026, 12, 10, 18, 0, tzinfo=UTC), "UTC+0"),
        ("UTC", datetime(2026, 1, 1, tzinfo=UTC), "UTC+0"),
        ("America/New_York", datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "UTC-5"),
        ("America/New_York", datetime(2026, 7, 15, 12, 0, tzinfo=UTC), "UTC-4"),
        ("Asia/Kolkata", datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "UTC+5:30"),
        ("America/St_Johns", datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "UTC-3:30"),
        ("Asia/Kathmandu", datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "UTC+5:45"),
    ],
)
def test_utc_offset_label(zone_name, moment, label):
    assert utc_offset_label(to_local(moment, zone_name)) == label


def test_format_event_datetime_in_french():
    moment = datetime(2020, 12, 18, 9, 0, tzinfo=UTC)
    assert format_event_datetime(moment, CASABLANCA, "fr") == (
        "vendredi 18 décembre 2020, 10:00 (heure du Maroc, UTC+1)"
    )


def test_format_event_datetime_in_english():
    moment = datetime(2020, 12, 18, 9, 0, tzinfo=UTC)
    text = format_event_datetime(moment, CASABLANCA, "en")
    # CLDR puts a narrow no-break space before AM/PM.
    assert text.replace("\u202f", " ") == "Friday, December 18, 2020, 10:00 AM (Morocco time, UTC+1)"


def test_format_event_datetime_follows_the_rules_of_the_date_itself():
    # Same zone, same wall-clock hour, different offsets on either side of the 2026 change.
    before = format_event_datetime(datetime(2026, 4, 15, 17, 0, tzinfo=UTC), CASABLANCA, "fr")
    after = format_event_datetime(datetime(2026, 12, 10, 18, 0, tzinfo=UTC), CASABLANCA, "fr")
    assert before == "mercredi 15 avril 2026, 18:00 (heure du Maroc, UTC+1)"
    assert after == "jeudi 10 décembre 2026, 18:00 (heure du Maroc, UTC+0)"


def test_format_event_span_in_both_languages():
    starts, ends = datetime(2020, 12, 18, 9, 0, tzinfo=UTC), datetime(2020, 12, 18, 11, 0, tzinfo=UTC)
    assert format_event_span(starts, ends, CASABLANCA, "fr") == (
        "vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)"
    )
    assert format_event_span(starts, ends, CASABLANCA, "en").replace("\u202f", " ") == (
        "Friday, December 18, 2020, 10:00 AM–12:00 PM (Morocco time, UTC+1)"
    )
