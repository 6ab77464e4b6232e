"""An organizer builds a webinar in the browser and publishes it; the public page shows it all."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests import factories
from webinars import clock


def sign_in(page: Page, email: str) -> None:
    page.goto("/login?lang=en")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def add_new_person(page: Page, full_name: str, position: str, affiliation: str, role: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Create and add to this webinar"))
    form.get_by_label("Full name", exact=True).fill(full_name)
    form.get_by_label("Position", exact=True).fill(position)
    form.get_by_label("Organization", exact=True).fill(affiliation)
    form.get_by_label("Role", exact=True).select_option(label=role)
    form.get_by_role("button", name="Create and add to this webinar").click()
    expect(page.locator(".lineup")).to_contain_text(full_name)


def add_agenda_item(page: Page, start: str, minutes: str, title: str) -> None:
    page.get_by_label("Start time", exact=True).fill(start)
    page.get_by_label("Duration in minutes", exact=True).fill(minutes)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator("main")).to_contain_text(title)


def test_organizer_creates_and_publishes_a_webinar(page: Page, app):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring", timezone="Africa/Casablanca")
    factories.make_user(organization, email="organizer@example.org")
    day = (clock.now() + timedelta(days=30)).date().isoformat()

    sign_in(page, "organizer@example.org")
    page.get_by_role("link", name="New webinar").click()
    page.get_by_label("Title", exact=True).fill("L'offshoring régionalisé")
    page.get_by_label("Description", exact=True).fill("Les **opportunités** post-Covid de la région Fès-Meknès.")
    page.get_by_label("Time zone", exact=True).fill("Africa/Casablanca")
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Start time", exact=True).fill("10:00")
    page.get_by_label("End time", exact=True).fill("12:00")
    page.get_by_label("Join link", exact=True).fill("https://zoom.us/j/123456789")
    page.get_by_role("button", name="Create the draft").click()

    page.get_by_role("link", name="Moderator and speakers").first.click()
    add_new_person(page, "Mohamed Benabbou", "Modérateur", "APEBI", "Moderator")
    add_new_person(page, "Yassine Tazi", "Directeur général", "CRI Fès-Meknès", "Speaker")
    add_new_person(page, "Idriss Elasri", "Directeur général", "Altran Maroc", "Speaker")

    page.get_by_role("link", name="Agenda").first.click()
    add_agenda_item(page, "10:30", "45", "Table ronde")
    add_agenda_item(page, "10:00", "30", "Ouverture")  # added out of order on purpose
    add_agenda_item(page, "11:15", "15", "Signature de la convention")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Publish…").click()
    page.get_by_role("button", name="Yes, publish").click()
    expect(page.locator(".badge-published").first).to_be_visible()

    page.get_by_role("link", name="Public page").first.click()
    main = page.locator("main")
    expect(main.get_by_role("heading", name="L'offshoring régionalisé")).to_be_visible()
    for name in ("Mohamed Benabbou", "Yassine Tazi", "Idriss Elasri", "Altran Maroc"):
        expect(main).to_contain_text(name)
    expect(main.locator("strong", has_text="opportunités")).to_be_visible()
    expect(main).to_contain_text("(Morocco time, UTC+")
    agenda_text = main.locator(".agenda").inner_text()
    assert re.search(r"Ouverture[\s\S]*Table ronde[\s\S]*Signature de la convention", agenda_text), agenda_text
    # The visitor's own time (the browser is set to Europe/Paris), added by the script.
    expect(main.locator(".visitor-time")).to_contain_text("Europe/Paris")
    assert "zoom.us" not in page.content(), "the join link is private by default"
