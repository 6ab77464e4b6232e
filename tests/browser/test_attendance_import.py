"""An organizer uploads an attendance report; the page shows the worker's progress and then what it changed."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.test_organizer_builds_a_webinar import sign_in
from tests.registration.fixtures.registrants import FIXTURES, make_registration, published_webinar
from webinars.extensions import db
from webinars.registration import attendance_imports


def test_the_page_follows_the_import_until_it_is_done(page: Page, app, clock, monkeypatch):
    monkeypatch.setitem(app.extensions, "wake_attendance_imports", lambda: None)  # the test is the worker
    organization = factories.make_organization(name="APEBI — Pôle Offshoring")
    factories.make_user(organization, email="organizer@example.org")
    webinar = published_webinar(
        organization, title="L'offshoring régionalisé", timezone="Europe/Paris",
        starts_at=datetime(2026, 12, 10, 17, 0, tzinfo=UTC),
    )
    make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui")
    clock.set(datetime(2026, 12, 10, 20, 0, tzinfo=UTC))
    db.session.commit()
    sign_in(page, "organizer@example.org")

    page.goto(f"/manage/webinars/{webinar.id}/attendance?lang=en")
    page.locator("#report").set_input_files(str(FIXTURES / "zoom_participants.csv"))
    page.get_by_role("button", name="Import", exact=True).click()
    progress = page.locator(".import-progress")
    expect(progress).to_contain_text("zoom_participants.csv is waiting for the worker (6 rows).")

    attendance_imports.run_queued_imports()

    # The script asks for the progress and reloads the page once the import is done.
    expect(progress).to_contain_text("Zoom report imported: 1 registrant marked as attended, 4 people to resolve below.", timeout=15_000)
    expect(page.locator(".unmatched-list")).to_contain_text("APEBI Host")
    expect(page.locator(".checkin-list")).to_contain_text("Attended")
