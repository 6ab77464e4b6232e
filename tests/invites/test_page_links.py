"""The add-to-calendar block of a webinar's public page, and the organization's feed link."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.factories import utc
from webinars.events.models import WebinarStatus
from webinars.extensions import db


@pytest.fixture
def organization(app):
    return factories.make_organization("APEBI", slug="apebi", timezone="Africa/Casablanca")


def links_of(html: str) -> dict[str, str]:
    """Link text → address, for every link of the page."""
    return {unescape(re.sub(r"<[^>]+>", "", text)).strip(): unescape(href)
            for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)}


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_page_offers_the_ics_file_and_web_calendars_with_utc_times(client, clock, organization):
    # 2026-04-15 18:00 in Casablanca is 17:00 UTC (UTC+1 before the 2026-09-20 change).
    clock.set(utc(2026, 3, 1, 9, 0))
    factories.make_publishable_webinar(
        organization, title="Offshoring, régionalisé", slug="offshoring", status=WebinarStatus.PUBLISHED,
        starts_at=utc(2026, 4, 15, 17, 0), join_url="https://meet.example.org/private",
    )

    html = client.get("/webinars/offshoring?lang=en").get_data(as_text=True)
    links = links_of(html)

    assert links["Apple Calendar, Thunderbird, Outlook (.ics file)"] == "/webinars/offshoring.ics"
    google = query(links["Google Calendar"])
    assert links["Google Calendar"].startswith("https://calendar.google.com/calendar/render?")
    assert google["action"] == "TEMPLATE"
    assert google["text"] == "Offshoring, régionalisé"
    assert google["dates"] == "20260415T170000Z/20260415T190000Z"
    assert "(heure du Maroc, UTC+1)" in google["details"]
    # The join link is private: the page's address stands in for it.
    assert google["location"] == "http://localhost/webinars/offshoring"
    assert "meet.example.org" not in html
    for name, host in (("Outlook.com", "outlook.live.com"), ("Microsoft 365", "outlook.office.com")):
        assert urlsplit(links[name]).hostname == host
        outlook = query(links[name])
        assert (outlook["startdt"], outlook["enddt"]) == ("2026-04-15T17:00:00Z", "2026-04-15T19:00:00Z")
        assert outlook["subject"] == "Offshoring, régionalisé"
        assert outlook["rru"] == "addevent"
        assert "http://localhost/webinars/offshoring" in outlook["body"]


def test_a_public_join_link_is_prefilled(client, clock, organization):
    factories.make_publishable_webinar(
        organization, slug="live", status=WebinarStatus.PUBLISHED,
        join_url="https://youtube.example/live", join_url_is_public=True,
    )

    links = links_of(client.get("/webinars/live?lang=en").get_data(as_text=True))

    assert query(links["Google Calendar"])["location"] == "https://youtube.example/live"
    assert "https://youtube.example/live" in query(links["Outlook.com"])["body"]


def test_page_offers_the_organization_feed_as_a_webcal_subscription(client, clock, organization):
    factories.make_publishable_webinar(organization, slug="feed", status=WebinarStatus.PUBLISHED)

    html = client.get("/webinars/feed?lang=en").get_data(as_text=True)
    [subscription] = [href for text, href in links_of(html).items() if text.startswith("Subscribe to the webinars of APEBI")]

    assert subscription == "webcal://localhost/organizations/apebi/calendar.ics?language=en"
    assert client.get("/organizations/apebi/calendar.ics?language=en").status_code == 200


def test_no_calendar_links_for_cancelled_ended_or_draft_webinars(client, auth, clock, organization):
    cancelled = factories.make_publishable_webinar(organization, slug="cancelled", status=WebinarStatus.PUBLISHED)
    cancelled.status = WebinarStatus.CANCELLED
    factories.make_publishable_webinar(
        organization, slug="ended", status=WebinarStatus.PUBLISHED, is_past_record=True,
        starts_at=utc(2026, 1, 10, 18, 0),
    )
    factories.make_publishable_webinar(organization, slug="draft")
    db.session.commit()
    auth.login(factories.make_user(organization, email="member@example.org").email)

    for slug in ("cancelled", "ended", "draft"):
        html = client.get(f"/webinars/{slug}?lang=en").get_data(as_text=True)
        assert "Google Calendar" not in html
        assert f"/webinars/{slug}.ics" not in html
    # A draft preview does not advertise the feed either.
    assert "webcal://" not in client.get("/webinars/draft?lang=en").get_data(as_text=True)
