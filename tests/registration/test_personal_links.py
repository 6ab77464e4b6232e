"""Every personal link ever mailed keeps working until it is revoked on purpose."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.events.helpers import webinar_form
from tests.invites.helpers import offshoring_webinar, parse, register_someone
from webinars.extensions import db
from webinars.invites.service import send_due_updates
from webinars.mail.models import OutboxMessage
from webinars.personal_links.models import PersonalLink
from webinars.registration import seats, service
from webinars.registration.models import Registration, RegistrationState
from webinars.tokens import hash_token

AMINA = "amina@example.org"
LINK = re.compile(r"http://localhost(/r/[\w-]+)")


@pytest.fixture
def webinar(organizer, clock):
    return offshoring_webinar(organizer.organization)


def messages_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)))


def links_in(message: OutboxMessage) -> list[str]:
    found = LINK.findall(message.text_body)
    if message.calendar:
        found += LINK.findall(parse(message.calendar.encode()).text("DESCRIPTION"))
    return found


def move(client, webinar, clock, start_time: str, end_time: str) -> None:
    data = webinar_form(start_time=start_time, end_time=end_time, registration_opens_at=None, registration_closes_at=None)
    assert client.post(f"/manage/webinars/{webinar.id}/edit", data=data).status_code == 302
    clock.advance(minutes=10)
    assert send_due_updates() == 1  # the calendar update, with a link of its own


def test_the_first_confirmation_s_links_work_after_the_webinar_moved_twice(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    [confirmation] = messages_to(AMINA)
    first_links = set(links_in(confirmation))
    assert len(first_links) == 1, "the e-mail and its invite carry the same personal link"

    move(client, webinar, clock, "19:00", "21:00")
    move(client, webinar, clock, "20:00", "22:00")

    updates = messages_to(AMINA)[1:]
    assert [m.kind for m in updates] == ["calendar_update", "calendar_update"]
    every_link = first_links | {link for message in updates for link in links_in(message)}
    assert len(every_link) == 3, "each message carries a link of its own"
    for link in every_link:
        page = client.get(link)
        assert page.status_code == 200, link
        assert "Your registration" in page.get_data(as_text=True)
        assert client.get(f"{link}/invite.ics").status_code == 200


def test_a_promotion_from_the_waitlist_leaves_the_first_link_working(client, webinar):
    webinar.capacity = 1
    db.session.commit()
    holder = register_someone(webinar, email="first@example.org")
    waiting = register_someone(webinar, email=AMINA)
    assert waiting.registration.state is RegistrationState.WAITLISTED

    seats.cancel_by_registrant(holder.registration)
    db.session.commit()

    promoted = messages_to(AMINA)[-1]
    assert promoted.kind == "promoted"
    assert client.get(f"/r/{waiting.token}").status_code == 200
    assert client.get(LINK.search(promoted.text_body).group(1)).status_code == 200


def test_forget_all_my_links_revokes_every_link_and_mails_a_new_one(client, webinar):
    outcome = register_someone(webinar, email=AMINA)
    second = service.new_link(outcome.registration)
    db.session.commit()

    response = client.post(f"/r/{outcome.token}/forget-links")

    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your links are revoked" in page
    for old in (outcome.token, second):
        revoked = client.get(f"/r/{old}")
        assert revoked.status_code == 410
        assert "This link no longer works" in revoked.get_data(as_text=True)
        assert client.get(f"/r/{old}/invite.ics").status_code == 410
        assert client.post(f"/r/{old}/cancel").status_code == 410
    renewed = messages_to(AMINA)[-1]
    assert renewed.kind == "links_renewed"
    assert client.get(LINK.search(renewed.text_body).group(1)).status_code == 200
    assert db.session.get(Registration, outcome.registration.id).state is RegistrationState.CONFIRMED


def test_the_personal_page_offers_to_forget_the_links_in_both_languages(client, webinar):
    outcome = register_someone(webinar, email=AMINA)
    english = client.get(f"/r/{outcome.token}?lang=en").get_data(as_text=True)
    french = client.get(f"/r/{outcome.token}?lang=fr").get_data(as_text=True)
    assert "Forget all my links" in english
    assert "Oublier tous mes liens" in french


def test_links_are_stored_as_hashes_and_go_with_an_erased_registration(client, webinar):
    outcome = register_someone(webinar, email=AMINA)
    [stored] = db.session.scalars(select(PersonalLink)).all()
    assert stored.token_hash == hash_token(outcome.token) and outcome.token not in stored.token_hash
    assert len(outcome.token) >= 43  # 256 bits from secrets.token_urlsafe(32)

    db.session.delete(db.session.get(Registration, outcome.registration.id))
    db.session.commit()

    assert db.session.scalars(select(PersonalLink)).all() == []
    assert client.get(f"/r/{outcome.token}").status_code == 404


def test_a_mistyped_or_unknown_token_is_a_plain_404(client, webinar):
    register_someone(webinar, email=AMINA)
    for token in ("x", "not-a-token", "A" * 43, "a" * 500, "%00" * 20):
        assert client.get(f"/r/{token}").status_code == 404
