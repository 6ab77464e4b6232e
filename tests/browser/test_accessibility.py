"""Every public page and the main organizer pages, checked by axe-core in French and English, on a
desktop and a 390 px phone: no serious or critical violation. A registration completed with the
keyboard alone, and no sideways scrolling on a phone.

The axe matrix is heavy (two languages × two widths × a dozen pages): it runs once, on the
PostgreSQL pass of the suite (``WEBINARS_TEST_DATABASE_URL``, set by ``.ci/run``), or on any run
with ``WEBINARS_A11Y=1``. The keyboard and phone-width tests run on every pass.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.axe import ensure_axe, serious_violations
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401  (the same browser set-up)
from tests.registration.attendees import registered
from webinars.demo import data
from webinars.events.models import Webinar
from webinars.extensions import db

POSTGRESQL_PASS = os.environ.get("WEBINARS_TEST_DATABASE_URL", "").startswith(("postgresql", "postgres:"))
A11Y_MATRIX = POSTGRESQL_PASS or os.environ.get("WEBINARS_A11Y") == "1"
only_on_the_a11y_pass = pytest.mark.skipif(
    not A11Y_MATRIX, reason="runs on the PostgreSQL pass (WEBINARS_TEST_DATABASE_URL), or with WEBINARS_A11Y=1"
)

UPCOMING = data.TERRITOIRE_DIGITAL.slug
PAST = data.OFFSHORING_2020.slug
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def axe_script():
    return ensure_axe()


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    upcoming = db.session.scalar(select(Webinar).where(Webinar.slug == UPCOMING))
    _registration, token = registered(upcoming, "a11y.visitor@example.org")
    return {
        "upcoming": upcoming,
        "token": token,
        "has_organization_page": "organizations.page" in app.view_functions,
    }


def public_pages(demo) -> list[tuple[str, str]]:
    pages = [
        ("home", "/"),
        ("webinar page", f"/webinars/{UPCOMING}"),
        ("past webinar page", f"/webinars/{PAST}"),
        ("registration", f"/webinars/{UPCOMING}/register"),
        ("confirmation", f"/webinars/{UPCOMING}/register/done"),
        ("personal page", f"/r/{demo['token']}"),
        ("summary", f"/webinars/{PAST}/summary"),
        ("embedded registration", f"/webinars/{UPCOMING}/embed"),
    ]
    if demo["has_organization_page"]:  # the organization's page (organization settings), where it exists
        pages.append(("organization page", f"/organizations/{data.ORGANIZATION.slug}"))
    return pages


def organizer_pages(demo) -> list[tuple[str, str]]:
    webinar_id = demo["upcoming"].id
    return [
        ("dashboard", f"/manage/{data.ORGANIZATION.slug}/webinars"),
        ("past webinars", f"/manage/{data.ORGANIZATION.slug}/webinars/past"),
        ("webinar overview", f"/manage/webinars/{webinar_id}"),
        ("registrations", f"/manage/webinars/{webinar_id}/registrations"),
    ]


def sign_in(page: Page) -> None:
    page.goto("/login?lang=en")
    page.get_by_label("E-mail", exact=True).fill(data.ORGANIZER.email)
    page.get_by_label("Password", exact=True).fill(data.ORGANIZER.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@only_on_the_a11y_pass
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_serious_accessibility_violation(browser, live_server, demo, axe_script, lang, viewport):
    # bypass_csp: the pages allow no inline script, and Playwright injects axe as one.
    context = browser.new_context(
        base_url=live_server, viewport=viewport, locale="fr-FR" if lang == "fr" else "en-GB", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    found: list[str] = []
    try:
        for label, path in public_pages(demo):
            page.goto(f"{path}?lang={lang}")
            found += serious_violations(page, f"{label} ({path})")
        # the registration form with its errors shown
        page.goto(f"/webinars/{UPCOMING}/register?lang={lang}")
        page.locator("form.registration-form button[type=submit]").click()
        if page.locator(".form-errors").count():
            found += serious_violations(page, "registration with errors")
        sign_in(page)
        for label, path in organizer_pages(demo):
            page.goto(f"{path}?lang={lang}")
            found += serious_violations(page, f"{label} ({path})")
    finally:
        context.close()
    assert found == [], "\n".join(found)


def test_no_horizontal_scrolling_on_a_phone(browser, live_server, demo):
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    too_wide = []
    try:
        for lang in ("fr", "en"):
            for label, path in public_pages(demo):
                page.goto(f"{path}?lang={lang}")
                width = page.evaluate("document.scrollingElement.scrollWidth")
                if width > 390:
                    too_wide.append(f"{label} ({lang}): {width} px")
    finally:
        context.close()
    assert too_wide == []


def test_registering_with_the_keyboard_alone(browser, live_server, demo):
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"/webinars/{UPCOMING}?lang=en")
        # Tab to the Register link, Enter follows it.
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == "Register":
                break
        else:
            pytest.fail("the Register link cannot be reached with Tab")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Register", exact=True)).to_be_visible()

        answers = {
            "first_name": "Karim",
            "last_name": "Bennani",
            "email": "karim.keyboard@example.org",
            "affiliation": "CRI Fès-Meknès",
            "job_title": "Analyste",
            "city": "Meknès",
        }
        seen = set()
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate("({id: document.activeElement.id, tag: document.activeElement.tagName})")
            if focused["id"] in answers and focused["id"] not in seen:
                page.keyboard.type(answers[focused["id"]])
                seen.add(focused["id"])
            elif focused["id"] == "country" and "country" not in seen:
                page.keyboard.type("Morocco")  # a closed select picks the option starting with what is typed
                seen.add("country")
            elif focused["id"] == "consent":
                page.keyboard.press("Space")
                seen.add("consent")
            elif focused["tag"] == "BUTTON" and "consent" in seen:
                break
        assert seen >= {*answers, "country", "consent"}, f"reached only {sorted(seen)}"
        expect(page.locator("#consent")).to_be_checked()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    finally:
        context.close()
    db.session.expire_all()
    from webinars.registration.models import Registration

    saved = db.session.scalar(select(Registration).where(Registration.email == "karim.keyboard@example.org"))
    assert saved is not None and saved.country == "MA"
