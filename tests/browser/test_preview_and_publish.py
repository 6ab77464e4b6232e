"""An organizer previews a draft as visitors will see it, then publishes it from the pre-flight list."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.test_organizer_builds_a_webinar import sign_in
from webinars import clock
from webinars.extensions import db


def test_preview_then_publish_from_the_checklist(page: Page, app):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring")
    factories.make_user(organization, email="organizer@example.org")
    starts = clock.now() + timedelta(days=20)
    webinar = factories.make_webinar(organization, title="L'offshoring régionalisé", starts_at=starts, join_url=None)
    moderator = factories.make_person(organization, "Mohamed Benabbou")
    factories.add_participant(webinar, moderator, factories.ParticipationRole.MODERATOR)
    agenda_item = factories.make_agenda_item(webinar, "Questions", offset=webinar.ends_at - webinar.starts_at, duration=timedelta(minutes=20))
    db.session.commit()
    sign_in(page, "organizer@example.org")

    page.goto(f"/manage/webinars/{webinar.id}?lang=en")
    panel = page.locator(".publish-panel")
    expect(panel).to_contain_text("This draft cannot be published yet.")
    panel.get_by_role("link", name="Preview").click()
    expect(page.locator(".preview-banner")).to_contain_text("Draft preview — not public")
    expect(page.get_by_role("heading", level=1)).to_have_text("L'offshoring régionalisé")

    page.locator(".preview-banner").get_by_role("link", name="Publish…").click()
    checklist = page.locator(".preflight")
    expect(checklist.locator(".preflight-ok")).to_contain_text(["Moderator: Mohamed Benabbou."])
    expect(checklist.locator(".preflight-warning")).to_contain_text(["Add at least one speaker.", "Add the join link."])
    expect(checklist.locator(".preflight-blocker")).to_contain_text(["The agenda item “Questions” runs from"])
    expect(page.get_by_role("button", name="Yes, publish")).to_be_disabled()

    # The organizer moves the agenda item back within the hours: only warnings remain.
    agenda_item.starts_at -= timedelta(minutes=30)
    agenda_item.ends_at -= timedelta(minutes=30)
    db.session.commit()
    page.reload()
    expect(page.locator(".preflight-blocker")).to_have_count(0)
    page.get_by_role("button", name="Yes, publish").click()

    expect(page.locator(".flash-success")).to_contain_text("The webinar is published")
    page.get_by_role("link", name="Public page", exact=True).click()
    expect(page.locator(".preview-banner")).to_have_count(0)
