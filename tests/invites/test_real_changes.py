"""Registrants are sent an update only when something their calendar shows has changed."""

from __future__ import annotations

import pytest

from tests.browser_forms import form_as_submitted
from tests.invites.helpers import offshoring_webinar, parse, register_someone
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.invites.service import send_due_updates

AMINA = "amina@example.org"


@pytest.fixture
def webinar(organizer, clock):
    """Published, with a description the way the demo stores it: LF line ends and a final newline."""
    return offshoring_webinar(
        organizer.organization,
        description="Un **webinaire** du pôle offshoring.\n\n- Les enjeux\n- Les territoires\n",
        join_url_is_public=False,
    )


def sequence_of(client, webinar) -> int:
    return parse(client.get(f"/webinars/{webinar.slug}.ics").get_data()).sequence


def save_edit_page(client, webinar, **changes):
    """Open the edit page and submit its form as a browser would, with ``changes`` typed in."""
    html = client.get(f"/manage/webinars/{webinar.id}/edit").get_data(as_text=True)
    fields = form_as_submitted(html, "webinar-form")
    assert "\r\n" in fields["description"], "browsers send CRLF"
    for name, value in changes.items():
        fields[name] = value
    response = client.post(f"/manage/webinars/{webinar.id}/edit", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_saving_the_edit_form_unchanged_changes_nothing_for_registrants(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    before = sequence_of(client, webinar)

    save_edit_page(client, webinar)
    clock.advance(minutes=10)

    assert send_due_updates() == 0
    assert sequence_of(client, webinar) == before
    assert len(mail_via_smtp.messages_to(AMINA)) == 1  # the confirmation only


def test_changing_only_the_capacity_sends_nothing(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    before = sequence_of(client, webinar)

    save_edit_page(client, webinar, capacity="500")
    clock.advance(minutes=10)

    assert db.session.get(Webinar, webinar.id).capacity == 500
    assert send_due_updates() == 0
    assert sequence_of(client, webinar) == before
    assert len(mail_via_smtp.messages_to(AMINA)) == 1


def test_markdown_that_reads_the_same_in_a_calendar_is_no_change(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    before = sequence_of(client, webinar)

    save_edit_page(
        client, webinar, description="Un *webinaire* du pôle **offshoring**.\r\n\r\n* Les enjeux\r\n* Les territoires   \r\n"
    )
    clock.advance(minutes=10)

    assert send_due_updates() == 0
    assert sequence_of(client, webinar) == before


def test_a_new_sentence_in_the_description_is_sent(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    before = sequence_of(client, webinar)

    save_edit_page(client, webinar, description="Un **webinaire** du pôle offshoring.\r\n\r\nAvec le CRI Fès-Meknès.")
    clock.advance(minutes=10)

    assert send_due_updates() == 1
    assert sequence_of(client, webinar) == before + 1
    update = mail_via_smtp.messages_to(AMINA)[-1]
    assert "description" in update.get_body(("plain",)).get_content()


def test_making_the_join_link_public_renews_the_public_file_without_mailing_anyone(client, webinar, clock, mail_via_smtp):
    register_someone(webinar, email=AMINA)
    before = parse(client.get(f"/webinars/{webinar.slug}.ics").get_data())
    assert before.text("LOCATION") == "http://localhost/webinars/offshoring"

    save_edit_page(client, webinar, join_url_is_public="y")
    clock.advance(minutes=10)

    after = parse(client.get(f"/webinars/{webinar.slug}.ics").get_data())
    assert after.text("LOCATION") == "https://meet.example.org/offshoring"
    assert after.sequence == before.sequence + 1, "calendars replace an entry only when SEQUENCE grows"
    assert send_due_updates() == 0  # registrants' own invites always had the link
    assert len(mail_via_smtp.messages_to(AMINA)) == 1
