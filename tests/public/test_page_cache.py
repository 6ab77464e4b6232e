"""Public pages kept a few seconds for visitors without cookies (webinars/page_cache.py)."""

from __future__ import annotations

import threading
import time

import pytest

from tests import factories
from tests.conftest import base_config
from webinars import page_cache
from webinars.events.models import WebinarStatus
from webinars.extensions import db


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    return base_config(database_url, tmp_path / "instance") | {"PUBLIC_PAGE_CACHE_SECONDS": 5}


@pytest.fixture
def monotonic(monkeypatch):
    """The store's clock, moved by hand."""

    class Clock:
        now = 1000.0

        def advance(self, seconds: float) -> None:
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock.now)
    return clock


@pytest.fixture
def webinar(clock):
    return factories.make_webinar(factories.make_organization(), "Offshoring after Covid", status=WebinarStatus.PUBLISHED)


def retitle(webinar, title: str) -> None:
    webinar.title = title
    db.session.commit()


def test_an_edit_shows_to_anonymous_visitors_once_the_kept_page_expires(visit, webinar, monotonic):
    assert "Offshoring after Covid" in visit(f"/webinars/{webinar.slug}").get_data(as_text=True)
    retitle(webinar, "Nearshoring in 2027")

    monotonic.advance(4)
    assert "Offshoring after Covid" in visit(f"/webinars/{webinar.slug}").get_data(as_text=True)

    monotonic.advance(2)
    assert "Nearshoring in 2027" in visit(f"/webinars/{webinar.slug}").get_data(as_text=True)


def test_a_kept_page_still_carries_the_security_headers(visit, webinar, monotonic):
    visit(f"/webinars/{webinar.slug}")
    kept = visit(f"/webinars/{webinar.slug}")

    assert kept.status_code == 200
    assert "default-src 'self'" in kept.headers["Content-Security-Policy"]
    assert kept.headers["X-Frame-Options"] == "DENY"


def test_visitors_with_a_cookie_get_a_fresh_page(visit, client, webinar, monotonic):
    visit(f"/webinars/{webinar.slug}")
    retitle(webinar, "Nearshoring in 2027")
    client.set_cookie("lang", "en")

    assert "Nearshoring in 2027" in visit(f"/webinars/{webinar.slug}").get_data(as_text=True)


def test_each_language_has_its_own_kept_page(visit, webinar, monotonic):
    french = visit(f"/webinars/{webinar.slug}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = visit(f"/webinars/{webinar.slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert 'lang="fr"' in french
    assert 'lang="en"' in english


def test_a_page_kept_for_one_host_is_never_served_to_another(visit, webinar, monotonic):
    """A request with a forged Host (or X-Forwarded-Host behind a proxy) renders and keeps its own
    copy: nothing it got rendered reaches the visitors of the real site."""
    visit(f"/webinars/{webinar.slug}", headers={"Host": "attacker.example"})
    retitle(webinar, "Nearshoring in 2027")

    real_site = visit(f"/webinars/{webinar.slug}").get_data(as_text=True)
    forged = visit(f"/webinars/{webinar.slug}", headers={"Host": "attacker.example"}).get_data(as_text=True)

    assert "Nearshoring in 2027" in real_site
    assert "Offshoring after Covid" in forged, "the other host's kept copy is its own"
    assert "Nearshoring in 2027" in visit(f"/webinars/{webinar.slug}", headers={"Host": "LOCALHOST"}).get_data(as_text=True)


def test_a_kept_page_answers_conditional_requests(visit, webinar, monotonic):
    first = visit(f"/webinars/{webinar.slug}")
    kept = visit(f"/webinars/{webinar.slug}")  # now served from the store

    again = visit(f"/webinars/{webinar.slug}", headers={"If-None-Match": first.headers["ETag"]})

    assert (kept.headers["ETag"], kept.headers["Vary"]) == (first.headers["ETag"], first.headers["Vary"])
    assert kept.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert again.status_code == 304
    assert again.get_data() == b""


def test_a_kept_calendar_file_answers_conditional_requests(visit, webinar, monotonic):
    first = visit(f"/webinars/{webinar.slug}.ics")
    visit(f"/webinars/{webinar.slug}.ics")

    again = visit(f"/webinars/{webinar.slug}.ics", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304


def test_an_unpublished_webinar_is_gone_once_the_kept_page_expires(visit, webinar, monotonic):
    assert visit(f"/webinars/{webinar.slug}").status_code == 200
    webinar.status = WebinarStatus.DRAFT
    db.session.commit()

    monotonic.advance(6)
    assert visit(f"/webinars/{webinar.slug}").status_code == 404


def test_not_found_answers_are_not_kept(visit, clock, monotonic):
    assert visit("/webinars/later").status_code == 404
    factories.make_webinar(factories.make_organization(), "Later", slug="later", status=WebinarStatus.PUBLISHED)

    assert visit("/webinars/later").status_code == 200


def test_tests_run_without_it_unless_they_ask(app):
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = None
    app.testing = True
    assert page_cache.cache_seconds(app) == 0
    app.testing = False
    assert page_cache.cache_seconds(app) == page_cache.DEFAULT_SECONDS


# --- A crowd on one page ----------------------------------------------------------------


def kept(body: bytes, expires_at: float) -> page_cache.KeptPage:
    return page_cache.KeptPage(expires_at, 200, (("Content-Type", "text/html"),), body)


def test_while_one_request_renders_an_expired_page_the_others_get_the_expired_copy():
    store = page_cache.PageStore()
    store.put(("/p",), kept(b"old", expires_at=10))

    assert store.lookup(("/p",), now=11) == (None, True)  # this one renders
    assert store.lookup(("/p",), now=11)[0].body == b"old"

    store.put(("/p",), kept(b"new", expires_at=20))
    store.rendered(("/p",))
    assert store.lookup(("/p",), now=12)[0].body == b"new"


def test_requests_wait_for_the_first_rendering_of_a_page_instead_of_rendering_it_too():
    store = page_cache.PageStore()
    assert store.lookup(("/p",), now=0) == (None, True)

    def render():
        time.sleep(0.2)
        store.put(("/p",), kept(b"page", expires_at=time.monotonic() + 5))
        store.rendered(("/p",))

    threading.Thread(target=render).start()
    page, renders = store.lookup(("/p",), now=0)

    assert page.body == b"page"
    assert not renders


def test_when_the_first_rendering_cannot_be_kept_the_waiting_requests_render_it_themselves():
    store = page_cache.PageStore()
    assert store.lookup(("/p",), now=0) == (None, True)
    threading.Timer(0.1, store.rendered, args=[("/p",)]).start()  # a 404, say: nothing kept

    assert store.lookup(("/p",), now=0) == (None, False)


def test_a_rendering_that_never_ends_is_not_waited_for_forever():
    store = page_cache.PageStore()
    store.put(("/p",), kept(b"old", expires_at=10))
    assert store.lookup(("/p",), now=11) == (None, True)

    later = 11 + page_cache.RENDER_PATIENCE + 1
    assert store.lookup(("/p",), now=later) == (None, True)
