"""The README's walkthrough, through the API alone: a webinar created, its line-up built from new
people, published, someone registered; and the line-up's rules."""

from __future__ import annotations

from tests.api.helpers import webinar_body


def test_create_publish_and_register_through_the_api(api, clock):
    webinar = api.post("/webinars", json=webinar_body(capacity=50)).json
    moderator = api.post("/people", json={"full_name": "Mohamed Benabbou", "position": "Modérateur"})
    assert moderator.status_code == 201, moderator.json
    speaker = api.post("/people", json={"full_name": "Yassine Tazi", "links": ["https://example.org/yassine"]}).json
    assert speaker["links"] == ["https://example.org/yassine"]
    lineup = f"/webinars/{webinar['id']}/lineup"
    assert api.post(lineup, json={"person_id": moderator.json["id"], "role": "moderator"}).status_code == 201
    assert api.post(lineup, json={"person_id": speaker["id"], "role": "speaker"}).status_code == 201
    assert [(m["full_name"], m["role"]) for m in api.get(lineup).json["items"]] == [
        ("Mohamed Benabbou", "moderator"),
        ("Yassine Tazi", "speaker"),
    ]
    assert api.post(f"/webinars/{webinar['id']}/publish").json["status"] == "published"

    registration = api.post(
        f"/webinars/{webinar['id']}/registrations",
        json={"email": "amina@example.org", "first_name": "Amina", "last_name": "Alaoui", "consent_obtained": True},
    )
    assert registration.status_code == 201
    assert registration.json["state"] == "confirmed"
    assert [p["full_name"] for p in api.get("/people").json["items"]] == ["Mohamed Benabbou", "Yassine Tazi"]


def test_lineup_rules_come_from_the_service(api, organization, clock):
    webinar = api.post("/webinars", json=webinar_body()).json
    first = api.post("/people", json={"full_name": "First"}).json
    second = api.post("/people", json={"full_name": "Second"}).json
    lineup = f"/webinars/{webinar['id']}/lineup"
    member = api.post(lineup, json={"person_id": first["id"], "role": "moderator"}).json
    taken = api.post(lineup, json={"person_id": second["id"], "role": "moderator"})
    assert taken.status_code == 409 and "already the moderator" in taken.json["detail"]
    assert api.post(lineup, json={"person_id": 999999, "role": "speaker"}).status_code == 409
    assert api.client.delete(f"/api/v1{lineup}/{member['id']}", headers=api.headers()).status_code == 204
    assert api.get(lineup).json["items"] == []
    invalid = api.post("/people", json={"full_name": "", "email": "not an address"})
    assert invalid.status_code == 422
    assert {error["field"] for error in invalid.json["errors"]} == {"full_name", "email"}
