"""The home page lists announced webinars that have not ended, soonest first."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.factories import utc
from webinars.events.models import Language, WebinarStatus
from webinars.extensions import db

PUBLISHED, DRAFT, CANCELLED = WebinarStatus.PUBLISHED, WebinarStatus.DRAFT, WebinarStatus.CANCELLED


def upcoming_section(html: str) -> str:
    return html.split('id="past-webinars-title"')[0]


def test_lists_only_published_upcoming_webinars_in_order(visit, clock):
    organization = factories.make_organization("APEBI — Pôle Offshoring")
    now = clock.current
    factories.make_webinar(organization, "Later one", starts_at=now + timedelta(days=30), status=PUBLISHED)
    factories.make_webinar(organization, "Sooner one", starts_at=now + timedelta(days=3), status=PUBLISHED)
    factories.make_webinar(organization, "Secret draft", starts_at=now + timedelta(days=5), status=DRAFT)
    factories.make_webinar(organization, "Long gone", starts_at=now - timedelta(days=30), status=PUBLISHED)

    html = visit("/").get_data(as_text=True)

    upcoming = upcoming_section(html)
    assert upcoming.index("Sooner one") < upcoming.index("Later one")
    assert "Secret draft" not in html
    assert "Long gone" not in upcoming
    assert "Organized by APEBI — Pôle Offshoring" in upcoming


def test_a_webinar_under_way_is_still_listed(visit, clock):
    organization = factories.make_organization()
    factories.make_webinar(organization, "Live right now", starts_at=clock.current - timedelta(minutes=30),
                           status=PUBLISHED)

    html = visit("/").get_data(as_text=True)

    assert "Live right now" in upcoming_section(html)
    assert "Happening now" in html


def test_card_shows_date_in_event_zone_language_and_subtitle(visit, clock):
    organization = factories.make_organization(timezone="Africa/Casablanca")
    factories.make_webinar(organization, "Offshoring régionalisé", starts_at=utc(2026, 11, 20, 10, 0),
                           status=PUBLISHED, subtitle="Après la crise", language=Language.EN)

    html = visit("/?lang=fr").get_data(as_text=True)

    assert "vendredi 20 novembre 2026, 10:00 (heure du Maroc, UTC+0)" in html
    assert "Après la crise" in html
    english_html = visit("/?lang=en").get_data(as_text=True)
    assert "In English" in english_html  # the event's language, named in the visitor's language
    assert 'datetime="2026-11-20T10:00:00+00:00"' in html


def test_cancelled_webinar_stays_listed_as_cancelled(visit, clock):
    organization = factories.make_organization()
    webinar = factories.make_webinar(organization, "Called off", status=CANCELLED)
    webinar.published_at = clock.current - timedelta(days=1)
    db.session.commit()
    factories.make_webinar(organization, "Never announced", status=CANCELLED)  # cancelled as a draft

    html = visit("/").get_data(as_text=True)

    assert "Called off" in html
    assert "badge-cancelled" in html
    assert "Never announced" not in html


def test_past_section_links_the_last_webinars(visit, clock):
    organization = factories.make_organization()
    past = factories.make_webinar(organization, "Offshoring 2020", starts_at=utc(2020, 12, 18, 9, 0),
                                  status=PUBLISHED, is_past_record=True)

    html = visit("/").get_data(as_text=True)

    assert "Past webinars" in html
    assert f'href="/webinars/{past.slug}"' in html.split('id="past-webinars-title"')[1]


def test_empty_state(visit, clock):
    html = visit("/").get_data(as_text=True)

    assert "No webinar is planned at the moment." in html
    assert "Past webinars" not in html


def test_no_query_per_webinar(count_queries, clock):
    for number in range(2):
        organization = factories.make_organization()
        factories.make_webinar(organization, f"Webinar {number}", status=PUBLISHED)
        factories.make_webinar(organization, f"Past {number}", starts_at=utc(2020, 1, number + 1, 9), status=PUBLISHED)
    with_four = count_queries("/")

    for number in range(2, 6):
        organization = factories.make_organization()
        factories.make_webinar(organization, f"Webinar {number}", status=PUBLISHED)
        factories.make_webinar(organization, f"Past {number}", starts_at=utc(2020, 1, number + 1, 9), status=PUBLISHED)
    with_twelve = count_queries("/")

    assert with_twelve == with_four
