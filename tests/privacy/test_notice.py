"""The default privacy notice says what is kept, for how long (the organization's period), that signed
agreements are kept as legal records, and how to download or delete one's data; in French and English."""

from __future__ import annotations

from flask_babel import force_locale

from tests import factories
from webinars.registration.privacy_notice import privacy_notice_for


def test_the_default_notice_gives_the_organizations_period_and_what_is_kept(app):
    organization = factories.make_organization("APEBI", retention_months=18)

    with force_locale("en"):
        english = privacy_notice_for(organization)
    with force_locale("fr"):
        french = privacy_notice_for(organization)

    assert "kept for 18 months after the webinar, then anonymized" in english
    assert "Signed agreements (speaker releases, conventions between organizations) are legal records" in english
    assert "download your data, or delete your registration and data" in english
    assert "conservées 18 mois après le webinaire, puis anonymisées" in french
    assert "Les accords signés" in french and "documents juridiques" in french
    assert "télécharger vos données" in french and "supprimer votre inscription et vos données" in french


def test_one_month_is_singular(app):
    organization = factories.make_organization("APEBI", retention_months=1)

    with force_locale("en"):
        assert "kept for 1 month after the webinar" in privacy_notice_for(organization)


def test_the_registration_form_shows_it(client, clock):
    from tests.registration.attendees import open_webinar, register_url

    webinar = open_webinar()
    webinar.organization.retention_months = 6
    from webinars.extensions import db

    db.session.commit()

    html = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    assert "kept for 6 months after the webinar, then anonymized" in html
