"""Invites, updates and cancellations as registrants receive them on a real SMTP server."""

from __future__ import annotations

import re

import pytest

from tests.events.helpers import webinar_form
from tests.factories import utc
from tests.invites.helpers import calendar_parts, offshoring_webinar, parse, register_someone
from webinars.extensions import db
from webinars.i18n import format_event_span
from webinars.invites.service import send_due_updates
from webinars.registration import seats
from webinars.registration.models import RegistrationState

AMINA, OMAR, SARA = "amina@example.org", "omar@example.org", "sara@example.org"


@pytest.fixture
def webinar(organizer, clock):
    """Published, with the same values as ``webinar_form()`` so a form post changes only what a test says."""
    return offshoring_webinar(organizer.organization)


def edit(client, webinar, **changes):
    """The organizer saves the webinar's form with ``changes``."""
    data = webinar_form(registration_opens_at=None, registration_closes_at=None, **changes)
    response = client.post(f"/manage/webinars/{webinar.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def invite_in(message):
    """The calendar object of a received message: the text/calendar alternative and the
    invite.ics attachment carry the same file, whose METHOD matches the part's ``method=``."""
    [alternative], [attachment] = calendar_parts(message)
    assert message.get_content_type() == "multipart/mixed"
    container = next(p for p in message.walk() if p.get_content_type() == "multipart/alternative")
    assert any(part is alternative for part in container.iter_parts())
    method = alternative.get_param("method")
    attached = attachment.get_payload(decode=True)
    assert attachment.get_content_disposition() == "attachment"
    # RFC 5545 §8.1 / RFC 6047: both parts are text/calendar with the METHOD, and 7-bit safe.
    assert attachment.get_content_type() == "text/calendar" and attachment.get_param("method") == method
    assert alternative["Content-Transfer-Encoding"] == "quoted-printable"
    assert attachment["Content-Transfer-Encoding"] == "base64"
    assert attached.endswith(b"\r\n") and b"\r\n" in attached and b"\n" not in attached.replace(b"\r\n", b"")
    parsed, attached_parsed = parse(alternative.get_content()), parse(attached)
    assert parsed.method == attached_parsed.method == method
    assert (parsed.uid, parsed.sequence) == (attached_parsed.uid, attached_parsed.sequence)
    return parsed


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def public_uid(client, webinar) -> str:
    return parse(client.get(f"/webinars/{webinar.slug}.ics").get_data()).uid


# --- The invite in the confirmation --------------------------------------


def test_confirmation_carries_the_personal_invite(client, webinar, mail_via_smtp):
    register_someone(webinar, email=AMINA, first_name="Amina", last_name="Alaoui", language="en")

    [message] = mail_via_smtp.messages_to(AMINA)
    alternative_container = next(p for p in message.walk() if p.get_content_type() == "multipart/alternative")
    assert [p.get_content_type() for p in alternative_container.iter_parts()] == [
        "text/plain", "text/html", "text/calendar",
    ]
    [alternative], [attachment] = calendar_parts(message)
    assert alternative.get_param("method") == "REQUEST"
    assert alternative.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "invite.ics"
    invite = invite_in(message)
    assert invite.method == "REQUEST"
    assert invite.uid == public_uid(client, webinar)
    assert invite.sequence == webinar.calendar_sequence
    assert invite.starts_at == utc(2026, 12, 10, 18, 0)
    assert str(invite.event["ORGANIZER"]) == "mailto:webinars@apebi.example"
    assert invite.event["ORGANIZER"].params["CN"] == "Test Organization"
    assert str(invite.event["ATTENDEE"]) == f"mailto:{AMINA}"
    assert invite.event["ATTENDEE"].params["CN"] == "Amina Alaoui"
    assert re.fullmatch(r"http://localhost/r/[A-Za-z0-9_-]{43}/join", invite.text("LOCATION"))
    assert "meet.example.org" not in invite.text("DESCRIPTION")
    assert "http://localhost/r/" in invite.text("DESCRIPTION")


def test_waitlisted_and_pending_registrants_get_no_invite_until_confirmed(client, webinar, mail_via_smtp):
    webinar.capacity = 1
    db.session.commit()
    first = register_someone(webinar, email=AMINA)
    waiting = register_someone(webinar, email=OMAR)
    assert waiting.registration.state is RegistrationState.WAITLISTED
    [waitlisted_mail] = mail_via_smtp.messages_to(OMAR)
    assert calendar_parts(waitlisted_mail) == ([], [])

    seats.cancel_registration(first.registration)
    db.session.commit()

    [_, promoted_mail] = mail_via_smtp.messages_to(OMAR)
    assert invite_in(promoted_mail).method == "REQUEST"
    assert str(invite_in(promoted_mail).event["ATTENDEE"]) == f"mailto:{OMAR}"


def test_approval_brings_the_invite(client, webinar, mail_via_smtp):
    webinar.approval_required = True
    db.session.commit()
    outcome = register_someone(webinar, email=SARA)
    [pending_mail] = mail_via_smtp.messages_to(SARA)
    assert calendar_parts(pending_mail) == ([], [])

    seats.approve(outcome.registration)
    db.session.commit()

    [_, approved_mail] = mail_via_smtp.messages_to(SARA)
    assert invite_in(approved_mail).method == "REQUEST"


def test_a_registrant_who_cancels_gets_a_cancel_for_their_copy(client, webinar, mail_via_smtp):
    outcome = register_someone(webinar, email=AMINA)
    [confirmation] = mail_via_smtp.messages_to(AMINA)
    invite = invite_in(confirmation)

    seats.cancel_registration(outcome.registration)
    db.session.commit()

    [_, cancellation] = mail_via_smtp.messages_to(AMINA)
    [alternative], _attachment = calendar_parts(cancellation)
    assert alternative.get_param("method") == "CANCEL"
    cancel = invite_in(cancellation)
    assert cancel.method == "CANCEL"
    assert cancel.status == "CANCELLED"
    assert cancel.uid == invite.uid
    assert cancel.sequence > invite.sequence
    assert str(cancel.event["ATTENDEE"]) == f"mailto:{AMINA}"


def test_registering_again_after_cancelling_gets_an_invite_that_outranks_the_cancel(client, webinar, mail_via_smtp):
    outcome = register_someone(webinar, email=AMINA)
    seats.cancel_registration(outcome.registration)
    db.session.commit()
    register_someone(webinar, email=AMINA)

    [_, cancellation, again] = mail_via_smtp.messages_to(AMINA)
    cancel, invite = invite_in(cancellation), invite_in(again)
    assert invite.method == "REQUEST"
    assert invite.sequence >= cancel.sequence
    assert invite.event.decoded("DTSTAMP") >= cancel.event.decoded("DTSTAMP")


# --- Updates --------------------------------------------------------------


def test_a_new_time_sends_one_update_after_the_quiet_period(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA, language="en")
    [confirmation] = mail_via_smtp.messages_to(AMINA)
    invite = invite_in(confirmation)

    edit(client, webinar, start_time="19:00", end_time="21:00")
    assert webinar.calendar_sequence == invite.sequence + 1
    # The public file shows the change at once...
    assert parse(client.get("/webinars/offshoring.ics").get_data()).starts_at == utc(2026, 12, 10, 19, 0)
    # ...registrants are mailed once the organizer has stopped editing.
    clock.advance(minutes=4)
    assert send_due_updates() == 0
    assert len(mail_via_smtp.messages_to(AMINA)) == 1

    clock.advance(minutes=1)
    assert send_due_updates() == 1

    [_, update] = mail_via_smtp.messages_to(AMINA)
    assert "L'offshoring régionalisé" in update["Subject"]
    updated = invite_in(update)
    assert updated.method == "REQUEST"
    assert updated.uid == invite.uid == public_uid(client, webinar)
    assert updated.sequence > invite.sequence
    assert updated.starts_at == utc(2026, 12, 10, 19, 0)
    assert updated.ends_at == utc(2026, 12, 10, 21, 0)
    assert updated.event.decoded("DTSTAMP") > invite.event.decoded("DTSTAMP")
    text = text_of(update)
    old = format_event_span(utc(2026, 12, 10, 18, 0), utc(2026, 12, 10, 20, 0), "Africa/Casablanca", "en")
    new = format_event_span(utc(2026, 12, 10, 19, 0), utc(2026, 12, 10, 21, 0), "Africa/Casablanca", "en")
    assert f"New time: {old} → {new}" in text
    assert "(Morocco time, UTC+0)" in old
    # The update's personal link works (it is a new one).
    link = next(line for line in text.splitlines() if "http://localhost/r/" in line).split()[-1]
    assert client.get(link.removeprefix("http://localhost") + "/invite.ics").status_code == 200

    assert send_due_updates() == 0  # sent once


def test_several_edits_in_a_short_time_make_one_update(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA, language="en")
    invite = invite_in(mail_via_smtp.messages_to(AMINA)[0])

    edit(client, webinar, start_time="19:00", end_time="21:00")
    clock.advance(minutes=3)
    assert send_due_updates() == 0
    edit(client, webinar, start_time="19:00", end_time="21:00", title="L'offshoring, version 2")
    clock.advance(minutes=3)
    edit(client, webinar, start_time="19:30", end_time="21:00", title="L'offshoring, version 2",
         join_url="https://meet.example.org/new-room")
    clock.advance(minutes=4)
    assert send_due_updates() == 0
    clock.advance(minutes=1)
    assert send_due_updates() == 1

    messages = mail_via_smtp.messages_to(AMINA)
    assert len(messages) == 2
    updated = invite_in(messages[1])
    assert updated.sequence == invite.sequence + 3
    assert updated.starts_at == utc(2026, 12, 10, 19, 30)
    assert updated.text("SUMMARY") == "L'offshoring, version 2"
    join_page = updated.text("LOCATION")  # the join page, which now leads to the new room
    assert re.fullmatch(r"http://localhost/r/[A-Za-z0-9_-]{43}/join", join_page)
    text = text_of(messages[1])
    old = format_event_span(utc(2026, 12, 10, 18, 0), utc(2026, 12, 10, 20, 0), "Africa/Casablanca", "en")
    assert f"New time: {old} →" in text  # compared with what the registrant's calendar has
    assert "New title: “L'offshoring régionalisé” → “L'offshoring, version 2”" in text
    assert f"The link to the platform has changed: your join page leads to the new one, {join_page}" in text
    assert "new-room" not in text


def test_changes_that_calendars_do_not_show_send_nothing(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    sequence = webinar.calendar_sequence

    edit(client, webinar, capacity="500")

    assert webinar.calendar_sequence == sequence
    clock.advance(hours=1)
    assert send_due_updates() == 0
    assert len(mail_via_smtp.messages_to(AMINA)) == 1


def test_an_edit_undone_before_the_update_leaves_calendars_alone(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)

    edit(client, webinar, start_time="19:00", end_time="21:00")
    clock.advance(minutes=1)
    edit(client, webinar)
    clock.advance(minutes=10)

    assert send_due_updates() == 0
    assert len(mail_via_smtp.messages_to(AMINA)) == 1


def test_only_confirmed_registrants_get_updates(client, webinar, clock, mail_via_smtp):
    webinar.capacity = 1
    db.session.commit()
    register_someone(webinar, email=AMINA)
    register_someone(webinar, email=OMAR)  # waitlisted

    edit(client, webinar, start_time="19:00", end_time="21:00", capacity="1")
    clock.advance(minutes=5)
    assert send_due_updates() == 1

    assert len(mail_via_smtp.messages_to(AMINA)) == 2
    assert len(mail_via_smtp.messages_to(OMAR)) == 1


def test_a_registrant_confirmed_after_the_last_edit_already_has_the_new_version(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    edit(client, webinar, start_time="19:00", end_time="21:00")
    clock.advance(minutes=2)
    register_someone(webinar, email=OMAR)
    assert invite_in(mail_via_smtp.messages_to(OMAR)[0]).starts_at == utc(2026, 12, 10, 19, 0)

    clock.advance(minutes=3)
    assert send_due_updates() == 1

    assert len(mail_via_smtp.messages_to(AMINA)) == 2
    assert len(mail_via_smtp.messages_to(OMAR)) == 1


def test_the_update_job_runs_with_the_periodic_sweep(app):
    assert send_due_updates in app.extensions["periodic_jobs"]


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CALENDAR_UPDATE_QUIET_MINUTES": 5}


# --- Cancellation of the webinar ------------------------------------------


def test_cancelling_the_webinar_sends_cancels_at_once(client, webinar, clock, mail_via_smtp):
    webinar.capacity = 1
    db.session.commit()
    register_someone(webinar, email=AMINA, language="en")
    register_someone(webinar, email=OMAR, language="en")  # waitlisted
    invite = invite_in(mail_via_smtp.messages_to(AMINA)[0])
    edit(client, webinar, title="Soon cancelled", capacity="1")  # a pending update, never sent

    response = client.post(f"/manage/webinars/{webinar.id}/cancel")
    assert response.status_code == 302

    for address in (AMINA, OMAR):
        cancellation = mail_via_smtp.messages_to(address)[-1]
        assert "Soon cancelled" in cancellation["Subject"]
        assert "has been cancelled" in text_of(cancellation)
    # Omar, waitlisted, never had an invite: the notice alone, no calendar object to apply.
    assert calendar_parts(mail_via_smtp.messages_to(OMAR)[-1]) == ([], [])
    cancel = invite_in(mail_via_smtp.messages_to(AMINA)[-1])
    assert cancel.method == "CANCEL"
    assert cancel.status == "CANCELLED"
    assert cancel.uid == invite.uid
    assert cancel.sequence > invite.sequence + 1  # above the edit's too
    assert str(cancel.event["ATTENDEE"]) == f"mailto:{AMINA}"
    public = parse(client.get("/webinars/offshoring.ics").get_data())
    assert public.status == "CANCELLED"
    assert public.sequence == cancel.sequence

    clock.advance(hours=1)
    assert send_due_updates() == 0
    assert len(mail_via_smtp.messages_to(AMINA)) == 2


def test_pending_registrants_are_told_without_a_calendar_object(client, webinar, mail_via_smtp):
    webinar.approval_required = True
    db.session.commit()
    register_someone(webinar, email=SARA, language="en")

    client.post(f"/manage/webinars/{webinar.id}/cancel")

    [_, cancellation] = mail_via_smtp.messages_to(SARA)
    assert "has been cancelled" in text_of(cancellation)
    assert calendar_parts(cancellation) == ([], [])
