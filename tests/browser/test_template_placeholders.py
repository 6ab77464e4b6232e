"""An organizer writes a convention template with the placeholder picker: Insert puts each one at the cursor."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests import factories
from tests.browser.test_organizer_builds_a_webinar import sign_in
from webinars.agreements.models import AgreementTemplate
from webinars.extensions import db


def test_the_picker_inserts_placeholders_at_the_cursor(page: Page, app):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring")
    factories.make_user(organization, email="organizer@example.org")
    db.session.commit()
    sign_in(page, "organizer@example.org")

    page.goto(f"/manage/{organization.slug}/agreement-templates/new?lang=fr")
    page.get_by_label("Type").select_option(label="Convention entre organisations")
    # Only the convention's placeholders are listed once a kind is chosen.
    expect(page.get_by_role("button", name="Insérer {{Nom de l'intervenant}}")).to_be_hidden()

    page.get_by_label("Titre", exact=True).fill("Convention — ")
    page.get_by_label("Titre", exact=True).press("End")
    page.get_by_role("button", name="Insérer {{Titre du webinaire}}").first.click()
    text = page.get_by_label("Texte", exact=True)
    text.fill("Entre :\n\nFait le .")
    text.evaluate("field => field.setSelectionRange(8, 8)")  # the empty line after "Entre :"
    page.get_by_role("button", name="Insérer {{Pour chaque partie}}").click()
    page.get_by_role("button", name="Insérer {{Nom de la partie}}", exact=True).click()
    text.evaluate("field => field.setSelectionRange(field.value.length - 1, field.value.length - 1)")
    page.get_by_role("button", name="Insérer {{Date du webinaire}}").first.click()

    expect(page.get_by_label("Titre", exact=True)).to_have_value("Convention — {{Titre du webinaire}}")
    expect(text).to_have_value(
        "Entre :\n{{Pour chaque partie}}{{Nom de la partie}}{{Fin pour chaque partie}}\nFait le {{Date du webinaire}}."
    )
    page.get_by_role("button", name="Enregistrer le modèle").click()

    expect(page.locator(".agreement-document")).to_contain_text("Première organisation")
    template = db.session.scalar(select(AgreementTemplate))
    assert template.title == "Convention — {{webinar.title}}"
    assert template.body == "Entre :\n{{#parties}}{{party.name}}{{/parties}}\nFait le {{webinar.date}}.\n"


def test_without_javascript_the_list_is_there_to_type_from(browser, live_server, app):
    organization = factories.make_organization(name="APEBI — Pôle Offshoring")
    factories.make_user(organization, email="organizer@example.org")
    db.session.commit()
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "organizer@example.org")
        page.goto(f"/manage/{organization.slug}/agreement-templates/new?lang=en")

        expect(page.locator(".placeholder-list code", has_text="{{Speaker name}}")).to_be_visible()
        expect(page.locator(".placeholder-list code", has_text="{{For each party}}")).to_be_visible()
        expect(page.locator(".insert-placeholder").first).to_be_hidden()

        page.get_by_label("Kind").select_option(label="Convention between organizations")
        page.get_by_label("Title", exact=True).fill("Convention — {{Webinar title}}")
        page.get_by_label("Text", exact=True).fill("{{For each party}}- {{Party name}}\n{{End for each party}}")
        page.get_by_role("button", name="Save the template").click()
        expect(page.locator(".agreement-document")).to_contain_text("First organization")
    finally:
        context.close()
