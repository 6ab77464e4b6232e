"""Reminders with a moved clock: due, not yet due, catch-up, too late, moved webinars, two workers."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration import service as registration_service
from webinars.registration.service import RegistrantDetails
from webinars.reminders.service import send_due_reminders


@pytest.fixture
def app_config(app_config):
    return {**app_config, "HUEY_IMMEDIATE": False}


@pytest.fixture
def webinar(app, clock):
    webinar = factories.make_publishable_webinar(
        factories.make_organization(), status=WebinarStatus.PUBLISHED, capacity=3,
        starts_at=clock.now() + timedelta(days=3), title="Offshoring régionalisé",
    )
    for number in range(4):  # three confirmed, one waitlisted
        registration_service.register(
            webinar, RegistrantDetails(email=f"r{number}@example.org", first_name="R", last_name=str(number)), "fr"
        )
    db.session.commit()
    return webinar


def reminders() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder").order_by(OutboxMessage.id)))


def test_each_offset_reminds_each_confirmed_registrant_once(webinar, clock):
    clock.set(webinar.starts_at - timedelta(days=2))
    assert send_due_reminders() == 0, "nothing is due two days before"

    clock.set(webinar.starts_at - timedelta(days=1))
    assert send_due_reminders() == 3
    assert send_due_reminders() == 0, "never twice"
    sent = reminders()
    assert sorted(m.to_address for m in sent) == ["r0@example.org", "r1@example.org", "r2@example.org"]
    # The registrant's own join page, never the platform's link (webinars/joining/).
    assert re.search(r"http://localhost/r/[A-Za-z0-9_-]{43}/join", sent[0].text_body)
    assert webinar.join_url not in sent[0].text_body and webinar.join_url not in sent[0].html_body
    assert "(heure du Maroc, UTC" in sent[0].text_body

    clock.set(webinar.starts_at - timedelta(minutes=59))
    assert send_due_reminders() == 3
    assert len(reminders()) == 6


def test_a_worker_that_was_down_sends_only_the_nearest_due_reminder(webinar, clock):
    clock.set(webinar.starts_at - timedelta(minutes=30))  # both offsets passed while down
    assert send_due_reminders() == 3
    assert send_due_reminders() == 0
    assert len(reminders()) == 3


def test_no_reminder_once_the_webinar_has_started(webinar, clock):
    clock.set(webinar.starts_at + timedelta(minutes=1))
    assert send_due_reminders() == 0
    assert reminders() == []


def test_moving_the_webinar_moves_pending_and_renews_sent_reminders(webinar, clock):
    clock.set(webinar.starts_at - timedelta(days=1))
    assert send_due_reminders() == 3
    webinar.starts_at += timedelta(days=2)
    webinar.ends_at += timedelta(days=2)
    db.session.commit()

    assert send_due_reminders() == 0, "the new start is three days away"
    clock.set(webinar.starts_at - timedelta(days=1))
    assert send_due_reminders() == 3, "a day before the new start"


def test_the_organizer_chooses_the_offsets(webinar, clock):
    webinar.reminder_minutes = "120"
    db.session.commit()
    clock.set(webinar.starts_at - timedelta(days=1))
    assert send_due_reminders() == 0
    clock.set(webinar.starts_at - timedelta(minutes=120))
    assert send_due_reminders() == 3


def test_two_workers_at_the_same_time_send_each_reminder_once(app, webinar, clock):
    clock.set(webinar.starts_at - timedelta(hours=2))

    def sweep(_):
        with app.app_context():
            count = send_due_reminders()
            db.session.remove()
            return count

    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(sweep, range(2)))
    assert sorted(counts) == [0, 3]
    assert len(reminders()) == 3


def test_a_large_webinar_is_reminded_in_batches_each_registrant_once(webinar, clock, monkeypatch):
    monkeypatch.setattr("webinars.reminders.service.BATCH_SIZE", 2)
    clock.set(webinar.starts_at - timedelta(hours=2))

    assert send_due_reminders() == 3
    assert send_due_reminders() == 0
    assert sorted(m.to_address for m in reminders()) == ["r0@example.org", "r1@example.org", "r2@example.org"]
