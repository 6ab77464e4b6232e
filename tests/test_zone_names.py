"""Time zones named as people say them, and each time labelled with the offset in force then."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import utc
from webinars.i18n import EventClock, format_event_datetime, format_event_span
from webinars.zone_names import zone_label

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("zone", "french", "english"),
    [
        ("Africa/Casablanca", "heure du Maroc", "Morocco time"),
        ("Europe/Paris", "heure de la France", "France time"),
        ("Asia/Kolkata", "heure de l'Inde", "India time"),
        ("Asia/Dubai", "heure des Émirats arabes unis", "United Arab Emirates time"),
        ("America/Havana", "heure de Cuba", "Cuba time"),
        ("Asia/Jerusalem", "heure d'Israël", "Israel time"),
        ("Europe/London", "heure du Royaume-Uni", "United Kingdom time"),
        ("Africa/Abidjan", "heure de la Côte d’Ivoire", "Côte d’Ivoire time"),
        ("America/New_York", "heure de New York", "New York time"),
        ("America/Anchorage", "heure d'Anchorage", "Anchorage time"),
        ("UTC", "UTC", "UTC"),
    ],
)
def test_zones_are_named_as_people_say_them(zone, french, english):
    assert zone_label(zone, "fr") == french
    assert zone_label(zone, "en") == english


def test_a_span_across_a_change_of_clocks_labels_each_time_with_its_own_offset():
    starts = datetime(2026, 3, 8, 1, 0, tzinfo=NEW_YORK)  # EST, UTC-5
    ends = datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK)  # EDT, UTC-4

    assert format_event_span(starts, ends, "America/New_York", "fr") == (
        "dimanche 8 mars 2026, 01:00 UTC-5 – 03:30 UTC-4 (heure de New York)"
    )
    english = format_event_span(starts, ends, "America/New_York", "en").replace("\u202f", " ")
    assert english == "Sunday, March 8, 2026, 1:00 AM UTC-5 – 3:30 AM UTC-4 (New York time)"


def test_a_span_with_one_offset_names_it_once():
    text = format_event_span(utc(2020, 12, 18, 9, 0), utc(2020, 12, 18, 11, 0), "Africa/Casablanca", "fr")
    assert text == "vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)"


def test_the_first_day_of_a_month_reads_as_french_writes_it():
    assert format_event_datetime(utc(2026, 11, 1, 9, 0), "Europe/Paris", "fr") == (
        "dimanche 1er novembre 2026, 10:00 (heure de la France, UTC+1)"
    )


def test_agenda_times_carry_offsets_only_when_the_webinar_spans_a_change():
    class Night:
        timezone = "America/New_York"
        starts_at = datetime(2026, 3, 8, 1, 0, tzinfo=NEW_YORK)
        ends_at = datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK)

    class Evening:
        timezone = "Africa/Casablanca"
        starts_at = utc(2020, 12, 18, 9, 0)
        ends_at = utc(2020, 12, 18, 11, 0)

    night = EventClock("America/New_York", "fr", None)
    assert night.heading == "heure de New York"
    assert night.span(Night.starts_at, datetime(2026, 3, 8, 3, 15, tzinfo=NEW_YORK)) == "01:00 UTC-5 – 03:15 UTC-4"

    from webinars.i18n import event_clock

    assert event_clock(Night, "fr") == night
    evening = event_clock(Evening, "fr")
    assert evening.heading == "heure du Maroc (UTC+1)"
    assert evening.span(Evening.starts_at, Evening.ends_at) == "10:00–12:00"
