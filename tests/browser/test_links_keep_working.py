"""A registrant keeps the first confirmation e-mail and clicks its link after the webinar moved twice."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from webinars.demo import data
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.invites.service import send_due_updates
from webinars.mail.models import OutboxMessage

UPCOMING_SLUG = "fes-meknes-territoire-digital"
PERSONAL_LINK = re.compile(r"http://[^/\s]+(/r/[\w-]+)")


def mails_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)))


def move_the_webinar(page: Page, webinar: Webinar, start: str, end: str, clock) -> None:
    page.goto(f"/manage/webinars/{webinar.id}/edit?lang=en")
    page.get_by_label("Start time", exact=True).fill(start)
    page.get_by_label("End time", exact=True).fill(end)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flash, [role=status]").first).to_contain_text("Changes saved")
    clock.advance(minutes=10)  # past the quiet period: the calendar update goes out
    assert send_due_updates() == 1


def test_the_first_confirmation_link_works_after_the_webinar_moved_twice(page: Page, browser: Browser, app, clock, live_server):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    webinar = db.session.scalar(select(Webinar).where(Webinar.slug == UPCOMING_SLUG))

    page.goto(f"/webinars/{UPCOMING_SLUG}/register?lang=en")
    page.get_by_label("First name", exact=True).fill("Amina")
    page.get_by_label("Last name", exact=True).fill("Alaoui")
    page.get_by_label("E-mail", exact=True).fill("amina.alaoui@example.org")
    page.get_by_label("I agree that my data is used to handle my registration").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    [confirmation] = mails_to("amina.alaoui@example.org")
    first_link = PERSONAL_LINK.search(confirmation.text_body).group(1)

    page.goto("/login?lang=en")
    page.get_by_label("E-mail", exact=True).fill(data.ORGANIZER.email)
    page.get_by_label("Password", exact=True).fill(data.ORGANIZER.password)
    page.get_by_role("button", name="Sign in").click()
    move_the_webinar(page, webinar, "11:00", "13:00", clock)
    move_the_webinar(page, webinar, "15:00", "17:00", clock)
    assert [m.kind for m in mails_to("amina.alaoui@example.org")] == ["received", "calendar_update", "calendar_update"]

    # Weeks later, from another device (no cookies), the first e-mail's link.
    clock.advance(days=7)
    visitor = browser.new_context(base_url=live_server, locale="en-GB", timezone_id="Africa/Casablanca")
    registrant = visitor.new_page()
    registrant.goto(first_link + "?lang=en")
    expect(registrant.get_by_role("heading", name="Your registration", exact=True)).to_be_visible()
    expect(registrant.locator("main")).to_contain_text("You are registered: your seat is confirmed.")
    expect(registrant.locator("main")).to_contain_text("3:00")  # the new time, in the event's zone
    # In the event's own zone, the page adds no "Your time" line.
    registrant.goto(f"/webinars/{UPCOMING_SLUG}?lang=en")
    expect(registrant.locator(".visitor-time")).to_have_count(0)
    visitor.close()

    # From New York, the visitor's own time is added beside the event's.
    abroad = browser.new_context(base_url=live_server, locale="en-US", timezone_id="America/New_York")
    tab = abroad.new_page()
    tab.goto(f"/webinars/{UPCOMING_SLUG}?lang=en")
    expect(tab.locator(".visitor-time")).to_contain_text("Your time:")
    abroad.close()


def test_forgetting_all_links_in_the_browser_ends_the_old_one(page: Page, app, clock):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    page.goto(f"/webinars/{UPCOMING_SLUG}/register?lang=fr")
    page.get_by_label("Prénom", exact=True).fill("Omar")
    page.get_by_label("Nom", exact=True).fill("Bennani")
    page.get_by_label("E-mail", exact=True).fill("omar@example.org")
    page.locator("input[name=consent]").check()
    page.locator("form.registration-form button[type=submit]").click()
    [confirmation] = mails_to("omar@example.org")
    link = PERSONAL_LINK.search(confirmation.text_body).group(1)

    page.goto(link + "?lang=fr")
    page.get_by_role("button", name="Oublier tous mes liens").click()
    expect(page.get_by_role("heading", name="Vos liens sont révoqués")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="Ce lien ne fonctionne plus")).to_be_visible()
    renewed = mails_to("omar@example.org")[-1]
    assert renewed.kind == "links_renewed"
    page.goto(PERSONAL_LINK.search(renewed.text_body).group(1))
    expect(page.get_by_role("heading", name="Votre inscription", exact=True)).to_be_visible()
