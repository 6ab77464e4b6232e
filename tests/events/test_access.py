"""Only members of the webinar's organization reach its organizer pages; others get 404 and change nothing."""

from __future__ import annotations

import pytest

from tests.events.helpers import reload, webinar_count, webinar_form
from tests.factories import make_organization, make_partner, make_publishable_webinar, make_user
from webinars.events.models import WebinarStatus


@pytest.fixture
def other_organization_webinar(app, clock):
    organization = make_organization(name="Victim Federation")
    webinar = make_publishable_webinar(organization, title="Private plans", status=WebinarStatus.PUBLISHED)
    partner = make_partner(webinar)
    return webinar, partner


def event_routes(webinar, partner) -> list[tuple[str, str]]:
    org, w, p = webinar.organization.slug, webinar.id, partner.id
    return [
        ("GET", f"/manage/{org}/webinars"),
        ("GET", f"/manage/{org}/webinars/new"),
        ("POST", f"/manage/{org}/webinars/new"),
        ("GET", f"/manage/webinars/{w}"),
        ("GET", f"/manage/webinars/{w}/edit"),
        ("POST", f"/manage/webinars/{w}/edit"),
        ("POST", f"/manage/webinars/{w}/publish"),
        ("POST", f"/manage/webinars/{w}/unpublish"),
        ("GET", f"/manage/webinars/{w}/cancel"),
        ("POST", f"/manage/webinars/{w}/cancel"),
        ("POST", f"/manage/webinars/{w}/duplicate"),
        ("GET", f"/manage/webinars/{w}/partners"),
        ("POST", f"/manage/webinars/{w}/partners"),
        ("POST", f"/manage/webinars/{w}/partners/{p}/delete"),
        ("POST", f"/manage/webinars/{w}/partners/{p}/move/up"),
    ]


def test_another_organizations_organizer_gets_404_on_every_route(client, organizer, other_organization_webinar):
    webinar, partner = other_organization_webinar

    for method, path in event_routes(webinar, partner):
        response = client.open(path, method=method, data=webinar_form(title="Hacked"))
        assert response.status_code == 404, f"{method} {path}"
        assert "Private plans" not in response.get_data(as_text=True)

    webinar = reload(webinar)
    assert webinar.title == "Private plans"
    assert webinar.status is WebinarStatus.PUBLISHED
    assert len(webinar.partners) == 1
    assert webinar_count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, other_organization_webinar):
    webinar, partner = other_organization_webinar

    for method, path in event_routes(webinar, partner):
        response = client.open(path, method=method)
        assert response.status_code == 302, f"{method} {path}"
        assert "/login" in response.headers["Location"]


def test_any_member_of_the_organization_may_organize(client, auth, other_organization_webinar):
    from webinars.accounts.models import Role

    webinar, _ = other_organization_webinar
    colleague = make_user(webinar.organization, email="colleague@example.org", role=Role.ORGANIZER)
    auth.login(colleague.email)

    assert client.get(f"/manage/webinars/{webinar.id}").status_code == 200
    assert client.get(f"/manage/{webinar.organization.slug}/webinars").status_code == 200


def test_a_missing_webinar_is_404(client, organizer):
    assert client.get("/manage/webinars/999999").status_code == 404
