"""A registrant's personal page is rendered once per content (webinars/registration/personal_page.py):
every session still gets its own CSRF token in each of the page's forms, and a change of the
registration, its answers, the questions or the moment shows on the next visit."""

from __future__ import annotations

import re

import pytest

from tests.registration.attendees import add_question, open_webinar, registered
from tests.registration.test_register_csrf import csrf_token
from webinars.extensions import db
from webinars.registration.models import Answer, QuestionKind

TOKENS = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def renders(rendered_templates):
    return lambda: rendered_templates.count("registration/_manage_content.html")


def page(client, token: str) -> str:
    response = client.get(f"/r/{token}?lang=en")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_session_gets_its_own_token_in_every_form_of_one_rendering(app, client, clock, renders):
    _registration, token = registered(open_webinar(), "amina@example.org")
    other = app.test_client()

    mine, theirs = page(client, token), page(other, token)

    assert renders() == 1
    assert "csrf-token-hole" not in mine
    assert len(set(TOKENS.findall(mine))) == 1 and len(TOKENS.findall(mine)) >= 2  # details form and action buttons
    assert TOKENS.findall(mine)[0] != TOKENS.findall(theirs)[0]
    assert TOKENS.sub("", mine) == TOKENS.sub("", theirs)
    # Each session's token works: the other session's "forget my links" button, then its details form.
    forget = other.post(f"/r/{token}/forget-links", data={"csrf_token": csrf_token(theirs)})
    assert forget.status_code == 302


def test_the_saved_details_form_is_accepted_from_the_rendered_page(client, clock):
    registration, token = registered(open_webinar(), "amina@example.org")
    html = page(client, token)

    saved = client.post(
        f"/r/{token}?lang=en",
        data={"csrf_token": csrf_token(html), "first_name": "Amina", "last_name": "El Alaoui"},
    )

    assert saved.status_code == 302
    db.session.expire_all()
    assert registration.last_name == "El Alaoui"
    assert "El Alaoui" in page(client, token)


def test_a_changed_answer_or_question_is_on_the_next_visit(client, clock, renders):
    webinar = open_webinar()
    question = add_question(webinar, "Your sector", QuestionKind.SHORT_TEXT)
    registration, token = registered(webinar, "amina@example.org")
    assert "Your sector" in page(client, token)

    db.session.add(Answer(registration_id=registration.id, question_id=question.id, value="Offshoring"))
    db.session.commit()
    assert "Offshoring" in page(client, token)

    question.label = "Your industry"
    db.session.commit()
    html = page(client, token)
    assert "Your industry" in html and "Your sector" not in html
    assert renders() == 3


def test_the_end_of_the_webinar_is_on_the_next_visit(client, clock, renders):
    webinar = open_webinar()
    _registration, token = registered(webinar, "amina@example.org")
    assert "Cancel my registration" in page(client, token)

    clock.current = webinar.ends_at
    assert "Cancel my registration" not in page(client, token)
    assert renders() == 2
