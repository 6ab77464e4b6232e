"""A registration's e-mail is queued by the request and written by the worker just before it is sent."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests import factories
from tests.registration.attendees import form, open_webinar, register_url, registrations
from tests.statements import recorded_statements
from webinars.extensions import db
from webinars.mail import deferred
from webinars.mail.delivery import deliver_due
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.registration import seats, service
from webinars.registration.models import RegistrationState

LINK = re.compile(r"http://localhost/r/([A-Za-z0-9_-]{43})")


@pytest.fixture
def app_config(app_config, smtp):
    # No worker wakes at commit: each test runs the delivery itself.
    return {**app_config, "HUEY_IMMEDIATE": False, "SMTP_URL": smtp.url}


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_request_queues_the_message_and_the_worker_writes_it_with_the_invite(client, clock, smtp):
    webinar = open_webinar(title="Offshoring régionalisé")

    assert client.post(register_url(webinar) + "?lang=en", data=form()).status_code == 302

    [queued] = outbox()
    assert (queued.kind, queued.to_address, queued.status) == ("received", "amina@example.org", OutboxStatus.QUEUED)
    assert queued.text_body is None and queued.link_token, "not written yet: the worker writes it"

    assert deliver_due().sent == 1

    [written] = outbox()
    assert written.link_token is None, "the token is not kept beside the message once written"
    assert "Offshoring régionalisé" in written.subject
    [token] = set(LINK.findall(written.text_body))
    assert service.registration_for_token(token).email == "amina@example.org"
    [received] = smtp.messages_to("amina@example.org")
    assert received["Subject"] == written.subject
    [invite, attached] = [part for part in received.walk() if part.get_content_type() == "text/calendar"]
    assert "METHOD:REQUEST" in invite.get_content() and attached.get_filename() == "invite.ics"


def test_a_registrant_who_cancels_before_the_message_is_written_gets_no_invite(client, clock, smtp):
    webinar = open_webinar()
    client.post(register_url(webinar) + "?lang=en", data=form())
    [registration] = registrations(webinar)
    seats.cancel_by_registrant(registration)
    db.session.commit()

    deliver_due()

    received, cancelled = smtp.messages_to("amina@example.org")
    assert not [part for part in received.walk() if part.get_content_type() == "text/calendar"]
    # They never had an invite: a plain notice, no METHOD:CANCEL for something not in their calendar.
    assert not [part for part in cancelled.walk() if part.get_content_type() == "text/calendar"]
    assert "is cancelled" in cancelled.get_body(("plain",)).get_content()
    assert registrations(webinar)[0].state is RegistrationState.CANCELLED
    assert registrations(webinar)[0].invite_sent_at is None


def test_a_message_that_cannot_be_written_fails_alone(client, clock, smtp, monkeypatch):
    webinar = open_webinar()
    client.post(register_url(webinar) + "?lang=en", data=form(email="first@example.org"))
    client.post(register_url(webinar) + "?lang=en", data=form(email="second@example.org"))
    first_id = outbox()[0].id
    write = deferred._WRITERS["registration"]

    def broken_for_the_first(message):
        if message.id == first_id:
            raise RuntimeError("template missing")
        return write(message)

    monkeypatch.setitem(deferred._WRITERS, "registration", broken_for_the_first)

    report = deliver_due()

    first, second = outbox()
    assert (report.sent, report.failed) == (1, 1)
    assert first.status is OutboxStatus.FAILED and "template missing" in first.last_error
    assert second.status is OutboxStatus.SENT
    assert [m.recipients for m in smtp.received] == [["second@example.org"]]


def test_writing_a_batch_reads_the_line_up_once_whatever_the_batch_size(client, clock):
    webinar = open_webinar()
    for number in range(3):  # a line-up and an agenda for the invites to describe
        speaker = factories.make_person(webinar.organization, f"Speaker {number}")
        factories.add_participant(webinar, speaker)
        factories.make_agenda_item(webinar, title=f"Talk {number}", speakers=[speaker])
    counts = []
    for size in (2, 10):
        for number in range(size):
            client.post(register_url(webinar) + "?lang=en", data=form(email=f"r{size}-{number}@example.org"))
        unwritten = [m for m in outbox() if m.text_body is None]
        assert len(unwritten) == size
        with recorded_statements() as statements:
            deferred.write_unwritten(unwritten)
        counts.append(len(statements))
        db.session.commit()

    assert counts[0] == counts[1], f"statements to write 2 and 10 confirmations: {counts}"


def test_when_preloading_fails_each_message_is_still_written_on_its_own(client, clock, smtp, monkeypatch):
    webinar = open_webinar()
    client.post(register_url(webinar) + "?lang=en", data=form())

    def broken(messages):
        raise RuntimeError("preloading failed")

    monkeypatch.setitem(deferred._PRELOADERS, "registration", broken)

    assert deliver_due().sent == 1
    [received] = smtp.messages_to("amina@example.org")
    assert [part for part in received.walk() if part.get_content_type() == "text/calendar"]
