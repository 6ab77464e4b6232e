"""Registrations through the API: added as the organizer's "Add a registrant" does (seats,
waitlist, duplicates, consent, required questions), cursor pages, state changes, check-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests import factories
from tests.registration.attendees import add_question, open_webinar
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration.models import QuestionKind, Registration, RegistrationState


def person(**overrides) -> dict:
    body = {
        "email": "amina@example.org",
        "first_name": "Amina",
        "last_name": "Alaoui",
        "affiliation": "CRI Fès-Meknès",
        "country": "MA",
        "consent_obtained": True,
    }
    body.update(overrides)
    return body


def test_register_someone_confirmed_then_waitlisted_when_full(api, organization, clock):
    webinar = open_webinar(organization, capacity=1)
    first = api.post(f"/webinars/{webinar.id}/registrations", json=person())
    assert first.status_code == 201, first.json
    assert first.json["state"] == "confirmed" and first.json["email"] == "amina@example.org"
    assert db.session.scalars(select(OutboxMessage)).all(), "the confirmation is mailed as from the page"

    second = api.post(f"/webinars/{webinar.id}/registrations", json=person(email="karim@example.org"))
    assert second.json["state"] == "waitlisted"
    again = api.post(f"/webinars/{webinar.id}/registrations", json=person(email="AMINA@example.org"))
    assert again.status_code == 409
    assert "already registered" in again.json["detail"]


def test_no_seat_and_no_waitlist_is_409(api, organization, clock):
    webinar = open_webinar(organization, capacity=1, waitlist_enabled=False)
    factories.make_registration(webinar)
    response = api.post(f"/webinars/{webinar.id}/registrations", json=person())
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"


def test_consent_address_and_required_questions_are_checked(api, organization, clock):
    webinar = open_webinar(organization)
    question = add_question(webinar, "Your sector?", QuestionKind.SINGLE_CHOICE, required=True, choices=["IT", "BPO"])
    response = api.post(
        f"/webinars/{webinar.id}/registrations",
        json=person(email="léa@example.org", consent_obtained=False),
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json["errors"]}
    assert fields == {"email", "consent_obtained", f"answers.{question.id}"}

    listed = api.get(f"/webinars/{webinar.id}/questions").json["items"]
    assert [(q["id"], q["kind"], q["required"], q["choices"]) for q in listed] == [
        (question.id, "single_choice", True, ["IT", "BPO"])
    ]
    chosen = api.post(f"/webinars/{webinar.id}/registrations", json=person(answers={str(question.id): ["BPO"]}))
    assert chosen.status_code == 201, chosen.json
    assert chosen.json["answers"] == {str(question.id): ["BPO"]}


def test_a_draft_takes_no_registration(api, organization, clock):
    webinar = factories.make_publishable_webinar(organization)
    assert api.post(f"/webinars/{webinar.id}/registrations", json=person()).status_code == 409


def test_cursor_pages_and_filters(api, organization, clock):
    webinar = open_webinar(organization)
    made = [factories.make_registration(webinar) for _ in range(5)]
    factories.make_registration(webinar, state=RegistrationState.WAITLISTED)
    seen, cursor = [], None
    while True:
        page = api.get(f"/webinars/{webinar.id}/registrations", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200
        seen += [item["id"] for item in page.json["items"]]
        cursor = page.json["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 6 and seen == sorted(seen)
    confirmed = api.get(f"/webinars/{webinar.id}/registrations?state=confirmed").json["items"]
    assert [item["id"] for item in confirmed] == [registration.id for registration in made]

    clock.advance(hours=1)
    made[0].city = "Fès"
    db.session.commit()
    since = (clock.now() - timedelta(minutes=1)).isoformat()
    changed = api.get(f"/webinars/{webinar.id}/registrations", query_string={"updated_since": since}).json["items"]
    assert [item["id"] for item in changed] == [made[0].id]
    assert api.get(f"/webinars/{webinar.id}/registrations?cursor=garbage!").status_code == 422


def test_approve_reject_cancel_and_check_in(api, organization, clock):
    webinar = open_webinar(organization, capacity=1)
    pending = factories.make_registration(webinar, state=RegistrationState.PENDING)
    waiting = factories.make_registration(webinar, state=RegistrationState.WAITLISTED)
    url = f"/webinars/{webinar.id}/registrations"

    approved = api.patch(f"{url}/{pending.id}", json={"state": "confirmed"})
    assert approved.status_code == 200, approved.json
    assert approved.json["state"] == "confirmed"
    assert api.patch(f"{url}/{waiting.id}", json={"state": "confirmed"}).status_code == 409  # no seat free
    assert api.patch(f"{url}/{pending.id}", json={"state": "rejected"}).status_code == 409

    checked_in = api.post(f"{url}/{pending.id}/check-in")
    assert checked_in.json["attended"] is True

    cancelled = api.post(f"{url}/{pending.id}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json["registration"]["state"] == "cancelled"
    assert cancelled.json["promoted"] == [waiting.id]
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).state is RegistrationState.CONFIRMED
    assert api.post(f"{url}/{pending.id}/cancel").status_code == 409


def test_if_match_on_a_registration(api, organization, clock):
    webinar = open_webinar(organization)
    registration = factories.make_registration(webinar, state=RegistrationState.PENDING)
    url = f"/webinars/{webinar.id}/registrations/{registration.id}"
    etag = api.get(url).headers["ETag"]
    registration.city = "Rabat"
    db.session.commit()
    assert api.patch(url, json={"state": "confirmed"}, headers={"If-Match": etag}).status_code == 412
    fresh = api.get(url).headers["ETag"]
    assert api.patch(url, json={"state": "confirmed"}, headers={"If-Match": fresh}).status_code == 200


def test_a_retried_registration_with_its_key_registers_once(api, organization, clock):
    webinar = open_webinar(organization)
    headers = {"Idempotency-Key": "register-amina"}
    first = api.post(f"/webinars/{webinar.id}/registrations", json=person(), headers=headers)
    again = api.post(f"/webinars/{webinar.id}/registrations", json=person(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert len(db.session.scalars(select(Registration)).all()) == 1
