"""Webhook endpoints through the API: the settings page's rules (address checks, events), the
secret, If-Match, scopes, other organizations' endpoints out of sight, deliveries and redelivery."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.api.helpers import Api, new_token
from webinars import clock as real_clock
from webinars.api_tokens.models import ApiScope
from webinars.extensions import db
from webinars.mail.models import OutboxStatus
from webinars.webhooks import events, service
from webinars.webhooks.models import EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

RECEIVER = "http://127.0.0.1:9/hooks"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"}


def endpoint_body(**overrides) -> dict:
    return {"url": RECEIVER, "event_types": ["registration.created", "webinar.published"], "description": "CRM", **overrides}


def delete(api: Api, path: str, **kwargs):
    return api.client.delete("/api/v1" + path, headers=api.headers(kwargs.pop("headers", None)), **kwargs)


def test_add_list_read_change_and_delete_an_endpoint(api):
    created = api.post("/webhooks", json=endpoint_body())
    assert created.status_code == 201, created.json
    endpoint = created.json
    assert endpoint["url"] == RECEIVER
    assert endpoint["event_types"] == ["registration.created", "webinar.published"]
    assert endpoint["enabled"] is True
    assert endpoint["secret"].startswith("whsec_")
    assert created.headers["Location"].endswith(f"/api/v1/webhooks/{endpoint['id']}")

    listed = api.get("/webhooks").json["items"]
    assert [each["id"] for each in listed] == [endpoint["id"]]
    read = api.get(f"/webhooks/{endpoint['id']}")
    assert read.json["secret"] == endpoint["secret"]  # readable, as the settings page shows it

    changed = api.patch(
        f"/webhooks/{endpoint['id']}",
        json={"event_types": ["summary.published"], "description": None},
        headers={"If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["event_types"] == ["summary.published"]
    assert changed.json["description"] is None
    assert changed.json["url"] == RECEIVER  # what was not sent stays

    stale = api.patch(f"/webhooks/{endpoint['id']}", json={"description": "Old"}, headers={"If-Match": read.headers["ETag"]})
    assert stale.status_code == 412

    disabled = api.post(f"/webhooks/{endpoint['id']}/disable")
    assert disabled.json["enabled"] is False and disabled.json["disabled_at"]
    enabled = api.post(f"/webhooks/{endpoint['id']}/enable")
    assert enabled.json["enabled"] is True and enabled.json["disabled_at"] is None

    assert delete(api, f"/webhooks/{endpoint['id']}").status_code == 204
    assert api.get(f"/webhooks/{endpoint['id']}").status_code == 404
    assert api.get("/webhooks").json["items"] == []


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.5/hooks", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/hooks", "ftp://example.org/x"],
)
def test_private_local_and_metadata_addresses_are_refused_naming_the_url(api, url):
    answer = api.post("/webhooks", json=endpoint_body(url=url))
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    assert [error["field"] for error in answer.json["errors"]] == ["url"]
    assert "cannot receive webhooks" in answer.json["errors"][0]["message"]
    assert db.session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


def test_changing_to_a_private_address_is_refused_and_nothing_changes(api):
    endpoint = api.post("/webhooks", json=endpoint_body()).json
    answer = api.patch(f"/webhooks/{endpoint['id']}", json={"url": "http://192.168.1.10/hooks"})
    assert answer.status_code == 422
    assert answer.json["errors"][0]["field"] == "url"
    assert api.get(f"/webhooks/{endpoint['id']}").json["url"] == RECEIVER


def test_the_forms_rules_apply(api):
    no_events = api.post("/webhooks", json=endpoint_body(event_types=[]))
    assert no_events.status_code == 422
    assert [error["field"] for error in no_events.json["errors"]] == ["event_types"]
    unknown = api.post("/webhooks", json=endpoint_body(event_types=["webinar.exploded"]))
    assert unknown.status_code == 422
    too_long = api.post("/webhooks", json=endpoint_body(description="x" * 301))
    assert [error["field"] for error in too_long.json["errors"]] == ["description"]
    in_french = api.post("/webhooks", json=endpoint_body(url="http://10.1.2.3/"), headers={"Accept-Language": "fr"})
    assert "webhooks" in in_french.json["errors"][0]["message"] and "privé" in in_french.json["errors"][0]["message"]


def test_a_read_token_reads_but_changes_nothing(api, client, organization):
    endpoint = api.post("/webhooks", json=endpoint_body()).json
    reader = Api(client, new_token(organization, ApiScope.READ))
    assert reader.get("/webhooks").status_code == 200
    assert reader.get(f"/webhooks/{endpoint['id']}/deliveries").status_code == 200
    assert reader.post("/webhooks", json=endpoint_body()).status_code == 403
    assert reader.patch(f"/webhooks/{endpoint['id']}", json={"description": "x"}).status_code == 403
    assert reader.post(f"/webhooks/{endpoint['id']}/disable").status_code == 403
    assert delete(reader, f"/webhooks/{endpoint['id']}").status_code == 403
    assert api.get(f"/webhooks/{endpoint['id']}").json["enabled"] is True


def test_another_organizations_endpoint_is_not_found(api, client):
    other = factories.make_organization("Autre association")
    theirs = service.add_endpoint(other, RECEIVER, ["webinar.published"], None, "fr")
    db.session.commit()
    assert api.get(f"/webhooks/{theirs.id}").status_code == 404
    assert api.patch(f"/webhooks/{theirs.id}", json={"description": "mine"}).status_code == 404
    assert api.post(f"/webhooks/{theirs.id}/disable").status_code == 404
    assert api.get(f"/webhooks/{theirs.id}/deliveries").status_code == 404
    assert delete(api, f"/webhooks/{theirs.id}").status_code == 404
    assert api.get("/webhooks").json["items"] == []
    assert db.session.get(WebhookEndpoint, theirs.id).enabled is True


def _events(organization, count: int) -> None:
    for number in range(count):
        events.record(organization.id, EventType.WEBINAR_PUBLISHED, {"webinar": {"id": number}})
        db.session.commit()


def test_deliveries_in_cursor_pages_with_attempts_and_redelivery(api, organization):
    endpoint = api.post("/webhooks", json=endpoint_body()).json
    _events(organization, 3)
    first = db.session.scalar(select(WebhookDelivery).order_by(WebhookDelivery.id))
    first.status = OutboxStatus.SENT
    first.sent_at = real_clock.now()
    db.session.add(
        WebhookAttempt(delivery_id=first.id, attempted_at=real_clock.now(), status_code=500, duration_ms=12, response_excerpt="<b>oops</b>")
    )
    db.session.commit()

    page = api.get(f"/webhooks/{endpoint['id']}/deliveries?limit=2").json
    assert [item["sequence"] for item in page["items"]] == [3, 2]
    assert page["next_cursor"]
    rest = api.get(f"/webhooks/{endpoint['id']}/deliveries?limit=2&cursor={page['next_cursor']}").json
    assert rest["next_cursor"] is None
    [sent] = rest["items"]
    assert sent["type"] == "webinar.published" and sent["status"] == "sent"
    latest = sent["attempts"][0]  # newest first (the worker may have tried the closed port before)
    assert {key: latest[key] for key in ("status_code", "duration_ms", "response_excerpt", "error")} == {
        "status_code": 500, "duration_ms": 12, "response_excerpt": "<b>oops</b>", "error": None
    }
    assert api.get(f"/webhooks/{endpoint['id']}/deliveries?cursor=nonsense").status_code == 422

    again = api.post(f"/webhooks/{endpoint['id']}/deliveries/{sent['id']}/redeliver")
    assert again.status_code == 200
    assert again.json["status"] == "queued"
    attempts = db.session.scalar(select(func.count()).select_from(WebhookAttempt).where(WebhookAttempt.delivery_id == sent["id"]))
    assert attempts == len(sent["attempts"]) + 1  # sent again (to the closed port, here)

    api.post(f"/webhooks/{endpoint['id']}/disable")
    refused = api.post(f"/webhooks/{endpoint['id']}/deliveries/{sent['id']}/redeliver")
    assert refused.status_code == 409
    assert api.post(f"/webhooks/{endpoint['id']}/deliveries/999999/redeliver").status_code == 404


def test_deleting_an_endpoint_removes_its_deliveries_but_not_another_endpoints(api, organization):
    kept = api.post("/webhooks", json=endpoint_body(description="kept")).json
    removed = api.post("/webhooks", json=endpoint_body(description="removed")).json
    _events(organization, 2)
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 4
    assert delete(api, f"/webhooks/{removed['id']}").status_code == 204
    db.session.expire_all()
    remaining = db.session.scalars(select(WebhookDelivery)).all()
    assert {delivery.endpoint_id for delivery in remaining} == {kept["id"]}
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 2  # still to be sent to the other

    assert delete(api, f"/webhooks/{kept['id']}").status_code == 204
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_an_endpoint_deleted_while_the_worker_calls_it_leaves_nothing_behind(api, organization, monkeypatch):
    from webinars.webhooks import delivery as webhook_delivery
    from webinars.webhooks import transport

    endpoint = api.post("/webhooks", json=endpoint_body()).json
    monkeypatch.setattr(transport, "post", lambda *args, **kwargs: transport.CallResult(None, 1, None, "refused"))
    _events(organization, 1)  # delivered on commit: one failed attempt, to be retried

    def deleted_meanwhile(*args, **kwargs):
        assert delete(api, f"/webhooks/{endpoint['id']}").status_code == 204
        return transport.CallResult(200, 5, "ok", None)

    monkeypatch.setattr(transport, "post", deleted_meanwhile)
    db.session.execute(WebhookDelivery.__table__.update().values(next_attempt_at=real_clock.now()))
    db.session.commit()
    report = webhook_delivery.deliver_due()
    assert report.taken_over == 1
    for table in (WebhookEndpoint, WebhookDelivery, WebhookAttempt, WebhookEvent):
        assert db.session.scalar(select(func.count()).select_from(table)) == 0
