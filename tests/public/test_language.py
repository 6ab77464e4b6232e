"""Dates and times in the visitor's language: ?lang=, then the remembered choice, then the browser's."""

from __future__ import annotations

import pytest

from tests import factories
from tests.factories import utc
from webinars.events.models import WebinarStatus

FRENCH = "vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)"
ENGLISH = "Friday, December 18, 2020, 10:00\u202fAM–12:00\u202fPM (Morocco time, UTC+1)"


@pytest.fixture
def webinar_url(app, clock):
    organization = factories.make_organization("APEBI — Pôle Offshoring", timezone="Africa/Casablanca")
    webinar = factories.make_webinar(organization, starts_at=utc(2020, 12, 18, 9, 0), status=WebinarStatus.PUBLISHED,
                                     is_past_record=True)
    return f"/webinars/{webinar.slug}"


def test_french_on_request(visit, webinar_url):
    html = visit(webinar_url, query_string={"lang": "fr"}).get_data(as_text=True)

    assert FRENCH in html
    assert '<html lang="fr">' in html


def test_english_on_request(visit, webinar_url):
    html = visit(webinar_url, query_string={"lang": "en"}).get_data(as_text=True)

    assert ENGLISH in html
    assert '<html lang="en">' in html


def test_the_choice_is_remembered_in_a_cookie(visit, webinar_url):
    first = visit(webinar_url, query_string={"lang": "fr"})
    assert "lang=fr" in first.headers["Set-Cookie"]

    html = visit(webinar_url).get_data(as_text=True)

    assert FRENCH in html

    visit("/", query_string={"lang": "en"})
    assert ENGLISH in visit(webinar_url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("fr-FR,fr;q=0.9,en;q=0.5", FRENCH), ("fr-MA", FRENCH), ("en-US,en;q=0.8", ENGLISH), ("de-DE", ENGLISH)],
)
def test_browser_language_without_a_cookie(visit, webinar_url, accept_language, expected):
    html = visit(webinar_url, headers={"Accept-Language": accept_language}).get_data(as_text=True)

    assert expected in html


def test_remembered_choice_beats_the_browser_language(visit, webinar_url):
    visit(webinar_url, query_string={"lang": "en"})

    html = visit(webinar_url, headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)

    assert ENGLISH in html


def test_index_dates_follow_the_language(visit, clock):
    organization = factories.make_organization(timezone="Africa/Casablanca")
    factories.make_webinar(organization, starts_at=utc(2026, 12, 11, 9, 0), status=WebinarStatus.PUBLISHED)

    assert "vendredi 11 décembre 2026, 09:00 (heure du Maroc, UTC+0)" in visit("/?lang=fr").get_data(as_text=True)
    assert "Friday, December 11, 2026, 9:00\u202fAM (Morocco time, UTC+0)" in visit("/?lang=en").get_data(as_text=True)
