"""The personal page /r/<token>: the registration in plain words, updating it, cancelling it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.registration.attendees import (
    add_question,
    form,
    mails_to,
    open_webinar,
    personal_link,
    register_url,
    registered,
    registrations,
)
from webinars.extensions import db
from webinars.registration import seats
from webinars.registration.models import QuestionKind, RegistrationState


def show(client, token: str, **params):
    response = client.get(f"/r/{token}", query_string={"lang": "en", **params})
    return response, response.get_data(as_text=True)


# --- Who sees what ----------------------------------------------------------------------


@pytest.mark.parametrize("token", ["nothing-here", "x" * 43, "x" * 300])
def test_unknown_token_is_404(client, clock, token):
    open_webinar()
    assert client.get(f"/r/{token}").status_code == 404


def test_page_is_private_and_sends_no_referrer(client, clock):
    _registration, token = registered(open_webinar(), "amina@example.org")

    response, _html = show(client, token)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    cancel_page = client.get(f"/r/{token}/cancel")
    assert cancel_page.headers["Cache-Control"] == "private, no-store"
    assert cancel_page.headers["Referrer-Policy"] == "no-referrer"


def test_page_shows_the_webinar_the_details_and_the_answers(client, clock):
    webinar = open_webinar(
        title="Fès-Meknès, territoire digital", starts_at=factories.utc(2026, 11, 16, 9, 0), timezone="Europe/Paris"
    )
    sector = add_question(webinar, "Your sector", QuestionKind.SINGLE_CHOICE, choices=["IT", "BPO"])
    hiring = add_question(webinar, "Are you hiring?", QuestionKind.YES_NO, position=1)
    _registration, token = registered(
        webinar, "amina@example.org", first_name="Amina", last_name="Alaoui", affiliation="CRI Fès-Meknès",
        job_title="Chargée d'investissement", country="MA", city="Fès",
        answers={sector.id: "BPO", hiring.id: "yes"},
    )

    _response, html = show(client, token)

    assert "Fès-Meknès, territoire digital" in html
    assert "Monday, November 16, 2026, 10:00\u202fAM–12:00\u202fPM (France time, UTC+1)" in html
    assert f'href="/webinars/{webinar.slug}"' in html
    for shown in ("Amina Alaoui", "amina@example.org", "CRI Fès-Meknès", "Chargée d&#39;investissement", "Morocco", "Fès"):
        assert shown in html
    assert "Your sector" in html and "BPO" in html
    assert "Are you hiring?</dt><dd>Yes</dd>" in html


def test_confirmed_registrants_see_the_join_link(client, clock):
    webinar = open_webinar(join_url="https://zoom.us/j/123456789", capacity=1)
    _confirmed, confirmed_token = registered(webinar, "amina@example.org")
    _waiting, waiting_token = registered(webinar, "omar@example.org")

    _response, confirmed_page = show(client, confirmed_token)
    _response, waiting_page = show(client, waiting_token)

    assert "You are registered: your seat is confirmed." in confirmed_page
    # The join page, which counts who joined and opens at the doors' time, not the platform's link.
    assert f'href="/r/{confirmed_token}/join"' in confirmed_page
    assert "zoom.us" not in confirmed_page
    assert "/join" not in waiting_page


def test_waitlisted_registrants_see_their_place(client, clock):
    webinar = open_webinar(capacity=1)
    registered(webinar, "first@example.org")
    registered(webinar, "second@example.org")
    _third, token = registered(webinar, "third@example.org")

    _response, html = show(client, token)

    assert "You are on the waitlist." in html
    assert "You are number 2 on the waitlist." in html


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (RegistrationState.PENDING, "Your registration is waiting for the organizers"),
        (RegistrationState.REJECTED, "The organizers could not accept your registration."),
        (RegistrationState.CANCELLED, "Your registration is cancelled."),
    ],
)
def test_other_states_in_plain_words(client, clock, state, words):
    registration, token = registered(open_webinar(approval_required=True), "amina@example.org")
    registration.state = state
    db.session.commit()

    _response, html = show(client, token)

    assert words in html


def test_calendar_invite_link_when_the_invites_feature_is_there(app, client, clock):
    if "invites.personal_invite" not in app.view_functions:
        app.add_url_rule("/r/<token>/invite.ics", endpoint="invites.personal_invite", view_func=lambda token: "")
    _registration, token = registered(open_webinar(), "amina@example.org")

    _response, html = show(client, token)

    assert f'href="/r/{token}/invite.ics"' in html


# --- Updating --------------------------------------------------------------------------------


def test_update_details_and_answers_but_not_the_email(client, clock):
    webinar = open_webinar()
    topics = add_question(webinar, "Topics", QuestionKind.MULTIPLE_CHOICE, choices=["AI", "Cloud", "Data"])
    registration, token = registered(webinar, "amina@example.org", answers={topics.id: ["AI"]})
    data = form(first_name="Amina", last_name="El Alaoui", city="Meknès", email="thief@example.org", wants_future_events="y")
    data[f"question_{topics.id}"] = ["Cloud", "Data"]

    response = client.post(f"/r/{token}?lang=en", data=data)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/r/{token}"
    [saved] = registrations(webinar)
    assert (saved.last_name, saved.city, saved.email) == ("El Alaoui", "Meknès", "amina@example.org")
    assert saved.wants_future_events is True
    assert sorted(answer.value for answer in saved.answers) == ["Cloud", "Data"]
    _response, html = show(client, token)
    assert "Your details are saved." in html


def test_the_update_form_is_filled_with_what_was_given(client, clock):
    webinar = open_webinar()
    hiring = add_question(webinar, "Are you hiring?", QuestionKind.YES_NO)
    _registration, token = registered(webinar, "amina@example.org", city="Fès", answers={hiring.id: "no"})

    _response, html = show(client, token)

    assert 'name="city" type="text" value="Fès"' in html
    assert f'<input checked id="question_{hiring.id}-1" name="question_{hiring.id}" type="radio" value="no">' in html
    assert f'<input id="question_{hiring.id}-0" name="question_{hiring.id}" type="radio" value="yes">' in html


def test_bad_update_is_refused_with_a_message_and_changes_nothing(client, clock):
    webinar = open_webinar()
    sector = add_question(webinar, "Sector", QuestionKind.SINGLE_CHOICE, required=True, choices=["IT", "BPO"])
    _registration, token = registered(webinar, "amina@example.org", first_name="Amina", answers={sector.id: "IT"})

    response = client.post(
        f"/r/{token}?lang=en", data={**form(first_name=""), f"question_{sector.id}": "Banking"}
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please enter your first name." in html
    assert "Choose among the options offered." in html
    [saved] = registrations(webinar)
    assert saved.first_name == "Amina"
    assert [answer.value for answer in saved.answers] == ["IT"]


# --- Cancelling -------------------------------------------------------------------------------


def test_cancelling_asks_for_confirmation_first(client, clock):
    _registration, token = registered(open_webinar(), "amina@example.org")
    _response, html = show(client, token)
    assert f'href="/r/{token}/cancel"' in html

    page = client.get(f"/r/{token}/cancel?lang=en")

    assert page.status_code == 200
    assert "Yes, cancel my registration" in page.get_data(as_text=True)
    assert registrations(_registration.webinar)[0].state is RegistrationState.CONFIRMED


def test_cancelling_frees_the_seat_for_the_first_on_the_waitlist(client, clock):
    webinar = open_webinar(capacity=1)
    _amina, token = registered(webinar, "amina@example.org")
    registered(webinar, "omar@example.org")
    registered(webinar, "sara@example.org")

    response = client.post(f"/r/{token}/cancel?lang=en")

    assert response.status_code == 302 and response.headers["Location"] == f"/r/{token}"
    states = {r.email: r.state for r in registrations(webinar)}
    assert states == {
        "amina@example.org": RegistrationState.CANCELLED,
        "omar@example.org": RegistrationState.CONFIRMED,
        "sara@example.org": RegistrationState.WAITLISTED,
    }
    assert mails_to("amina@example.org")[-1].kind == "cancelled"
    promotion = mails_to("omar@example.org")[-1]
    assert promotion.kind == "promoted"
    assert client.get(personal_link(promotion)).status_code == 200
    assert [m.kind for m in mails_to("sara@example.org")] == ["received"]


def test_after_cancelling_the_page_says_so_and_offers_to_register_again(client, clock):
    webinar = open_webinar()
    _registration, token = registered(webinar, "amina@example.org")
    client.post(f"/r/{token}/cancel")

    _response, html = show(client, token)

    assert "Your registration is cancelled." in html
    assert f'href="{register_url(webinar)}"' in html
    assert f'href="/r/{token}/cancel"' not in html
    assert 'name="first_name"' not in html  # nothing left to update
    again = client.post(register_url(webinar), data=form(email="amina@example.org"))
    assert again.status_code == 302
    assert registrations(webinar)[0].state is RegistrationState.CONFIRMED


def test_no_register_again_once_registration_has_closed(client, clock):
    webinar = open_webinar(registration_closes_at=clock.now() + timedelta(hours=1))
    registration, token = registered(webinar, "amina@example.org")
    seats.cancel_registration(registration)
    db.session.commit()
    clock.advance(hours=2)

    _response, html = show(client, token)

    assert "Your registration is cancelled." in html
    assert register_url(webinar) not in html


def test_cancelling_twice_changes_nothing(client, clock):
    _registration, token = registered(open_webinar(), "amina@example.org")
    client.post(f"/r/{token}/cancel")

    second = client.post(f"/r/{token}/cancel?lang=en")

    assert second.status_code == 302
    assert [m.kind for m in mails_to("amina@example.org")] == ["received", "cancelled"]
    assert client.get(f"/r/{token}/cancel").headers["Location"] == f"/r/{token}"


def test_no_cancelling_once_the_webinar_has_ended(client, clock):
    webinar = open_webinar()
    _registration, token = registered(webinar, "amina@example.org")
    clock.set(webinar.ends_at + timedelta(minutes=1))

    response = client.post(f"/r/{token}/cancel?lang=en")

    assert response.status_code == 302
    assert registrations(webinar)[0].state is RegistrationState.CONFIRMED
    _response, html = show(client, token)
    assert "This webinar has ended." in html  # the flash message
    assert f'href="/r/{token}/cancel"' not in html
