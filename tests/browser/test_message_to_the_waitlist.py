"""An organizer writes to the waitlist from the registrations page, with the placeholder picker;
the waitlisted registrant receives it, in their language, and nobody else does."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.test_organizer_builds_a_webinar import sign_in
from webinars import clock
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.registration.models import RegistrationState


def test_a_message_composed_to_the_waitlist_is_received(page: Page, app, mail_via_smtp):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring", timezone="Africa/Casablanca")
    factories.make_user(organization, email="organizer@example.org")
    webinar = factories.make_webinar(
        organization,
        title="L'offshoring régionalisé",
        status=WebinarStatus.PUBLISHED,
        starts_at=(clock.now() + timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0),
    )
    factories.make_registration(webinar, email="seated@example.org", first_name="Amina", language="fr")
    factories.make_registration(
        webinar, email="waiting@example.org", first_name="Karim", language="en", state=RegistrationState.WAITLISTED
    )
    factories.make_registration(
        webinar, email="attente@example.org", first_name="Sara", language="fr", state=RegistrationState.WAITLISTED
    )
    db.session.commit()
    sign_in(page, "organizer@example.org")

    page.goto(f"/manage/webinars/{webinar.id}/registrations?state=waitlisted")
    page.get_by_role("link", name="Write to this list").click()
    expect(page.locator(".recipient-count")).to_have_text("This message will go to 2 registrants.")

    page.get_by_label("Subject (French)").fill("Une place pour vous ?")
    body_fr = page.get_by_label("Message (French)")
    body_fr.fill("Bonjour , une place peut se libérer.")
    body_fr.evaluate("field => field.setSelectionRange(8, 8)")
    page.locator("fieldset[data-language=fr]").get_by_role("button", name="Insert {{Prénom}}").click()
    expect(body_fr).to_have_value("Bonjour {{Prénom}}, une place peut se libérer.")

    page.get_by_label("Subject (English)").fill("A seat for you?")
    body_en = page.get_by_label("Message (English)")
    body_en.fill("Hello , a seat may free up. Your page: ")
    body_en.evaluate("field => field.setSelectionRange(6, 6)")
    page.locator("fieldset[data-language=en]").get_by_role("button", name="Insert {{First name}}").click()
    body_en.evaluate("field => field.setSelectionRange(field.value.length, field.value.length)")
    page.locator("fieldset[data-language=en]").get_by_role("button", name="Insert {{Personal link}}").click()

    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".message-preview[lang=en]")).to_contain_text("Hello Test,")
    expect(page.locator(".message-preview[lang=fr]")).to_contain_text("Une place pour vous ?")

    page.get_by_role("button", name="Send the message").click()
    expect(page.locator("[data-count=queued]")).to_have_text("2")
    expect(page.locator("[data-count=sent]")).to_have_text("2")

    [english] = mail_via_smtp.messages_to("waiting@example.org")
    assert english["Subject"] == "A seat for you?"
    text = english.get_body(preferencelist=("plain",)).get_content()
    assert "Hello Karim, a seat may free up. Your page: http://" in text
    [french] = mail_via_smtp.messages_to("attente@example.org")
    assert french["Subject"] == "Une place pour vous ?"
    assert "Bonjour Sara, une place peut se libérer." in french.get_body(preferencelist=("plain",)).get_content()
    assert mail_via_smtp.messages_to("seated@example.org") == []

    # The E-mails page opens it as sent, the personal link masked.
    page.goto(f"/manage/webinars/{webinar.id}/emails")
    page.locator("tr", has_text="waiting@example.org").get_by_role("link", name="Open").click()
    expect(page.locator(".email-as-sent")).to_contain_text("Hello Karim")
    expect(page.locator(".email-as-sent")).to_contain_text("/r/••••••")
