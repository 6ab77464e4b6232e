"""Webinars through the API: the form's rules and messages, the lifecycle, ETag and If-Match,
Idempotency-Key, problem details for every error."""

from __future__ import annotations

from sqlalchemy import func, select

from tests import factories
from tests.api.helpers import webinar_body
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.people.models import ParticipationRole


def test_create_a_draft_in_utc_with_its_zone(api, clock):
    response = api.post("/webinars", json=webinar_body(reminder_minutes=[60, 1440]))
    assert response.status_code == 201, response.json
    webinar = response.json
    assert webinar["status"] == "draft"
    assert webinar["timezone"] == "Africa/Casablanca"
    assert webinar["starts_at"] == "2026-12-18T09:00:00+00:00"
    assert webinar["ends_at"] == "2026-12-18T11:00:00+00:00"
    assert webinar["reminder_minutes"] == [1440, 60]
    assert response.headers["Location"] == f"/api/v1/webinars/{webinar['id']}"
    assert api.get(f"/webinars/{webinar['id']}").json == webinar


def test_invalid_fields_are_named_with_the_forms_messages(api):
    response = api.post(
        "/webinars",
        json=webinar_body(
            title="Bad\x07title",
            timezone="Mars/Olympus",
            join_url="http://insecure.example.org",
            reminder_minutes=[20000],
        ),
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    fields = {error["field"] for error in response.json["errors"]}
    assert {"title", "timezone", "join_url", "reminder_minutes"} <= fields
    assert db.session.scalar(select(func.count()).select_from(Webinar)) == 0


def test_a_missing_field_and_a_wrong_type_are_named_too(api):
    response = api.post("/webinars", json={"title": "No times", "timezone": "UTC", "capacity": "many"})
    assert response.status_code == 422
    fields = {error["field"] for error in response.json["errors"]}
    assert {"starts_at", "ends_at", "capacity"} <= fields


def test_the_end_on_another_day_is_refused_as_on_the_form(api):
    response = api.post("/webinars", json=webinar_body(ends_at="2026-12-19T13:00:00+01:00"))
    assert response.status_code == 422
    assert [error["field"] for error in response.json["errors"]] == ["ends_at"]


def test_messages_follow_accept_language(api):
    response = api.post("/webinars", json=webinar_body(title=""), headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    assert response.json["errors"][0]["message"] == "Donnez un titre au webinaire."


def test_list_filters_by_status_and_date(api, organization, clock):
    draft = factories.make_webinar(organization, title="Draft")
    published = factories.make_webinar(organization, title="Published", status=WebinarStatus.PUBLISHED)
    later = factories.make_webinar(organization, title="Later", starts_at=factories.utc(2027, 3, 1, 9))
    assert [w["id"] for w in api.get("/webinars?status=published").json["items"]] == [published.id]
    ids = [w["id"] for w in api.get("/webinars", query_string={"starts_after": "2027-01-01T00:00:00Z"}).json["items"]]
    assert ids == [later.id]
    assert {w["id"] for w in api.get("/webinars").json["items"]} == {draft.id, published.id, later.id}
    assert api.get("/webinars?status=archived").status_code == 422


def test_publish_says_what_is_missing_then_publishes_and_cancels(api, organization, clock):
    webinar_id = api.post("/webinars", json=webinar_body()).json["id"]
    refused = api.post(f"/webinars/{webinar_id}/publish")
    assert refused.status_code == 409
    assert "moderator" in refused.json["detail"]

    webinar = db.session.get(Webinar, webinar_id)
    factories.add_participant(webinar, factories.make_person(organization, "Mohamed"), ParticipationRole.MODERATOR)
    factories.add_participant(webinar, factories.make_person(organization, "Yassine"))
    published = api.post(f"/webinars/{webinar_id}/publish")
    assert published.status_code == 200, published.json
    assert published.json["status"] == "published"
    assert api.post(f"/webinars/{webinar_id}/publish").status_code == 409
    assert api.post(f"/webinars/{webinar_id}/cancel").json["status"] == "cancelled"

    copy = api.post(f"/webinars/{webinar_id}/duplicate")
    assert copy.status_code == 201
    assert copy.json["status"] == "draft" and copy.json["title"] == published.json["title"]


def test_update_changes_only_what_is_sent_and_honours_if_match(api):
    created = api.post("/webinars", json=webinar_body())
    webinar_id, etag = created.json["id"], created.headers["ETag"]
    read = api.get(f"/webinars/{webinar_id}")
    assert read.headers["ETag"] == etag
    assert api.get(f"/webinars/{webinar_id}", headers={"If-None-Match": etag}).status_code == 304

    changed = api.patch(f"/webinars/{webinar_id}", json={"title": "New title"}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.json
    assert changed.json["title"] == "New title" and changed.json["starts_at"] == read.json["starts_at"]
    assert changed.headers["ETag"] != etag

    stale = api.patch(f"/webinars/{webinar_id}", json={"title": "Lost update"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    assert api.get(f"/webinars/{webinar_id}").json["title"] == "New title"


def test_a_retried_create_with_the_same_idempotency_key_returns_the_first_result(api):
    headers = {"Idempotency-Key": "create-offshoring-1"}
    first = api.post("/webinars", json=webinar_body(), headers=headers)
    again = api.post("/webinars", json=webinar_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert db.session.scalar(select(func.count()).select_from(Webinar)) == 1

    other = api.post("/webinars", json=webinar_body(title="Another"), headers=headers)
    assert other.status_code == 422
    assert api.post("/webinars", json=webinar_body(), headers={"Idempotency-Key": "another-key"}).status_code == 201
    assert db.session.scalar(select(func.count()).select_from(Webinar)) == 2


def test_a_refused_request_is_not_stored_under_its_key(api):
    headers = {"Idempotency-Key": "retry-after-fixing"}
    assert api.post("/webinars", json=webinar_body(title=""), headers=headers).status_code == 422
    assert api.post("/webinars", json=webinar_body(title=""), headers=headers).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Webinar)) == 0


def test_keys_are_kept_24_hours(api, clock):
    headers = {"Idempotency-Key": "daily"}
    first = api.post("/webinars", json=webinar_body(), headers=headers)
    clock.advance(hours=25)
    second = api.post("/webinars", json=webinar_body(), headers=headers)
    assert second.status_code == 201 and second.json["id"] != first.json["id"]


def test_unknown_addresses_and_methods_answer_problem_details(api):
    missing = api.get("/nothing-here")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert api.get("/webinars/999999").json["status"] == 404
    not_allowed = api.client.delete("/api/v1/webinars", headers=api.headers())
    assert not_allowed.status_code == 405 and not_allowed.mimetype == "application/problem+json"
    assert "GET" in not_allowed.headers["Allow"]
    broken = api.client.post("/api/v1/webinars", data="{not json", headers=api.headers({"Content-Type": "application/json"}))
    assert broken.status_code in (400, 422) and broken.mimetype == "application/problem+json"


def test_the_html_pages_keep_their_html_error_pages(client, organization):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_the_apis_own_details_follow_accept_language_too(api):
    missing = api.get("/webinars/999999", headers={"Accept-Language": "fr"})
    assert missing.json["detail"] == "Aucun webinaire de votre organisation n'a cet identifiant."
