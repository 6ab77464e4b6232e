"""The owners' webhooks pages: adding an endpoint, its secret, its deliveries, and who may see them."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from tests import factories
from tests.webhooks.conftest import add_endpoint
from tests.webhooks.test_delivery import register
from webinars.accounts.models import Role
from webinars.extensions import db
from webinars.webhooks.models import WebhookEndpoint


def test_the_dashboard_links_to_the_webhooks_page(client, organizer):
    page = client.get(f"/manage/{organizer.organization.slug}/webinars").get_data(as_text=True)
    assert f"/manage/{organizer.organization.slug}/webhooks" in page


def test_an_owner_adds_an_endpoint_and_sees_its_secret(client, organizer, receiver):
    slug = organizer.organization.slug
    response = client.post(
        f"/manage/{slug}/webhooks",
        data={"url": receiver.url, "event_types": ["registration.created", "webinar.published"], "description": "CRM"},
    )
    endpoint = db.session.scalar(select(WebhookEndpoint))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/{slug}/webhooks/{endpoint.id}")
    assert endpoint.subscribed == ["registration.created", "webinar.published"]
    assert endpoint.secret.startswith("whsec_")
    page = client.get(f"/manage/{slug}/webhooks/{endpoint.id}").get_data(as_text=True)
    assert endpoint.secret in page
    assert "webhook-signature" in page
    assert receiver.url in client.get(f"/manage/{slug}/webhooks").get_data(as_text=True)


def test_an_endpoint_needs_an_event(client, organizer, receiver):
    response = client.post(f"/manage/{organizer.organization.slug}/webhooks", data={"url": receiver.url})
    assert response.status_code == 422
    assert "Choose at least one event." in response.get_data(as_text=True)


def test_private_loopback_and_metadata_addresses_are_refused_when_saved(client, organizer):
    for url in ("http://localhost:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x"):
        response = client.post(
            f"/manage/{organizer.organization.slug}/webhooks", data={"url": url, "event_types": ["registration.created"]}
        )
        assert response.status_code == 422, url
        assert "This address cannot receive webhooks" in response.get_data(as_text=True)
    assert db.session.scalar(select(WebhookEndpoint)) is None


def test_another_organizations_member_gets_404_and_an_organizer_403(client, auth, organizer, receiver):
    endpoint = add_endpoint(organizer.organization, receiver.url)
    other = factories.make_organization()
    factories.make_user(other, email="other@example.org")
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/manage/{organizer.organization.slug}/webhooks").status_code == 404
    assert client.get(f"/manage/{other.slug}/webhooks/{endpoint.id}").status_code == 404
    assert client.post(f"/manage/{other.slug}/webhooks/{endpoint.id}/disable").status_code == 404

    factories.make_user(organizer.organization, email="organizer@example.org", role=Role.ORGANIZER)
    auth.logout()
    auth.login("organizer@example.org")
    assert client.get(f"/manage/{organizer.organization.slug}/webhooks").status_code == 403


def test_the_receivers_answer_is_shown_as_text_never_as_html(client, organizer, receiver, clock):
    from webinars.events.models import WebinarStatus

    receiver.answers = [(500, 0, b"<script>alert('x')</script><b>oops</b>")]
    endpoint = add_endpoint(organizer.organization, receiver.url)
    register(factories.make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED), "salma@example.org")
    page = client.get(f"/manage/{organizer.organization.slug}/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;oops&lt;/b&gt;" in page
    assert "<script>alert" not in page
    assert "HTTP 500" in page


def test_an_event_is_sent_again_by_hand(client, organizer, receiver, clock):
    from webinars.events.models import WebinarStatus

    endpoint = add_endpoint(organizer.organization, receiver.url)
    register(factories.make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED), "salma@example.org")
    delivery_id = db.session.scalar(select(WebhookEndpoint.id))  # one endpoint, one delivery: both number 1
    response = client.post(f"/manage/{organizer.organization.slug}/webhooks/{endpoint.id}/deliveries/{delivery_id}/redeliver")
    assert response.status_code == 302
    assert len(receiver.received) == 2
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]


def test_a_disabled_endpoint_gets_nothing_until_enabled(client, organizer, receiver, clock):
    from webinars.events.models import WebinarStatus

    endpoint = add_endpoint(organizer.organization, receiver.url)
    slug = organizer.organization.slug
    webinar = factories.make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED)
    client.post(f"/manage/{slug}/webhooks/{endpoint.id}/disable")
    register(webinar, "first@example.org")
    assert receiver.received == []
    assert "Disabled" in client.get(f"/manage/{slug}/webhooks/{endpoint.id}").get_data(as_text=True)
    client.post(f"/manage/{slug}/webhooks/{endpoint.id}/enable")
    register(webinar, "second@example.org")
    assert [p["data"]["registration"]["email"] for p in receiver.payloads] == ["second@example.org"]


def test_publishing_updating_and_cancelling_a_webinar_are_sent(client, organizer, receiver, clock):
    from webinars.events import service as events

    add_endpoint(organizer.organization, receiver.url)
    webinar = factories.make_publishable_webinar(organizer.organization)
    events.publish(webinar)
    db.session.commit()
    events.update_webinar(webinar, dataclasses.replace(events.details_of(webinar), title="Offshoring in 2027"))
    db.session.commit()
    events.cancel(webinar)
    db.session.commit()
    assert [(p["type"], p["data"]["webinar"]["title"], p["data"]["webinar"]["status"]) for p in receiver.payloads] == [
        ("webinar.published", "Offshoring after Covid", "published"),
        ("webinar.updated", "Offshoring in 2027", "published"),
        ("webinar.cancelled", "Offshoring in 2027", "cancelled"),
    ]
    assert receiver.payloads[0]["data"]["webinar"]["url"] == f"http://localhost/webinars/{webinar.slug}"


def test_organizers_see_no_webhooks_link(client, auth, organizer):
    factories.make_user(organizer.organization, email="organizer@example.org", role=Role.ORGANIZER)
    auth.logout()
    auth.login("organizer@example.org")
    page = client.get(f"/manage/{organizer.organization.slug}/webinars").get_data(as_text=True)
    assert f"/manage/{organizer.organization.slug}/webhooks" not in page
