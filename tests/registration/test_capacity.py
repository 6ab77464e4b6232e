"""Seats are exact: concurrent registrations and cancellations never overbook."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from tests import factories
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration import seats, service, tallies
from webinars.registration.models import Registration, RegistrationState
from webinars.registration.service import RegistrantDetails


@pytest.fixture
def app_config(app_config):
    # Mail stays in the outbox: these tests count it there.
    return {**app_config, "HUEY_IMMEDIATE": False}


def details(number: int) -> RegistrantDetails:
    return RegistrantDetails(email=f"Person{number}@Example.org", first_name="Person", last_name=str(number))


def state_counts(webinar_id: int) -> dict:
    db.session.expire_all()
    return service.counts_by_state(webinar_id)


def register_in_own_transaction(app, webinar_id: int, number: int) -> str:
    with app.app_context():
        from webinars.events.models import Webinar

        webinar = db.session.get(Webinar, webinar_id)
        try:
            service.register(webinar, details(number), "fr")
            db.session.commit()
            return "ok"
        except service.WebinarFull:
            db.session.rollback()
            return "full"
        finally:
            db.session.remove()


def test_300_concurrent_registrations_for_50_seats_confirm_exactly_50(app, clock):
    webinar = factories.make_publishable_webinar(factories.make_organization(), status=WebinarStatus.PUBLISHED, capacity=50)
    webinar_id = webinar.id
    barrier = threading.Barrier(20)

    def attempt(number):
        if number < 20:
            barrier.wait()  # the first twenty start at the very same moment
        return register_in_own_transaction(app, webinar_id, number)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(300)))

    assert results.count("ok") == 300
    counts = state_counts(webinar.id)
    assert counts[RegistrationState.CONFIRMED] == 50
    assert counts[RegistrationState.WAITLISTED] == 250
    emails = db.session.scalars(select(Registration.email).where(Registration.webinar_id == webinar.id)).all()
    assert len(emails) == len(set(emails)) == 300
    # every accepted registration has its message in the outbox
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 300


def test_without_waitlist_the_extra_registrants_are_told_it_is_full(app, clock):
    webinar = factories.make_publishable_webinar(
        factories.make_organization(), status=WebinarStatus.PUBLISHED, capacity=5, waitlist_enabled=False
    )
    webinar_id = webinar.id
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda n: register_in_own_transaction(app, webinar_id, n), range(30)))
    assert results.count("ok") == 5 and results.count("full") == 25
    assert state_counts(webinar.id)[RegistrationState.CONFIRMED] == 5
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 5


def test_cancellations_racing_each_other_promote_no_more_than_the_freed_seats(app, clock):
    webinar = factories.make_publishable_webinar(factories.make_organization(), status=WebinarStatus.PUBLISHED, capacity=10)
    for number in range(30):
        service.register(webinar, details(number), "en")
    db.session.commit()
    confirmed_ids = db.session.scalars(
        select(Registration.id).where(Registration.state == RegistrationState.CONFIRMED)
    ).all()
    assert len(confirmed_ids) == 10

    def cancel(registration_id):
        with app.app_context():
            seats.cancel_registration(db.session.get(Registration, registration_id))
            db.session.commit()
            db.session.remove()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(cancel, confirmed_ids[:6]))

    counts = state_counts(webinar.id)
    assert counts[RegistrationState.CONFIRMED] == 10
    assert counts[RegistrationState.CANCELLED] == 6
    assert counts[RegistrationState.WAITLISTED] == 14
    # the promoted are the first six of the waitlist, in registration order
    promoted = db.session.scalars(
        select(Registration.email).where(
            Registration.state == RegistrationState.CONFIRMED, Registration.id.not_in(confirmed_ids)
        ).order_by(Registration.id)
    ).all()
    assert promoted == [f"person{n}@example.org" for n in range(10, 16)]


def test_raising_the_capacity_promotes_the_head_of_the_waitlist(app, clock):
    webinar = factories.make_publishable_webinar(factories.make_organization(), status=WebinarStatus.PUBLISHED, capacity=2)
    for number in range(5):
        service.register(webinar, details(number), "fr")
    db.session.commit()
    promoted = seats.change_capacity(webinar, 4)
    db.session.commit()
    assert [r.email for r in promoted] == ["person2@example.org", "person3@example.org"]
    assert state_counts(webinar.id)[RegistrationState.CONFIRMED] == 4


def seats_look_free_before_the_lock(monkeypatch):
    """The seat count read before the webinar's lock says 0 (as when the last seat goes to another
    request between that read and the lock); the count under the lock is the real one."""
    real = service.confirmed_count
    calls = []

    def count(webinar_id):
        calls.append(webinar_id)
        return 0 if len(calls) == 1 else real(webinar_id)

    monkeypatch.setattr(service, "confirmed_count", count)


def one_seat_taken(waitlist_enabled: bool):
    webinar = factories.make_publishable_webinar(
        factories.make_organization(), status=WebinarStatus.PUBLISHED, capacity=1, waitlist_enabled=waitlist_enabled
    )
    service.register(webinar, details(1), "en")
    db.session.commit()
    return webinar


def test_a_seat_taken_between_the_guess_and_the_lock_sends_the_newcomer_to_the_waitlist(app, clock, monkeypatch):
    webinar = one_seat_taken(waitlist_enabled=True)
    seats_look_free_before_the_lock(monkeypatch)

    outcome = service.register(webinar, details(2), "en")
    db.session.commit()

    assert outcome.registration.state is RegistrationState.WAITLISTED
    assert outcome.registration.confirmed_at is None
    assert state_counts(webinar.id)[RegistrationState.CONFIRMED] == 1
    assert state_counts(webinar.id)[RegistrationState.WAITLISTED] == 1
    assert tallies.tally_of(webinar.id).counts[RegistrationState.CONFIRMED] == 1


def test_a_seat_taken_between_the_guess_and_the_lock_without_waitlist_is_refused(app, clock, monkeypatch):
    webinar = one_seat_taken(waitlist_enabled=False)
    seats_look_free_before_the_lock(monkeypatch)

    with pytest.raises(service.WebinarFull):
        service.register(webinar, details(2), "en")
    db.session.rollback()

    assert db.session.scalars(select(Registration.email).where(Registration.webinar_id == webinar.id)).all() == ["person1@example.org"]
    assert tallies.tally_of(webinar.id).counts[RegistrationState.CONFIRMED] == 1
