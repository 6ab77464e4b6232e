"""Dates and times in the visitor's language: ?lang=, then the remembered choice, then the browser's."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

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


# --- The language link ------------------------------------------------------------------

LANGUAGE_LINK = re.compile(r'<a href="([^"]*)" lang="(?:en|fr)" hreflang=')


def language_link(html: str) -> str:
    [link] = LANGUAGE_LINK.findall(html)
    return unescape(link)


@pytest.mark.parametrize("query", ["endpoint=x", "_method=POST", "values=1", "_external=1", "_anchor=top", "lang=de", "x=%00"])
@pytest.mark.parametrize("page", ["/", "webinar", "/login", "/password/forgot", "/no-such-page"])
def test_any_query_argument_leaves_the_page_working(visit, webinar_url, page, query):
    url = webinar_url if page == "webinar" else page

    response = visit(f"{url}?{query}")

    assert response.status_code == (404 if page == "/no-such-page" else 200)
    assert language_link(response.get_data(as_text=True)).startswith(f"{url}?")


def test_the_language_link_keeps_the_page_and_its_query(visit, webinar_url):
    html = visit(f"{webinar_url}?ref=newsletter&tag=a&tag=b%26c&lang=en").get_data(as_text=True)

    link = urlsplit(language_link(html))
    assert link.path == webinar_url
    assert parse_qsl(link.query) == [("ref", "newsletter"), ("tag", "a"), ("tag", "b&c"), ("lang", "fr")]


def test_a_page_reached_through_two_slashes_links_to_this_site(visit):
    # As a browser asking for "http://site//evil.example/path" sends it.
    html = visit("/", environ_overrides={"PATH_INFO": "//evil.example/path"}).get_data(as_text=True)

    link = language_link(html)
    assert link.startswith("/evil.example/path?") and not link.startswith("//")


def test_an_odd_path_is_encoded_in_the_link(visit):
    html = visit('/webinars/"><script>x</script>').get_data(as_text=True)

    assert "<script>x" not in html
    assert language_link(html).startswith("/webinars/%22%3E%3Cscript%3Ex%3C/script%3E?lang=")
