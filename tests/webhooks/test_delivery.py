"""Webhooks reach a real receiver: signed per Standard Webhooks, numbered in order, retried after
errors and timeouts, never for a change that was rolled back, once each with two workers."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook

from tests import factories
from webinars.extensions import db
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.registration import seats
from webinars.registration import service as registration_service
from webinars.registration.models import RegistrationState
from webinars.webhooks.delivery import deliver_due
from webinars.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.webhooks.conftest import add_endpoint


def register(webinar, email: str, first_name: str = "Salma"):
    details = registration_service.RegistrantDetails(email=email, first_name=first_name, last_name="Alaoui")
    outcome = registration_service.register(webinar, details, "fr")
    db.session.commit()
    return outcome.registration


def test_a_registration_reaches_the_receiver_signed(endpoint, receiver, webinar):
    register(webinar, "salma@example.org")

    assert len(receiver.received) == 1
    received = receiver.received[0]
    # The receiver's own check, with the library the README recommends.
    payload = Webhook(endpoint.secret).verify(received.body, received.headers)
    assert payload["type"] == "registration.created"
    assert payload["sequence"] == 1
    assert payload["timestamp"] == "2026-11-02T09:00:00Z"
    assert payload["data"]["change"] == "confirmed"
    assert payload["data"]["registration"]["email"] == "salma@example.org"
    assert payload["data"]["webinar"]["id"] == webinar.id
    assert received.headers["webhook-id"] == payload["id"]


def test_a_wrong_secret_does_not_verify(endpoint, receiver, webinar):
    register(webinar, "salma@example.org")
    other = Webhook("whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
    with pytest.raises(Exception):
        other.verify(receiver.received[0].body, receiver.received[0].headers)


def test_state_changes_arrive_numbered_in_order(endpoint, receiver, webinar):
    first = register(webinar, "first@example.org")
    register(webinar, "second@example.org")  # the one seat is taken: waitlisted
    seats.cancel_registration(first)  # the waitlisted one is promoted
    db.session.commit()

    changes = [(p["sequence"], p["type"], p["data"]["change"], p["data"]["registration"]["email"]) for p in receiver.payloads]
    assert changes == [
        (1, "registration.created", "confirmed", "first@example.org"),
        (2, "registration.created", "waitlisted", "second@example.org"),
        (3, "registration.updated", "cancelled", "first@example.org"),
        (4, "registration.updated", "promoted", "second@example.org"),
    ]


def test_a_rolled_back_change_sends_nothing(endpoint, receiver, webinar):
    details = registration_service.RegistrantDetails(email="gone@example.org", first_name="A", last_name="B")
    registration_service.register(webinar, details, "fr")
    db.session.rollback()
    register(webinar, "kept@example.org")

    assert [p["data"]["registration"]["email"] for p in receiver.payloads] == ["kept@example.org"]
    assert receiver.payloads[0]["sequence"] == 1  # the rolled-back change took no number
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1


def test_an_organization_without_endpoints_writes_no_event(organizer, receiver, webinar):
    register(webinar, "salma@example.org")
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    assert receiver.received == []


def test_only_subscribed_events_are_sent(organizer, receiver, webinar):
    from webinars.webhooks.models import EventType

    add_endpoint(organizer.organization, receiver.url, [EventType.REGISTRATION_UPDATED])
    registration = register(webinar, "salma@example.org")
    seats.cancel_registration(registration)
    db.session.commit()
    assert [p["type"] for p in receiver.payloads] == ["registration.updated"]


def test_a_500_is_retried_with_backoff_and_each_attempt_logged(endpoint, receiver, webinar, clock):
    receiver.answers = [(500, 0, b"database down"), (503, 0, b"still down")]
    register(webinar, "salma@example.org")
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status is OutboxStatus.RETRYING
    assert delivery.next_attempt_at == clock.now().replace(minute=1)  # 60 s after the first try

    clock.advance(seconds=59)
    deliver_due()
    assert len(receiver.received) == 1  # not due yet
    clock.advance(seconds=1)
    deliver_due()
    db.session.refresh(delivery)
    assert delivery.status is OutboxStatus.RETRYING
    assert delivery.next_attempt_at == clock.now().replace(minute=3)  # then 120 s

    clock.advance(minutes=2)
    deliver_due()
    db.session.refresh(delivery)
    assert delivery.status is OutboxStatus.SENT
    attempts = db.session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id)).all()
    assert [(a.status_code, a.response_excerpt) for a in attempts] == [
        (500, "database down"), (503, "still down"), (200, "ok"),
    ]
    # The same message every time: receivers drop duplicates by webhook-id.
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1


def test_a_timeout_is_retried(endpoint, receiver, webinar, clock):
    receiver.answers = [(200, 1.5, b"too late")]
    register(webinar, "salma@example.org")
    attempt = db.session.scalar(select(WebhookAttempt))
    assert attempt.status_code is None
    assert "no answer within 0.5 s" in attempt.error

    clock.advance(minutes=1)
    deliver_due()
    assert db.session.scalar(select(WebhookDelivery.status)) is OutboxStatus.SENT


def test_a_failing_event_does_not_hold_back_later_ones(endpoint, receiver, webinar, clock):
    receiver.fail_when = lambda payload: payload["sequence"] == 1
    register(webinar, "first@example.org")
    register(webinar, "second@example.org")
    states = dict(db.session.execute(select(WebhookEvent.sequence, WebhookDelivery.status).join(WebhookDelivery.event)).all())
    assert states == {1: OutboxStatus.RETRYING, 2: OutboxStatus.SENT}

    receiver.fail_when = None
    clock.advance(minutes=1)
    deliver_due()
    assert [p["sequence"] for p in receiver.payloads] == [1, 2, 1]


def test_two_workers_deliver_each_event_once(app, organizer, receiver, webinar, clock):
    add_endpoint(organizer.organization, receiver.url)
    webinar.capacity = None
    db.session.commit()
    app.config["HUEY_IMMEDIATE"] = False  # the workers below do the sending
    app.extensions["huey"].immediate = False
    app.extensions["huey"].flush()
    for number in range(40):
        details = registration_service.RegistrantDetails(email=f"r{number}@example.org", first_name="R", last_name=str(number))
        registration_service.register(webinar, details, "fr")
    db.session.commit()
    assert receiver.received == []

    errors = []

    def worker():
        with app.app_context():
            try:
                deliver_due()
            except Exception as error:  # pragma: no cover - shown by the assertion below
                errors.append(error)

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(60)
    assert errors == []
    sequences = Counter(p["sequence"] for p in receiver.payloads)
    assert sorted(sequences) == list(range(1, 41))
    assert set(sequences.values()) == {1}, "an event was delivered twice"


def test_an_endpoint_failing_for_five_days_is_disabled_and_the_owners_told(endpoint, receiver, webinar, clock, organizer):
    receiver.default = (500, 0, b"down")
    webinar.capacity = None
    db.session.commit()
    for day in range(6):  # a registration a day, every call failing
        register(webinar, f"day{day}@example.org")
        for _ in range(4):
            clock.advance(hours=6)
            deliver_due()
    db.session.expire_all()
    disabled = db.session.get(WebhookEndpoint, endpoint.id)
    assert not disabled.enabled
    assert disabled.disabled_at - disabled.failing_since >= timedelta(days=5)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "webhook_disabled"))
    assert mail.to_address == "owner@example.org"
    assert receiver.url in mail.text_body
    assert f"/manage/{organizer.organization.slug}/webhooks/{endpoint.id}" in mail.text_body

    # Nothing more goes to a disabled endpoint.
    calls = len(receiver.received)
    clock.advance(days=1)
    deliver_due()
    assert len(receiver.received) == calls


def test_a_refused_target_is_never_called(organizer, webinar, clock):
    """An endpoint whose host came to resolve to a private address (saved before, or DNS changed) is refused at send."""
    endpoint = WebhookEndpoint(
        organization_id=organizer.organization.id, url="http://10.0.0.7/hooks", event_types="registration.created",
        secret="whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", enabled=True, language="en",
    )
    db.session.add(endpoint)
    db.session.commit()
    register(webinar, "salma@example.org")
    attempt = db.session.scalar(select(WebhookAttempt))
    assert attempt.status_code is None
    assert attempt.error.startswith("refused: 10.0.0.7 resolves to 10.0.0.7")


def test_states_for_approval_and_check_in(endpoint, receiver, organizer, clock):
    from webinars.events.models import WebinarStatus
    from webinars.registration import attendance

    webinar = factories.make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED, approval_required=True)
    registration = register(webinar, "salma@example.org")
    assert registration.state is RegistrationState.PENDING
    seats.approve(registration)
    attendance.mark_attended(registration)
    db.session.commit()
    assert [(p["type"], p["data"]["change"]) for p in receiver.payloads] == [
        ("registration.created", "pending"),
        ("registration.updated", "confirmed"),
        ("registration.updated", "checked_in"),
    ]


def test_a_redirect_is_not_followed(endpoint, receiver, webinar):
    receiver.answers = [(302, 0, b"moved")]
    register(webinar, "salma@example.org")
    assert len(receiver.received) == 1
    assert db.session.scalar(select(WebhookDelivery.status)) is OutboxStatus.RETRYING
    assert db.session.scalar(select(WebhookAttempt.status_code)) == 302


def test_payloads_go_after_30_days_once_delivered_and_with_the_registrants_data(endpoint, receiver, webinar, clock):
    from webinars.privacy import erasure, retention

    receiver.fail_when = lambda payload: payload["data"]["registration"]["email"] == "stuck@example.org"
    delivered = register(webinar, "salma@example.org")
    register(webinar, "stuck@example.org")
    clock.advance(days=31)
    retention.apply_retention(clock.now())
    remaining = db.session.scalars(select(WebhookEvent.registration_id)).all()
    assert delivered.id not in remaining and len(remaining) == 1  # the one still being retried stays

    erasure.erase_registrations(remaining, clock.now())
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    assert db.session.scalar(select(func.count()).select_from(WebhookAttempt)) == 0


def test_a_receiver_that_trickles_its_answer_is_cut_at_the_timeout(app):
    """Each byte comes within the timeout, the whole answer does not: the call still ends at 0.5 s."""
    import socket
    import time as wall_time

    from webinars.webhooks import transport

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def trickle():
        connection, _ = listener.accept()
        connection.recv(65536)
        try:
            for byte in b"HTTP/1.1 200 OK\r\n":
                connection.send(bytes([byte]))
                wall_time.sleep(0.2)
        except OSError:
            pass
        connection.close()

    threading.Thread(target=trickle, daemon=True).start()
    port = listener.getsockname()[1]
    result = transport.post(f"http://127.0.0.1:{port}/hooks", b"{}", {}, timeout=0.5)
    listener.close()
    assert result.status_code is None
    # No single step took 0.5 s (a byte every 0.2 s): only the whole call's deadline ends it.
    assert result.error == "no answer within 0.5 s"


def test_a_registrant_deleting_their_data_is_not_sent_to_the_crm(endpoint, receiver, webinar, clock):
    from webinars.privacy import erasure

    first = register(webinar, "first@example.org")
    register(webinar, "waiting@example.org")  # waitlisted: promoted when the first one's seat is freed
    erasure.delete_registrant_data(first, clock.now())
    db.session.commit()

    sent = [(p["sequence"], p["data"]["change"], p["data"]["registration"]["email"]) for p in receiver.payloads]
    assert sent == [
        (1, "confirmed", "first@example.org"),
        (2, "waitlisted", "waiting@example.org"),
        (3, "promoted", "waiting@example.org"),  # no "cancelled" naming the person who asked to be forgotten
    ]
    assert db.session.scalars(select(WebhookEvent.registration_id)).all() == [db.session.scalar(
        select(WebhookEvent.registration_id).where(WebhookEvent.sequence == 2))] * 2
