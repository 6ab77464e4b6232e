"""The README's screenshots (docs/screenshots/), taken from the demo as the browser tests serve it.

Not a test of behaviour: it only writes PNG files, and only when ``WEBINARS_SCREENSHOTS`` names a
folder (``make screenshots`` sets it to ``docs/screenshots``). Without it the module is skipped at
collection, so ``make test`` does not start a browser for it.

Public pages are taken in French (the demo organization is Moroccan and French-speaking), the
organizer's pages in English, like the README. Device scale 1 and pages cut at ``MAX_HEIGHT``
keep the files small.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests import factories
from webinars import clock
from webinars.accounts.models import Organization
from webinars.demo import data
from webinars.events.models import Webinar
from webinars.extensions import db

FOLDER = os.environ.get("WEBINARS_SCREENSHOTS")
if not FOLDER:
    pytest.skip("writes the README's screenshots only with WEBINARS_SCREENSHOTS=<folder> (make screenshots)", allow_module_level=True)

UPCOMING = data.TERRITOIRE_DIGITAL.slug
PAST = data.OFFSHORING_2020.slug
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MAX_HEIGHT = 2400


def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    """One PNG, the page's whole height up to MAX_HEIGHT (cut below)."""
    folder = Path(FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    width = page.viewport_size["width"]
    height = page.evaluate("document.documentElement.scrollHeight") if full_page else page.viewport_size["height"]
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)}
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page, clip=clip, animations="disabled")


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    organization = db.session.scalar(select(Organization).where(Organization.slug == data.ORGANIZATION.slug))
    upcoming = db.session.scalar(select(Webinar).where(Webinar.slug == UPCOMING))
    past = db.session.scalar(select(Webinar).where(Webinar.slug == PAST))
    # A draft still missing a few things, for the pre-flight list before publishing.
    starts = (clock.now() + timedelta(days=30)).replace(hour=10, minute=0, second=0, microsecond=0)
    draft = factories.make_webinar(
        organization, title="L'IA générative dans les centres de relation client", starts_at=starts, join_url=None
    )
    moderator = factories.make_person(organization, "Modératrice (démonstration)")
    factories.add_participant(draft, moderator, factories.ParticipationRole.MODERATOR)
    db.session.commit()
    return {"organization": organization, "upcoming": upcoming, "past": past, "draft": draft}


def new_page(browser, live_server, viewport, locale) -> Page:
    context = browser.new_context(
        base_url=live_server, viewport=viewport, locale=locale, timezone_id="Africa/Casablanca", device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_public_pages(browser, live_server, demo):
    desktop = new_page(browser, live_server, DESKTOP, "fr-FR")
    try:
        desktop.goto(f"/webinars/{UPCOMING}?lang=fr")
        shoot(desktop, "webinar-page-desktop")
        desktop.goto(f"/organizations/{data.ORGANIZATION.slug}?lang=fr")
        shoot(desktop, "organization-page")
        desktop.goto(f"/webinars/{PAST}/summary?lang=fr")
        shoot(desktop, "summary-page")
    finally:
        desktop.context.close()

    phone = new_page(browser, live_server, PHONE, "fr-FR")
    try:
        phone.goto(f"/webinars/{UPCOMING}?lang=fr")
        shoot(phone, "webinar-page-phone")
        phone.goto(f"/webinars/{UPCOMING}/register?lang=fr")
        phone.locator("#first_name").fill("Salma")
        phone.locator("#last_name").fill("Idrissi")
        phone.locator("#email").fill("salma.idrissi@example.org")
        phone.locator("#affiliation").fill("CRI Fès-Meknès")
        phone.locator("#job_title").fill("Chargée d'investissement")
        phone.locator("#country").select_option("MA")
        phone.locator("#city").fill("Fès")
        phone.locator("#consent").check()
        shoot(phone, "registration-form-phone")
        phone.locator("form.registration-form button[type=submit]").click()
        expect(phone.locator("h1")).to_be_visible()
        shoot(phone, "confirmation-phone")
    finally:
        phone.context.close()


def test_organizer_pages(browser, live_server, demo):
    page = new_page(browser, live_server, DESKTOP, "en-GB")
    try:
        page.goto("/login?lang=en")
        page.get_by_label("E-mail", exact=True).fill(data.ORGANIZER.email)
        page.get_by_label("Password", exact=True).fill(data.ORGANIZER.password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

        upcoming, draft = demo["upcoming"].id, demo["draft"].id
        page.goto(f"/manage/{data.ORGANIZATION.slug}/webinars?lang=en")
        shoot(page, "dashboard")
        page.goto(f"/manage/webinars/{upcoming}?lang=en")
        shoot(page, "webinar-overview")
        page.goto(f"/manage/webinars/{draft}/publish?lang=en")
        expect(page.locator(".preflight")).to_be_visible()
        shoot(page, "preflight-check")
        page.goto(f"/manage/webinars/{demo['past'].id}/registrations?lang=en")  # the demo's 184 (fictional) registrants
        shoot(page, "registrations")
        page.goto(f"/manage/{data.ORGANIZATION.slug}/settings?lang=en")
        shoot(page, "organization-settings")
    finally:
        page.context.close()
