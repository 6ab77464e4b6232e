"""On /r/<token>: "download my data" (JSON, everything held, never a token) and "delete my registration
and data" (a confirmation, the seat freed, nothing sent, final)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.privacy.scenario import (
    ANSWER,
    EMAIL,
    FIRST_NAME,
    REPORT_EMAIL,
    register,
    registrant_everywhere,
    upcoming_webinar,
)
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.personal_links.models import PersonalLink
from webinars.privacy.models import ErasureRecord, ErasureRequester
from webinars.registration.models import Registration, RegistrationState
from webinars.registration.tallies import tally_of
from webinars.tokens import hash_token


@pytest.fixture
def webinar(app, clock):
    return upcoming_webinar(capacity=1)


def reload(registration: Registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def test_the_personal_page_offers_both(client, webinar):
    _registration, token = register(webinar)

    html = client.get(f"/r/{token}?lang=en").get_data(as_text=True)

    assert f'href="/r/{token}/my-data.json"' in html and "Download my data (JSON)" in html
    assert f'href="/r/{token}/delete"' in html and "Delete my registration and data" in html


# --- Download my data -----------------------------------------------------------------------------


def test_the_download_holds_everything_about_the_registration(client, webinar, clock):
    registration, token = registrant_everywhere(webinar, clock)
    hashes = db.session.scalars(select(PersonalLink.token_hash).where(PersonalLink.registration_id == registration.id)).all()

    response = client.get(f"/r/{token}/my-data.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="my-registration-{webinar.slug}.json"'
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    body = response.get_data(as_text=True)
    data = json.loads(body)["data"]
    [held] = data["registrations"]
    assert (held["email"], held["first_name"], held["city"], held["state"]) == (EMAIL, FIRST_NAME, "Fès", "confirmed")
    assert (held["attended"], held["minutes_in_session"]) == (True, 95)
    assert {"question": "Votre activité", "answer": ANSWER} in data["answers"]
    kinds = [message["kind"] for message in data["messages"]]
    assert kinds == ["received", "reminder", "follow_up"]
    assert all(message["to_address"] == EMAIL for message in data["messages"])
    # The confirmation's link and the reminder's (it links the join page): both still work.
    assert [link["revoked_at"] for link in data["personal_links"]] == [None, None]
    assert data["personal_links"][0]["created_at"].startswith("2026-11-02")
    # The day-before reminder was skipped (its time had passed when the sweep ran), the hour-before one sent.
    assert [(reminder["minutes_before"], reminder["sent"]) for reminder in data["reminders"]] == [(1440, False), (60, True)]
    assert [follow_up["kind"] for follow_up in data["follow_ups"]] == ["thanks"]
    assert [row["email"] for row in data["attendance_report_rows"]] == [REPORT_EMAIL]
    # Never a token nor its hash: the links in the e-mails' text are cut out.
    assert token not in body and not any(digest in body for digest in hashes)
    assert "/r/…" in data["messages"][0]["text_body"]


def test_only_a_working_link_downloads(client, webinar):
    register(webinar)

    assert client.get("/r/" + "x" * 43 + "/my-data.json").status_code == 404


# --- Delete my registration and data ---------------------------------------------------------------


def test_a_confirmation_page_comes_first(client, webinar):
    registration, token = register(webinar)

    response = client.get(f"/r/{token}/delete?lang=en")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "This cannot be undone." in html
    assert "Yes, delete my registration and data" in html
    assert not reload(registration).is_anonymized


def test_deleting_frees_the_seat_sends_nothing_and_is_final(client, webinar, mail_via_smtp):
    registration, token = register(webinar)
    waiting, _waiting_token = register(webinar, "waiting@example.org", first_name="Wassim", last_name="Attente")
    assert reload(waiting).state is RegistrationState.WAITLISTED
    mails_before = len(mail_via_smtp.messages_to(EMAIL))

    response = client.post(f"/r/{token}/delete")

    assert response.status_code == 302 and response.headers["Location"] == "/registration/deleted"
    registration = reload(registration)
    assert registration.is_anonymized and registration.first_name == "" and EMAIL not in registration.email
    assert registration.state is RegistrationState.CANCELLED
    assert reload(waiting).state is RegistrationState.CONFIRMED, "the waitlist moves up as after a cancellation"
    assert len(mail_via_smtp.messages_to("waiting@example.org")) == 2, "registered, then promoted"
    assert len(mail_via_smtp.messages_to(EMAIL)) == mails_before, "no cancellation notice, nothing"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.to_address == EMAIL)) == 0
    # Final: the link is gone, there is nothing to undo.
    assert client.get(f"/r/{token}").status_code == 404
    assert client.post(f"/r/{token}/delete").status_code == 404
    assert db.session.scalar(select(PersonalLink).where(PersonalLink.token_hash == hash_token(token))) is None
    [record] = db.session.scalars(select(ErasureRecord)).all()
    assert record.requested_by is ErasureRequester.REGISTRANT and record.erased["registrations"] == 1


def test_the_deleted_page_says_what_happened(client, webinar):
    _registration, token = register(webinar)

    response = client.post(f"/r/{token}/delete", follow_redirects=True, query_string={"lang": "en"})

    html = response.get_data(as_text=True)
    assert "Your registration and data are deleted" in html
    assert response.headers["Cache-Control"] == "private, no-store"


def test_deleting_after_the_webinar_keeps_the_counts(client, webinar, clock):
    registration, token = registrant_everywhere(webinar, clock)
    counts = tally_of(webinar.id).counts

    client.post(f"/r/{token}/delete")

    registration = reload(registration)
    assert registration.is_anonymized
    assert (registration.state, registration.attended, registration.minutes_in_session) == (
        RegistrationState.CONFIRMED, True, 95,
    )
    assert tally_of(webinar.id).counts == counts


def test_an_anonymized_registrant_is_sent_no_follow_up(client, organizer, clock):
    from webinars.summaries import followup_sending, followups, service as summaries

    webinar = upcoming_webinar(organizer.organization)
    kept = factories.make_registration(webinar, email="kept@example.org", attended=True)
    _registration, token = register(webinar)
    clock.set(webinar.ends_at + factories.timedelta(days=1))
    client.post(f"/r/{token}/delete")
    summary = summaries.summary_for(webinar)
    summaries.save_article(summary, "Recap", "Text")
    summaries.publish(summary, clock.now())
    db.session.commit()

    assert followups.follow_up_counts(webinar).to_send == 1
    followups.request_sending(webinar, organizer.user)
    db.session.commit()
    followup_sending.send_requested_follow_ups()

    recipients = db.session.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "follow_up")).all()
    assert recipients == [kept.email]
