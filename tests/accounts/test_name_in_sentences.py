"""An organization's name takes its article in French sentences: owners choose it, pages follow."""

from __future__ import annotations

from tests import factories
from webinars.extensions import db
from webinars.french import NameArticle


def test_an_owner_chooses_the_article_and_french_pages_use_it(client, auth):
    organization = factories.make_organization(name="APEBI")
    owner = factories.make_user(organization, email="owner@example.org")
    db.session.commit()
    auth.login(owner.email)

    page = client.get(f"/manage/{organization.slug}/name-in-sentences?lang=fr").get_data(as_text=True)
    assert "l&#39;APEBI — de l&#39;APEBI, à l&#39;APEBI" in page
    assert "APEBI — d&#39;APEBI, à APEBI" in page
    before = client.get(f"/manage/{organization.slug}/webinars?lang=fr").get_data(as_text=True)
    assert "Webinaires d&#39;APEBI" in before and "de APEBI" not in before

    response = client.post(
        f"/manage/{organization.slug}/name-in-sentences?lang=fr", data={"name_article": "l'"}, follow_redirects=True
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert organization.name_article is NameArticle.L
    after = client.get(f"/manage/{organization.slug}/webinars?lang=fr").get_data(as_text=True)
    assert "Webinaires de l&#39;APEBI" in after
    assert "Webinars of APEBI" in client.get(f"/manage/{organization.slug}/webinars?lang=en").get_data(as_text=True)


def test_only_owners_change_it(client, auth):
    organization = factories.make_organization(name="CRI")
    factories.make_user(organization, email="owner@example.org")
    member = factories.make_user(organization, email="member@example.org", role="organizer")
    db.session.commit()
    auth.login(member.email)
    assert client.get(f"/manage/{organization.slug}/name-in-sentences?lang=en").status_code == 200
    assert client.post(f"/manage/{organization.slug}/name-in-sentences", data={"name_article": "le"}).status_code == 403
