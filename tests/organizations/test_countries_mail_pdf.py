"""The organization's country list, and its brand in e-mails and PDFs."""

from __future__ import annotations

import re
from io import BytesIO

import pypdf

from tests import factories
from tests.organizations.helpers import png_logo, settings_form
from tests.registration.attendees import form, mails_to, open_webinar, register_url
from webinars.extensions import db
from webinars.organizations.countries import CountryList, ordered_countries
from webinars.organizations.service import set_logo

OPTION = re.compile(r'<option (?:selected )?value="([A-Z]{2})"')


def offered_countries(page: str) -> list[str]:
    select = page.split('id="country"')[1].split("</select>")[0]
    return OPTION.findall(select)


def test_the_organizations_country_comes_first_then_the_rest_in_the_visitors_language(client, clock):
    webinar = open_webinar(factories.make_organization("APEBI", country="MA"))

    english = offered_countries(client.get(register_url(webinar) + "?lang=en").get_data(as_text=True))
    french = offered_countries(client.get(register_url(webinar) + "?lang=fr").get_data(as_text=True))

    assert english[0] == "MA" and french[0] == "MA"
    # Sorted by name in each language: Germany is "Allemagne" in French, near the top.
    assert french.index("DE") < french.index("BE") < french.index("FR")
    assert english.index("BE") < english.index("FR") < english.index("DE")
    assert english.count("MA") == 1


def test_a_moroccan_organization_does_not_offer_western_sahara_by_default(client, clock):
    moroccan = open_webinar(factories.make_organization("APEBI", country="MA"))
    french = open_webinar(factories.make_organization("Numeum", country="FR"))

    assert "EH" not in offered_countries(client.get(register_url(moroccan)).get_data(as_text=True))
    assert "EH" in offered_countries(client.get(register_url(french)).get_data(as_text=True))


def test_a_hidden_country_cannot_be_posted(client, clock):
    webinar = open_webinar(factories.make_organization("APEBI", country="MA"))

    response = client.post(register_url(webinar), data=form(country="EH"))

    assert response.status_code == 422
    assert "Choose a country from the list." in response.get_data(as_text=True)


def test_organizers_choose_the_hidden_entries(client, organizer, clock):
    organization = organizer.organization
    client.post(f"/manage/{organization.slug}/settings", data={**settings_form(country="MA"), "hidden_countries": ["IL", "EH"]})
    db.session.refresh(organization)
    webinar = open_webinar(organization)
    client.post("/logout")

    offered = offered_countries(client.get(register_url(webinar)).get_data(as_text=True))

    assert "IL" not in offered and "EH" not in offered and offered[0] == "MA"

    # Showing Western Sahara again is the organizer's choice too.
    from tests.conftest import AuthActions

    AuthActions(client).login(organizer.user.email)
    client.post(f"/manage/{organization.slug}/settings", data=settings_form(country="MA"))
    client.post("/logout")
    assert "EH" in offered_countries(client.get(register_url(webinar)).get_data(as_text=True))


def test_the_settings_page_ticks_western_sahara_for_a_moroccan_organization(client, organizer):
    organization = organizer.organization
    organization.country = "MA"
    db.session.commit()

    page = client.get(f"/manage/{organization.slug}/settings").get_data(as_text=True)

    assert re.search(r'<input checked id="hidden_countries-\d+" name="hidden_countries" type="checkbox" value="EH">', page)


def test_the_order_never_hides_the_organizations_own_country():
    listed = ordered_countries(CountryList(own_country="MA", hidden=frozenset({"EH"})), "fr")

    assert listed[0] == ("MA", "Maroc") and "EH" not in dict(listed)


# --- E-mails -----------------------------------------------------------------------


def test_emails_carry_the_brand_the_sender_name_and_a_footer(client, clock):
    organization = factories.make_organization(
        "APEBI — Pôle Offshoring",
        brand_color="#0b6e4f",
        sender_name="APEBI Offshoring",
        postal_address="12 rue de l'Exemple\nCasablanca",
        contact_email="contact@apebi.example",
    )
    set_logo(organization, png_logo(), "image/png")
    db.session.commit()
    webinar = open_webinar(organization)

    client.post(register_url(webinar), data=form(email="amina@example.org"))
    [mail] = mails_to("amina@example.org")

    assert mail.sender_name == "APEBI Offshoring"
    html = mail.html_body
    assert f"http://localhost{organization.logo_url}" in html
    assert "#0b6e4f" in html
    footer = html.split('class="email-footer"')[1]
    assert "12 rue de l&#39;Exemple" in footer and "Casablanca" in footer
    assert f"http://localhost/organizations/{organization.slug}/privacy" in footer
    assert "contact@apebi.example" in footer
    # The text version ends with the same footer.
    text_footer = mail.text_body.split("\n-- \n")[1]
    assert "12 rue de l'Exemple\nCasablanca" in text_footer
    assert f"http://localhost/organizations/{organization.slug}/privacy" in text_footer


def test_without_a_chosen_sender_name_emails_come_from_the_organization(client, clock):
    webinar = open_webinar(factories.make_organization("CRI Fès-Meknès"))

    client.post(register_url(webinar), data=form(email="amina@example.org"))
    [mail] = mails_to("amina@example.org")

    assert mail.sender_name == "CRI Fès-Meknès"
    assert "/privacy" in mail.html_body


# --- PDFs --------------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(pdf)).pages).split())


def test_summary_pdfs_get_the_letterhead(app):
    from tests.summaries.test_exports import document
    from webinars.organizations.brand import letterhead_for
    from webinars.summaries.exports import pdf_document

    organization = factories.make_organization(
        "APEBI — Pôle Offshoring", postal_address="12 rue de l'Exemple\nCasablanca", website="https://apebi.example"
    )
    set_logo(organization, png_logo(), "image/png")
    db.session.commit()

    pdf = pdf_document(document(letterhead=letterhead_for(organization)))

    text = _pdf_text(pdf)
    assert "12 rue de l'Exemple" in text and "Casablanca" in text and "https://apebi.example" in text
    first_page = pypdf.PdfReader(BytesIO(pdf)).pages[0]
    assert len(first_page.images) >= 1  # the logo


def test_the_summary_pdf_has_no_half_empty_pages(app):
    """Eight charts and the sections around them flow: no block is pushed whole to a new page."""
    from tests.summaries.test_exports import BAR_CHART, document
    from webinars.summaries.exports import Chart, FigureLine, pdf_document

    pdf = pdf_document(
        document(
            charts=[Chart(f"Chart {number}", BAR_CHART) for number in range(8)],
            figures=[FigureLine(f"Figure {number}", str(number)) for number in range(12)],
        )
    )

    assert len(pypdf.PdfReader(BytesIO(pdf)).pages) <= 2


def test_agreement_pdfs_made_from_now_on_get_the_letterhead(app, clock):
    from webinars.agreements.pdf import pdf_content, render_pdf

    organization = factories.make_organization("APEBI", postal_address="12 rue de l'Exemple\nCasablanca")
    webinar = factories.make_publishable_webinar(organization)
    agreement = factories.make_completed_convention(webinar)
    stored = agreement.pdf

    text = _pdf_text(render_pdf(pdf_content(agreement)))

    assert "12 rue de l'Exemple" in text
    # A signed PDF is never made again: the stored one stays as it was.
    organization.postal_address = "Nouvelle adresse"
    db.session.commit()
    db.session.refresh(agreement)
    assert agreement.pdf == stored
