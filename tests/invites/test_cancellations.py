"""Cancellations carry a METHOD:CANCEL only for someone who had the invite, and move nobody else's calendar."""

from __future__ import annotations

import pytest

from tests.invites.helpers import calendar_parts, offshoring_webinar, parse, register_someone
from webinars.extensions import db
from webinars.registration import seats
from webinars.registration.models import RegistrationState

AMINA, OMAR, SARA = "amina@example.org", "omar@example.org", "sara@example.org"


@pytest.fixture
def webinar(organizer, clock):
    return offshoring_webinar(organizer.organization, capacity=1)


def invite_file(client, token: str):
    return client.get(f"/r/{token}/invite.ics")


def test_a_waitlisted_registrant_who_cancels_gets_a_plain_notice_and_no_calendar_file(client, webinar, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    waiting = register_someone(webinar, email=OMAR)
    assert waiting.registration.state is RegistrationState.WAITLISTED

    seats.cancel_by_registrant(waiting.registration)
    db.session.commit()

    notice = mail_via_smtp.messages_to(OMAR)[-1]
    assert "is cancelled" in notice.get_body(("plain",)).get_content()
    assert calendar_parts(notice) == ([], [])
    response = invite_file(client, waiting.token)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "no invite was ever added to your calendar" in response.get_data(as_text=True)


def test_waitlisted_and_pending_registrants_are_told_why_there_is_no_invite_yet(client, webinar):
    register_someone(webinar, email=AMINA)
    waiting = register_someone(webinar, email=OMAR)
    webinar.approval_required = True
    db.session.commit()
    pending = register_someone(webinar, email=SARA)

    waitlisted_page = invite_file(client, waiting.token)
    pending_page = client.get(f"/r/{pending.token}/invite.ics?lang=fr")
    assert waitlisted_page.status_code == 404
    assert "your calendar invite comes with your seat" in waitlisted_page.get_data(as_text=True)
    assert "votre invitation d'agenda vous sera envoyée par e-mail dès qu'elle sera validée" in pending_page.get_data(as_text=True)


def test_a_registrant_s_own_cancellation_moves_no_other_calendar(client, webinar, mail_via_smtp):
    webinar.capacity = None
    db.session.commit()
    amina = register_someone(webinar, email=AMINA)
    omar = register_someone(webinar, email=OMAR)
    public_before = parse(client.get("/webinars/offshoring.ics").get_data()).sequence
    amina_invite = parse(invite_file(client, amina.token).get_data())
    omar_before = parse(invite_file(client, omar.token).get_data()).sequence

    seats.cancel_by_registrant(amina.registration)
    db.session.commit()

    assert parse(client.get("/webinars/offshoring.ics").get_data()).sequence == public_before
    assert parse(invite_file(client, omar.token).get_data()).sequence == omar_before
    cancel = parse(invite_file(client, amina.token).get_data())
    assert cancel.method == "CANCEL" and cancel.sequence > amina_invite.sequence
    [alternative], _ = calendar_parts(mail_via_smtp.messages_to(AMINA)[-1])
    assert parse(alternative.get_content().encode()).sequence == cancel.sequence
