"""Pages of signed-in members and pages behind a personal token stay out of caches, in one rule
for every view (webinars/security.py: keep_private_pages_private)."""

from __future__ import annotations

from tests import factories
from webinars.events.models import WebinarStatus


def test_every_organizer_page_is_private_and_not_stored(organizer, client, clock):
    webinar = factories.make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED)
    pages = [
        "/manage/",
        f"/manage/{organizer.organization.slug}/webinars",
        f"/manage/{organizer.organization.slug}/members",
        f"/manage/webinars/{webinar.id}",
        f"/manage/webinars/{webinar.id}/registrations",
        f"/manage/webinars/{webinar.id}/registrations.csv",
        "/account",
        f"/webinars/{webinar.slug}",  # a public page, as a member sees it (with their sign-out form)
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), page
        assert response.headers["Cache-Control"] == "private, no-store", page


def test_assets_stay_cacheable_for_members(organizer, client):
    response = client.get("/static/app.css")

    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_public_pages_stay_cacheable_for_visitors(client, clock):
    webinar = factories.make_webinar(factories.make_organization(), status=WebinarStatus.PUBLISHED)

    response = client.get(f"/webinars/{webinar.slug}")

    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"

