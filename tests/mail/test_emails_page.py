"""A webinar's "E-mails" page: each message's recipient, kind and status; a failed one can be retried.

Mail goes to the real SMTP server of tests/mail/conftest.py, delivered at commit.
"""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.statements import recorded_statements
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.mail.service import queue_email

CONTEXT = {
    "inviter_name": "Mohamed Benabbou",
    "organization_name": "Test Organization",
    "role_label": "organizer",
    "link": "http://localhost/r/abc",
    "expires_text": "2 December 2026",
}


@pytest.fixture
def webinar(organizer, clock):
    return factories.make_webinar(organizer.organization, timezone="Europe/Paris", status=WebinarStatus.PUBLISHED)


def queue(webinar, to: str = "ghost@example.org", kind: str = "received", name: str | None = None) -> OutboxMessage:
    return queue_email(
        kind=kind,
        template="invitation",
        to_address=to,
        to_name=name,
        language="en",
        context=CONTEXT,
        sender_name=webinar.organization.name,
        organization_id=webinar.organization_id,
        webinar_id=webinar.id,
    )


def emails_page(client, webinar, **query) -> str:
    response = client.get(f"/manage/webinars/{webinar.id}/emails", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def row_of(page: str, message: OutboxMessage) -> str:
    return page.split(f'id="email-{message.id}"', 1)[1].split("</tr>", 1)[0]


def count_shown(page: str, label: str) -> int:
    return int(re.search(rf'<span class="email-count">(\d+)</span> {label}', page).group(1))


def status_of(message: OutboxMessage) -> OutboxStatus:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message.id).status


def test_permanent_failure_shows_the_reason_and_retry_delivers_once(client, webinar, smtp):
    smtp.answer("ghost@example.org", "550 5.1.1 No such user")
    message = queue(webinar, name="Yassine Tazi")
    db.session.commit()

    page = emails_page(client, webinar)
    row = row_of(page, message)
    assert "Yassine Tazi &lt;ghost@example.org&gt;" in row
    assert "Registration confirmation" in row
    assert "Failed" in row and "550 5.1.1 No such user" in row
    assert count_shown(page, "Failed") == 1 and count_shown(page, "Sent") == 0
    assert f"/manage/webinars/{webinar.id}/emails/{message.id}/retry" in row
    assert smtp.received == []

    response = client.post(f"/manage/webinars/{webinar.id}/emails/{message.id}/retry")

    assert response.status_code == 302 and response.headers["Location"] == f"/manage/webinars/{webinar.id}/emails"
    assert len(smtp.messages_to("ghost@example.org")) == 1
    assert status_of(message) is OutboxStatus.SENT
    page = emails_page(client, webinar)
    row = row_of(page, message)
    assert "Sent at" in row and "550" not in row and "/retry" not in row
    assert count_shown(page, "Sent") == 1 and count_shown(page, "Failed") == 0

    again = client.post(f"/manage/webinars/{webinar.id}/emails/{message.id}/retry", follow_redirects=True)
    assert "Only a failed message can be retried." in again.get_data(as_text=True)
    assert len(smtp.messages_to("ghost@example.org")) == 1


def test_retrying_message_shows_attempt_next_time_in_the_webinars_zone_and_error(client, webinar, smtp, clock):
    smtp.answer("ghost@example.org", "451 4.3.0 Try again later")
    message = queue(webinar)
    db.session.commit()

    page = emails_page(client, webinar)
    row = row_of(page, message)

    assert "Times: France time." in page and 'title="Europe/Paris"' in page
    # Queued at 09:00 UTC, retried a minute later: 10:00 and 10:01 in Paris (UTC+1 in November).
    assert "Retrying — attempt 1 failed; next attempt at" in row and "10:01" in row
    assert "10:00" in row and "(UTC+1)" in row and "09:00" not in row
    assert "451 4.3.0 Try again later" in row
    assert "/retry" not in row, "a retrying message is retried by the worker, not by hand"
    assert count_shown(page, "Retrying") == 1


def test_kinds_are_named_and_unknown_ones_shown_as_stored(client, webinar):
    reminder = queue(webinar, "a@example.org", kind="reminder")
    promoted = queue(webinar, "b@example.org", kind="promoted")
    mystery = queue(webinar, "c@example.org", kind="mystery_kind")
    db.session.commit()

    page = emails_page(client, webinar)

    assert "Reminder" in row_of(page, reminder)
    assert "Waitlist promotion" in row_of(page, promoted)
    assert "mystery_kind" in row_of(page, mystery)
    assert count_shown(page, "Sent") == 3


def test_newest_first_fifty_a_page_without_reading_bodies(client, webinar, clock):
    messages = []
    for number in range(51):
        messages.append(queue(webinar, f"registrant{number}@example.org"))
        clock.advance(minutes=1)
    db.session.commit()

    with recorded_statements() as statements:
        first = emails_page(client, webinar)
    outbox_statements = [statement for statement in statements if "outbox_messages" in statement]
    second = emails_page(client, webinar, page=2)

    assert first.count('id="email-') == 50
    assert first.index("registrant50@") < first.index("registrant49@") < first.index("registrant1@")
    assert "registrant0@" not in first and "Page 1 of 2" in first
    assert second.count('id="email-') == 1 and "registrant0@" in second
    assert count_shown(first, "Sent") == 51
    assert client.get(f"/manage/webinars/{webinar.id}/emails?page=3").status_code == 404
    assert outbox_statements and not any("text_body" in s or "html_body" in s for s in outbox_statements)


def test_page_is_reached_from_the_webinar_tabs(client, webinar):
    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert f'href="/manage/webinars/{webinar.id}/emails"' in overview
    assert "No e-mail about this webinar yet." in emails_page(client, webinar)


def test_outsider_gets_404_and_cannot_retry(app, client, auth, webinar, smtp):
    smtp.answer("ghost@example.org", "550 5.1.1 No such user")
    message = queue(webinar)
    db.session.commit()
    auth.logout()
    outsider = factories.make_user(factories.make_organization(), email="outsider@example.org")
    auth.login(outsider.email)

    assert client.get(f"/manage/webinars/{webinar.id}/emails").status_code == 404
    assert client.post(f"/manage/webinars/{webinar.id}/emails/{message.id}/retry").status_code == 404
    assert status_of(message) is OutboxStatus.FAILED and smtp.received == []


def test_a_message_is_retried_only_through_its_own_webinar(client, organizer, webinar, smtp):
    smtp.answer("ghost@example.org", "550 5.1.1 No such user")
    message = queue(webinar)
    db.session.commit()
    other = factories.make_webinar(organizer.organization, title="Another webinar")

    assert client.post(f"/manage/webinars/{other.id}/emails/{message.id}/retry").status_code == 404
    assert client.post(f"/manage/webinars/{webinar.id}/emails/999999/retry").status_code == 404
    assert status_of(message) is OutboxStatus.FAILED
    assert "No e-mail about this webinar yet." in emails_page(client, other), "each webinar lists only its own"
