"""A visitor downloads a webinar's .ics from its public page; the web-calendar links carry the UTC times."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests import factories
from tests.factories import utc
from tests.invites.helpers import parse
from webinars.events.models import WebinarStatus


def test_visitor_downloads_the_ics_and_sees_utc_times_in_the_links(page: Page, app, clock, tmp_path):
    # 18:00 in Casablanca on 2026-04-15 is 17:00 UTC (UTC+1 before Morocco's 2026-09-20 change).
    clock.set(utc(2026, 3, 1, 9, 0))
    organization = factories.make_organization("APEBI", slug="apebi", timezone="Africa/Casablanca")
    webinar = factories.make_publishable_webinar(
        organization, title="Fès-Meknès, territoire digital", slug="fes-meknes", status=WebinarStatus.PUBLISHED,
        starts_at=utc(2026, 4, 15, 17, 0),
    )

    page.goto("/webinars/fes-meknes?lang=en")
    block = page.locator(".add-to-calendar")
    expect(block).to_contain_text("Add to your calendar")

    with page.expect_download() as download_info:
        block.get_by_role("link", name="Apple Calendar, Thunderbird, Outlook (.ics file)").click()
    download = download_info.value
    assert download.suggested_filename == "fes-meknes.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    parsed = parse(path.read_bytes())
    assert parsed.method == "PUBLISH"
    assert parsed.uid == f"{webinar.calendar_uid}@localhost"
    assert parsed.text("SUMMARY") == "Fès-Meknès, territoire digital"
    assert parsed.starts_at == utc(2026, 4, 15, 17, 0)
    assert parsed.ends_at == utc(2026, 4, 15, 19, 0)

    google = block.get_by_role("link", name="Google Calendar").get_attribute("href")
    assert parse_qs(urlsplit(google).query)["dates"] == ["20260415T170000Z/20260415T190000Z"]
    for name in ("Outlook.com", "Microsoft 365"):
        query = parse_qs(urlsplit(block.get_by_role("link", name=name).get_attribute("href")).query)
        assert query["startdt"] == ["2026-04-15T17:00:00Z"]
        assert query["enddt"] == ["2026-04-15T19:00:00Z"]
