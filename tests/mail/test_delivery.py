"""The outbox through a real SMTP server: nothing lost, nothing sent twice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.smtp_server import SMTPServer, free_port
from webinars.extensions import db
from webinars.mail.delivery import deliver_due
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.mail.service import queue_email


def queue(to: str = "colleague@example.org", language: str = "fr") -> OutboxMessage:
    return queue_email(
        kind="invitation",
        template="invitation",
        to_address=to,
        to_name="Yassine Tazi",
        language=language,
        sender_name="APEBI — Pôle Offshoring",
        context={
            "inviter_name": "Mohamed Benabbou",
            "organization_name": "APEBI — Pôle Offshoring",
            "role_label": "organizer",
            "link": "http://localhost/invitations/abc",
            "expires_text": "2 December 2026",
        },
    )


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_committed_message_is_delivered_once_with_text_and_html(app, smtp, clock):
    message = queue()
    db.session.commit()  # the commit wakes the (immediate) worker

    [received] = smtp.received
    assert received.recipients == ["colleague@example.org"]
    assert received.sender == "webinars@apebi.example"
    mime = received.message
    assert mime["Message-ID"] == message.message_id
    assert "APEBI — Pôle Offshoring" in str(mime["From"])
    assert mime["Content-Language"] == "fr"
    assert mime.get_content_type() == "multipart/alternative"
    text = mime.get_body(("plain",)).get_content()
    html = mime.get_body(("html",)).get_content()
    assert "http://localhost/invitations/abc" in text and "http://localhost/invitations/abc" in html
    assert "Mohamed Benabbou" in text

    [row] = rows()
    assert row.status is OutboxStatus.SENT and row.attempts == 1 and row.sent_at == clock.now()
    assert deliver_due().handled == 0
    assert len(smtp.received) == 1


def test_a_rolled_back_transaction_sends_nothing(app, smtp):
    queue()
    db.session.rollback()
    assert deliver_due().handled == 0
    assert smtp.received == [] and rows() == []


def test_server_down_when_queued_then_delivered_once_when_back(app, clock):
    port = free_port()  # nothing listens here yet
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    queue()
    db.session.commit()

    [row] = rows()
    assert row.status is OutboxStatus.RETRYING
    assert row.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert "cannot reach" in row.last_error

    server = SMTPServer(port=port).start()
    try:
        assert deliver_due().handled == 0, "not due yet"
        clock.advance(minutes=1)
        assert deliver_due().sent == 1
        clock.advance(hours=1)
        assert deliver_due().handled == 0
        assert len(server.received) == 1
        assert rows()[0].status is OutboxStatus.SENT
    finally:
        server.stop()


def test_temporary_refusal_is_retried_with_backoff_then_delivered_once(app, smtp, clock):
    smtp.answer("busy@example.org", "451 4.3.0 Mailbox busy, try later", "451 4.3.0 Still busy")
    queue("busy@example.org")
    db.session.commit()
    [row] = rows()
    assert row.status is OutboxStatus.RETRYING and row.attempts == 1 and "451" in row.last_error

    clock.advance(minutes=1)
    deliver_due()
    [row] = rows()
    assert row.status is OutboxStatus.RETRYING and row.attempts == 2
    assert row.next_attempt_at == clock.now() + timedelta(minutes=2)

    clock.advance(minutes=2)
    assert deliver_due().sent == 1
    assert len(smtp.messages_to("busy@example.org")) == 1
    assert rows()[0].status is OutboxStatus.SENT


def test_permanent_refusal_marks_the_message_failed_with_the_server_answer(app, smtp, clock):
    smtp.answer("nobody@example.org", "550 5.1.1 No such user here")
    queue("nobody@example.org")
    db.session.commit()
    [row] = rows()
    assert row.status is OutboxStatus.FAILED
    assert row.last_error == "550 5.1.1 No such user here"
    clock.advance(days=1)
    assert deliver_due().handled == 0


def test_an_address_no_server_can_take_fails_for_good_and_the_rest_of_the_batch_is_sent(app, smtp, clock):
    # Forms refuse such addresses (webinars/mail/addresses.py); a row written before that, or by
    # other means, must not stop the worker's batch again and again.
    queue("léa.martin@example.org")
    queue("amina@example.org")
    db.session.commit()

    unsendable, fine = rows()
    assert unsendable.status is OutboxStatus.FAILED
    assert "léa.martin@example.org" in unsendable.last_error
    assert fine.status is OutboxStatus.SENT
    assert [m.recipients for m in smtp.received] == [["amina@example.org"]]
    clock.advance(hours=1)
    assert deliver_due().handled == 0


def test_temporary_failures_are_retried_for_two_days_then_given_up(app, clock):
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"
    queue()
    db.session.commit()
    for _ in range(60):  # hourly retries once the backoff reaches its cap
        clock.advance(hours=1)
        deliver_due()
        if rows()[0].status is OutboxStatus.FAILED:
            break
    [row] = rows()
    assert row.status is OutboxStatus.FAILED
    assert row.sent_at is None
    assert timedelta(hours=47) <= clock.now() - row.queued_at <= timedelta(hours=49)


def test_a_message_whose_worker_died_while_sending_is_sent_later(app, smtp, clock):
    message = queue()
    message.status = OutboxStatus.SENDING  # claimed by a worker that then crashed
    message.claimed_at = clock.now()
    db.session.commit()

    assert deliver_due().handled == 0, "another worker may still be sending it"
    clock.advance(minutes=11)
    assert deliver_due().sent == 1
    assert len(smtp.received) == 1


def test_a_connection_closed_between_messages_is_opened_again_and_nothing_waits(app, smtp, clock):
    # The server closes the connection when the second message starts, as an idle timeout does:
    # it has nothing of that message, which goes at once over a new connection, and so do the others.
    smtp.drop_connection(at="MAIL", message=2)
    for number in range(4):
        queue(f"registrant{number}@example.org")
    db.session.commit()

    assert [m.recipients for m in smtp.received] == [[f"registrant{number}@example.org"] for number in range(4)]
    assert [(row.status, row.attempts) for row in rows()] == [(OutboxStatus.SENT, 1)] * 4


def test_a_connection_lost_during_a_message_costs_that_message_one_retry_and_the_rest_goes_out(app, smtp, clock):
    # Lost after the message was handed over: the server may have it, so it is not sent again at once;
    # the messages after it go over a new connection instead of failing on the dead one.
    smtp.drop_connection(at="DATA", message=2)
    for number in range(4):
        queue(f"registrant{number}@example.org")
    db.session.commit()

    first, lost, *others = rows()
    assert lost.status is OutboxStatus.RETRYING and lost.attempts == 1 and "connection lost" in lost.last_error
    assert [(row.status, row.attempts) for row in (first, *others)] == [(OutboxStatus.SENT, 1)] * 3
    assert len(smtp.messages_to("registrant1@example.org")) == 0

    clock.advance(minutes=1)
    assert deliver_due().sent == 1
    assert len(smtp.messages_to("registrant1@example.org")) == 1
    assert sorted(address for m in smtp.received for address in m.recipients) == [
        f"registrant{number}@example.org" for number in range(4)
    ]

