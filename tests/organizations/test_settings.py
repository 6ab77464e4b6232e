"""The owners' settings page: what it saves, what it refuses, and who may open it."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from tests import factories
from tests.organizations.helpers import png_logo, settings_form
from tests.people.images import in_memory_upload
from webinars.accounts.models import Role
from webinars.extensions import db
from webinars.organizations.colours import AA_NORMAL_TEXT, white_text_contrast


def settings_url(organization) -> str:
    return f"/manage/{organization.slug}/settings"


def test_the_dashboard_links_owners_to_the_settings(client, organizer):
    page = client.get(f"/manage/{organizer.organization.slug}/webinars").get_data(as_text=True)

    assert settings_url(organizer.organization) in page
    assert f"/organizations/{organizer.organization.slug}" in page


def test_an_owner_saves_every_setting(client, organizer):
    organization = organizer.organization
    response = client.post(
        settings_url(organization),
        data={**settings_form(), "logo": (BytesIO(png_logo()), "logo.png")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    db.session.refresh(organization)
    assert organization.name == "APEBI — Pôle Offshoring" and organization.short_name == "APEBI"
    assert organization.brand_color == "#0b6e4f"
    assert organization.website == "https://apebi.example" and organization.contact_email == "contact@apebi.example"
    assert organization.postal_address == "12 rue de l'Exemple\nCasablanca\nMaroc"
    assert organization.country == "MA" and organization.default_language == "en"
    assert organization.sender_name == "APEBI Offshoring" and organization.retention_months == 6
    # The notices are rendered once, when saved (webinars/markdown.py).
    assert "<strong>6 mois</strong>" in organization.privacy_notice_fr_html
    assert "<strong>6 months</strong>" in organization.privacy_notice_en_html
    assert organization.has_logo
    client.post("/logout")
    logo = client.get(organization.logo_url)
    assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png"
    assert "immutable" in logo.headers["Cache-Control"]
    with Image.open(BytesIO(logo.data)) as image:
        assert image.format == "PNG"
    # Morocco's default list leaves out Western Sahara.
    assert organization.hidden_countries is None


def test_a_colour_too_light_for_white_text_is_darkened_with_a_message(client, organizer):
    organization = organizer.organization
    response = client.post(settings_url(organization), data=settings_form(brand_color="#ffd700"), follow_redirects=True)

    page = response.get_data(as_text=True)
    db.session.refresh(organization)
    assert organization.brand_color != "#ffd700"
    assert white_text_contrast(organization.brand_color) >= AA_NORMAL_TEXT
    assert "White text is hard to read on #ffd700" in page and organization.brand_color in page


def test_the_darkening_message_in_french(client, organizer):
    client.post(settings_url(organizer.organization) + "?lang=fr", data=settings_form(brand_color="#ffd700"))
    page = client.get(settings_url(organizer.organization) + "?lang=fr").get_data(as_text=True)

    assert "#ffd700" in page and "Paramètres enregistrés" in page


@pytest.mark.parametrize(
    "upload, message",
    [
        ((b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.svg"), "SVG logos are not accepted"),
        ((b"GIF89a not really", "logo.gif"), "not a readable image"),
        ((b"x" * (2 * 1024 * 1024 + 1), "huge.png"), "larger than 2 MB"),
    ],
)
def test_bad_logos_are_refused_with_a_message(client, organizer, upload, message):
    content, filename = upload
    response = client.post(
        settings_url(organizer.organization),
        **in_memory_upload({**settings_form(), "logo": (BytesIO(content), filename)}),
    )

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(organizer.organization)
    assert not organizer.organization.has_logo


def test_a_huge_image_is_refused(client, organizer):
    buffer = BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    response = client.post(
        settings_url(organizer.organization),
        data={**settings_form(), "logo": (BytesIO(buffer.getvalue()), "huge.png")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    assert "too many pixels" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("brand_color", "blue", "six hexadecimal digits"),
        ("website", "apebi.example", "starting with https://"),
        ("timezone", "Mars/Olympus", "Unknown time zone"),
        ("retention_months", "0", "Between 1 and 120 months"),
        ("country", "XX", "Choose a country from the list"),
        ("contact_email", "not an address", ""),
        ("name", "", ""),
    ],
)
def test_invalid_settings_are_refused(client, organizer, field, value, message):
    response = client.post(settings_url(organizer.organization), data=settings_form(**{field: value}))

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_the_logo_can_be_removed(client, organizer):
    organization = organizer.organization
    client.post(settings_url(organization), data={**settings_form(), "logo": (BytesIO(png_logo()), "l.png")}, content_type="multipart/form-data")
    old_url = organization.logo_url
    client.post(settings_url(organization), data=settings_form(remove_logo="y"))

    db.session.refresh(organization)
    assert not organization.has_logo
    assert client.get(old_url).status_code == 404


def test_new_webinars_start_with_the_organizations_language_and_zone(client, organizer):
    client.post(settings_url(organizer.organization), data=settings_form(default_language="en", timezone="Europe/Paris"))

    page = client.get(f"/manage/{organizer.organization.slug}/webinars/new").get_data(as_text=True)

    assert 'value="en" selected' in page or 'selected value="en"' in page
    assert 'value="Europe/Paris"' in page


def test_an_organizer_who_is_not_an_owner_gets_403(client, auth):
    organization = factories.make_organization("APEBI")
    user = factories.make_user(organization, role=Role.ORGANIZER)
    auth.login(user.email)

    assert client.get(settings_url(organization)).status_code == 403
    assert client.post(settings_url(organization), data=settings_form()).status_code == 403


def test_a_member_of_another_organization_gets_404(client, organizer):
    other = factories.make_organization("Another federation")

    assert client.get(settings_url(other)).status_code == 404
    response = client.post(settings_url(other), data=settings_form(name="Taken over"))
    assert response.status_code == 404
    db.session.refresh(other)
    assert other.name == "Another federation"


def test_visitors_are_sent_to_sign_in(client, app):
    organization = factories.make_organization("APEBI")

    response = client.get(settings_url(organization))
    assert response.status_code in (302, 404)
