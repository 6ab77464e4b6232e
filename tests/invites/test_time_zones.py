"""The instants every calendar file gives are the ones current IANA rules give (``zoneinfo``),
read back by two parsers, for zones whose rules are known to trip calendar programs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests import factories
from tests.factories import utc
from tests.invites.helpers import parse, parse_all, register_someone
from webinars.events.models import Language, WebinarStatus
from webinars.i18n import format_event_span
from webinars.zone_names import zone_label

CASES = [
    # Morocco at UTC+1 until its 2026-09-20 change...
    ("Africa/Casablanca", datetime(2026, 4, 15, 18, 0), utc(2026, 4, 15, 17, 0), "UTC+1"),
    # ...and at UTC+0 after it.
    ("Africa/Casablanca", datetime(2026, 12, 10, 18, 0), utc(2026, 12, 10, 18, 0), "UTC+0"),
    # Paris the day before and the day of the end of summer time (2026-10-25).
    ("Europe/Paris", datetime(2026, 10, 24, 18, 0), utc(2026, 10, 24, 16, 0), "UTC+2"),
    ("Europe/Paris", datetime(2026, 10, 25, 18, 0), utc(2026, 10, 25, 17, 0), "UTC+1"),
    ("America/New_York", datetime(2026, 7, 1, 10, 0), utc(2026, 7, 1, 14, 0), "UTC-4"),
    ("America/New_York", datetime(2026, 11, 5, 10, 0), utc(2026, 11, 5, 15, 0), "UTC-5"),
]


@pytest.fixture
def clock_before_april(clock):
    clock.set(utc(2026, 3, 1, 9, 0))
    return clock


@pytest.mark.parametrize(("zone", "local", "expected", "offset"), CASES)
def test_every_file_gives_the_zoneinfo_instant(client, clock_before_april, zone, local, expected, offset):
    starts_at = local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    assert starts_at == expected  # the test's own expectation agrees with current IANA data
    organization = factories.make_organization("APEBI", slug="apebi", timezone=zone)
    webinar = factories.make_publishable_webinar(
        organization, slug="event", status=WebinarStatus.PUBLISHED, starts_at=starts_at, language=Language.EN
    )
    outcome = register_someone(webinar)

    files = {
        "public": client.get("/webinars/event.ics").get_data(),
        "personal": client.get(f"/r/{outcome.token}/invite.ics").get_data(),
    }
    feed = parse_all(client.get("/organizations/apebi/calendar.ics").get_data())
    assert len(feed) == 1

    for parsed in [parse(data) for data in files.values()] + feed:
        assert parsed.starts_at == expected
        assert parsed.ends_at == expected + timedelta(hours=2)
        description = parsed.text("DESCRIPTION")
        # The local time is spelled out, in the event's zone, with its offset.
        assert format_event_span(starts_at, starts_at + timedelta(hours=2), zone, "en") in description
        assert f"({zone_label(zone, 'en')}, {offset})" in description
    for data in files.values():
        assert b"VTIMEZONE" not in data and b"TZID" not in data


def test_an_event_across_the_paris_clock_change_lasts_its_real_duration(client, clock):
    # 01:30 summer time to 03:30 winter time on 2026-10-25: three real hours.
    paris = ZoneInfo("Europe/Paris")
    starts_at = datetime(2026, 10, 25, 1, 30, tzinfo=paris).astimezone(UTC)
    ends_at = datetime(2026, 10, 25, 3, 30, tzinfo=paris).astimezone(UTC)
    clock.set(utc(2026, 10, 1, 9, 0))
    organization = factories.make_organization("APEBI", slug="apebi", timezone="Europe/Paris")
    factories.make_publishable_webinar(
        organization, slug="night", status=WebinarStatus.PUBLISHED, starts_at=starts_at, duration=ends_at - starts_at
    )

    parsed = parse(client.get("/webinars/night.ics").get_data())

    assert parsed.starts_at == utc(2026, 10, 24, 23, 30)
    assert parsed.ends_at == utc(2026, 10, 25, 2, 30)
    assert parsed.ends_at - parsed.starts_at == timedelta(hours=3)
