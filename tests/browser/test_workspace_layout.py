"""The organizer's workspace on a phone and on a laptop: no sideways scrolling of the page, tabs on one line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.test_organizer_builds_a_webinar import sign_in
from tests.registration.fixtures.registrants import make_registration, published_webinar
from webinars.extensions import db


def _webinar_with_long_addresses():
    organization = factories.make_organization(name="APEBI — Pôle Offshoring")
    factories.make_user(organization, email="organizer@example.org")
    webinar = published_webinar(
        organization, title="L'offshoring régionalisé : opportunités post-Covid pour la région Fès-Meknès",
        timezone="Europe/Paris", starts_at=datetime(2027, 3, 10, 17, 0, tzinfo=UTC),
    )
    make_registration(
        webinar, "sofia.amrani-benjelloun.direction-generale@agence-regionale-investissement.example.org",
        first_name="Sofia", last_name="Amrani-Benjelloun",
    )
    make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui")
    db.session.commit()
    return webinar


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_registrations_page_fits_a_phone(page: Page, app):
    webinar = _webinar_with_long_addresses()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "organizer@example.org")

    for lang in ("en", "fr"):
        page.goto(f"/manage/webinars/{webinar.id}/registrations?lang={lang}")
        expect(page.locator(".registration-list")).to_contain_text("Amina")
        assert page_width(page) <= 390, f"the page scrolls sideways in {lang}"
        # The table scrolls inside its own box, which a keyboard can reach, and the address stays whole.
        box = page.get_by_role("region", name="Registrations" if lang == "en" else "Inscriptions")
        assert box.evaluate("el => el.scrollWidth > el.clientWidth")
        assert box.get_attribute("tabindex") == "0"
        cell = page.locator("td.email", has_text="sofia.amrani")
        lines = cell.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }")
        assert lines == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_tabs_fit_one_line_on_a_laptop(page: Page, app, clock, lang):
    webinar = _webinar_with_long_addresses()
    clock.set(webinar.ends_at + timedelta(days=1))  # after the event: the Summary tab too, every tab shown
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "organizer@example.org")

    page.goto(f"/manage/webinars/{webinar.id}/registrations?lang={lang}")
    tops = page.locator("nav.tabs a").evaluate_all("links => links.map(a => a.getBoundingClientRect().top)")
    assert len(tops) == 12
    assert max(tops) - min(tops) < 2, "the tabs wrap onto a second line"
    expect(page.locator("nav.tabs a[aria-current=page]")).to_have_text("Registrants" if lang == "en" else "Inscrits")
    # The data page uses the width of the screen.
    table_box = page.locator(".table-scroll").bounding_box()
    assert table_box["width"] > 1300


def test_every_page_of_a_webinar_fits_a_phone(page: Page, app):
    webinar = _webinar_with_long_addresses()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "organizer@example.org")

    wide = []
    for path in (
        "", "/edit", "/agenda", "/people", "/partners", "/agreements", "/questions", "/registrations",
        "/emails", "/attendance", "/feedback", "/certificates",
    ):
        page.goto(f"/manage/webinars/{webinar.id}{path}?lang=fr")
        if page_width(page) > 390:
            wide.append(f"{path or '/'}: {page_width(page)} px")
    assert wide == []
