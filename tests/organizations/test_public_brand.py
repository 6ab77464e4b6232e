"""The organization's brand on its public pages (header, colour), the neutral home page, and
the organization's own page."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.organizations.helpers import png_logo
from tests.registration.attendees import form, open_webinar, register_url, registered
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.organizations.service import set_logo


def branded_organization(**fields):
    organization = factories.make_organization(
        "APEBI — Pôle Offshoring", short_name="APEBI", brand_color="#0b6e4f", country="MA", **fields
    )
    set_logo(organization, png_logo(), "image/png")
    db.session.commit()
    return organization


def assert_branded(page: str, organization) -> None:
    header = page.split("</header>")[0]
    assert organization.logo_url in header
    assert "APEBI — Pôle Offshoring" in header
    assert 'href="/brand/0b6e4f.css"' in header
    assert f'href="/organizations/{organization.slug}"' in header
    # The app's own name only in the footer.
    assert ">Webinars<" not in header
    assert "Webinars" in page.split("<footer")[1]


def test_every_public_page_of_an_organization_carries_its_brand(client, clock):
    organization = branded_organization()
    webinar = open_webinar(organization)
    _registration, token = registered(webinar, "amina@example.org")

    for url in (
        f"/webinars/{webinar.slug}",
        register_url(webinar),
        f"/webinars/{webinar.slug}/register/done",
        f"/r/{token}",
        f"/organizations/{organization.slug}",
        f"/organizations/{organization.slug}/privacy",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_branded(response.get_data(as_text=True), organization)


def test_the_brand_stylesheet_sets_the_custom_properties(client, app):
    response = client.get("/brand/0b6e4f.css")

    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert "--brand: #0b6e4f;" in css and "--brand-dark:" in css and "--brand-soft:" in css
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get("/brand/red.css").status_code == 404
    assert client.get("/brand/0b6e4f;x.css").status_code == 404


def test_the_app_stylesheet_uses_one_set_of_brand_properties(app):
    from pathlib import Path

    css = (Path(app.static_folder) / "app.css").read_text()
    for rule in ("a { color: var(--brand); }", ".button.primary { background: var(--brand);", "border-top: 5px solid var(--brand)"):
        assert rule in css


def test_the_home_page_keeps_a_neutral_header_and_shows_each_organizations_logo(client, clock):
    apebi = branded_organization()
    other = factories.make_organization("CRI Fès-Meknès")
    open_webinar(apebi, title="L'offshoring régionalisé")
    open_webinar(other, title="Fès Smart Factory")

    page = client.get("/").get_data(as_text=True)
    header = page.split("</header>")[0]

    assert ">Webinars<" in header and "/brand/" not in header
    assert apebi.logo_url in page.split("</header>")[1]
    assert f'href="/organizations/{apebi.slug}"' in page and f'href="/organizations/{other.slug}"' in page


def test_the_webinar_page_links_its_organizer_to_the_organization_page(client, clock):
    organization = branded_organization()
    webinar = open_webinar(organization)

    page = client.get(f"/webinars/{webinar.slug}").get_data(as_text=True)
    organizer_section = page.split('id="organizer-title"')[1]

    assert f'href="/organizations/{organization.slug}"' in organizer_section


def test_an_organization_without_settings_gets_the_apps_colour(client, clock):
    webinar = open_webinar(factories.make_organization("Plain"))

    page = client.get(f"/webinars/{webinar.slug}").get_data(as_text=True)

    assert 'href="/brand/1f5fbf.css"' in page and "Plain" in page.split("</header>")[0]


def test_the_organization_page(client, clock):
    organization = branded_organization(description="Le pôle **Offshoring**.", website="https://apebi.example")
    upcoming = open_webinar(organization, title="Territoire digital", capacity=50)
    for _ in range(3):
        factories.make_registration(upcoming)
    full = open_webinar(organization, title="Complet", capacity=1, waitlist_enabled=True)
    factories.make_registration(full)
    draft = factories.make_webinar(organization, title="Brouillon secret")
    past = factories.make_webinar(
        organization,
        title="L'offshoring régionalisé",
        status=WebinarStatus.PUBLISHED,
        starts_at=clock.now() - timedelta(days=30),
        is_past_record=True,
    )
    other = open_webinar(factories.make_organization("Other"), title="Someone else's webinar")

    response = client.get(f"/organizations/{organization.slug}?lang=en")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "<strong>Offshoring</strong>" in page
    assert "Territoire digital" in page and "47 seats left" in page
    assert "Complet" in page and "Full, waiting list open" in page
    assert "L&#39;offshoring régionalisé" in page or "L'offshoring régionalisé" in page
    assert draft.title not in page and other.title not in page
    assert f"/organizations/{organization.slug}/calendar.ics" in page
    # Dates in the event's zone.
    assert "UTC+1" in page or "heure du Maroc" in page or "Morocco" in page
    assert past.slug in page


def test_the_past_webinars_link_to_their_published_summaries(client, clock):
    from webinars.summaries import service as summaries

    organization = branded_organization()
    past = factories.make_publishable_webinar(
        organization, title="Passé", status=WebinarStatus.PUBLISHED, starts_at=clock.now() - timedelta(days=30), is_past_record=True
    )
    summary = summaries.summary_for(past, clock.now())
    summaries.save_article(summary, "Retour", "Le webinaire a eu lieu.")
    summaries.publish(summary, clock.now())
    db.session.commit()

    page = client.get(f"/organizations/{organization.slug}").get_data(as_text=True)

    assert f"/webinars/{past.slug}/summary" in page
    summary_page = client.get(f"/webinars/{past.slug}/summary").get_data(as_text=True)
    assert_branded(summary_page, organization)


def test_an_unknown_organization_is_404(client, app):
    assert client.get("/organizations/nobody").status_code == 404


def test_the_privacy_notice_page_in_the_visitors_language(client, clock):
    organization = branded_organization(contact_email="dpo@apebi.example")
    organization.privacy_notice_fr = "Nous gardons vos données **6 mois**."
    organization.privacy_notice_en = "We keep your data for **6 months**."
    db.session.commit()

    english = client.get(f"/organizations/{organization.slug}/privacy?lang=en").get_data(as_text=True)
    french = client.get(f"/organizations/{organization.slug}/privacy?lang=fr").get_data(as_text=True)

    assert "<strong>6 months</strong>" in english and "dpo@apebi.example" in english
    assert "<strong>6 mois</strong>" in french


def test_the_registration_form_shows_the_notice_in_the_visitors_language(client, clock):
    organization = branded_organization()
    organization.privacy_notice_fr = "Nous gardons vos données **6 mois**."
    organization.privacy_notice_en = "We keep your data for **6 months**."
    db.session.commit()
    webinar = open_webinar(organization)

    english = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)
    french = client.get(register_url(webinar) + "?lang=fr").get_data(as_text=True)

    assert "We keep your data for 6 months." in english and "**" not in english
    assert "Nous gardons vos données 6 mois." in french


def test_registering_still_works_on_a_branded_page(client, clock):
    webinar = open_webinar(branded_organization())

    response = client.post(register_url(webinar), data=form())

    assert response.status_code == 302
