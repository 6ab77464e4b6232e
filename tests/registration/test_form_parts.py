"""The registration form is rendered once per content (webinars/registration/form_parts.py): every
visitor still gets their own CSRF token, a changed question or seat count shows at once, and a form
sent back with errors shows what was typed."""

from __future__ import annotations

import pytest
from sqlalchemy import literal, select

from tests.registration.attendees import add_question, form, open_webinar, register_url
from tests.registration.test_register_csrf import csrf_token
from webinars.extensions import db
from webinars.registration.models import QuestionKind


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def field_renders(rendered_templates):
    """How many times the untouched form (registration/_register_content.html) was rendered."""
    return lambda: rendered_templates.count("registration/_register_content.html")


def test_two_visitors_get_the_same_fields_once_rendered_and_each_their_own_token(app, client, clock, field_renders):
    webinar = open_webinar()
    other = app.test_client()

    mine = client.get(register_url(webinar) + "?lang=fr").get_data(as_text=True)
    theirs = other.get(register_url(webinar) + "?lang=fr").get_data(as_text=True)

    assert field_renders() == 1
    assert csrf_token(mine) != csrf_token(theirs)
    assert mine.replace(csrf_token(mine), "") == theirs.replace(csrf_token(theirs), "")
    assert "Prénom" in mine and 'value="MA"' in mine  # French labels; Morocco in the country list


def test_a_new_question_is_on_the_next_form(client, clock, field_renders):
    webinar = open_webinar()
    assert "Your sector?" not in client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    question = add_question(webinar, "Your sector?", QuestionKind.SHORT_TEXT)
    assert "Your sector?" in client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    question.label = "Your industry?"
    db.session.commit()
    html = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)
    assert "Your industry?" in html and "Your sector?" not in html
    assert field_renders() == 3


def test_a_form_sent_back_shows_what_was_typed_and_the_error(client, clock):
    webinar = open_webinar()
    token = csrf_token(client.get(register_url(webinar) + "?lang=en").get_data(as_text=True))

    answer = client.post(register_url(webinar) + "?lang=en", data={**form(first_name="Yasmine", email="not an address"), "csrf_token": token})

    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'value="Yasmine"' in html
    assert 'value="not an address"' in html
    assert client.get(register_url(webinar) + "?lang=en").get_data(as_text=True).count('value="Yasmine"') == 0


def test_the_token_filled_in_the_rendered_form_is_accepted(client, clock):
    webinar = open_webinar()
    client.get(register_url(webinar) + "?lang=en")  # rendered once for someone else's session
    page = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    assert "csrf-token-hole" not in page
    answer = client.post(register_url(webinar) + "?lang=en", data={**form(email="yasmine@example.org"), "csrf_token": csrf_token(page)})
    assert answer.status_code == 302


def test_the_last_seat_taken_turns_the_next_form_into_a_waitlist(client, clock, field_renders):
    from tests.factories import make_registration

    webinar = open_webinar()
    webinar.capacity, webinar.waitlist_enabled = 1, True
    db.session.commit()
    assert "waitlist" not in client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)

    make_registration(webinar)
    db.session.commit()
    assert "you will be on the waitlist" in client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)
    assert field_renders() == 2


def test_a_question_changed_while_the_form_was_rendered_is_not_kept_under_the_old_key(client, clock, field_renders, monkeypatch):
    from webinars.registration import form_parts

    webinar = open_webinar()
    # As if a writer changed the questions between the statement that read their text and their loading.
    monkeypatch.setattr(form_parts, "_questions_text_statement", lambda: select(literal("[[\"changed\"]]")))
    client.get(register_url(webinar) + "?lang=en")
    monkeypatch.undo()

    client.get(register_url(webinar) + "?lang=en")
    client.get(register_url(webinar) + "?lang=en")
    assert field_renders() == 2
