"""A registrant's personal page is rendered once per content (webinars/registration/personal_page.py):
the same page for every visitor (its forms carry no CSRF token: the link's token authorizes them), and a
change of the registration, its answers, the questions or the moment shows on the next visit."""

from __future__ import annotations

import pytest

from tests.registration.attendees import add_question, open_webinar, registered
from webinars.extensions import db
from webinars.registration.models import Answer, QuestionKind


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


def test_the_page_is_one_rendering_for_everyone_and_sets_no_cookie(app, client, clock, renders):
    """Behind a personal link the link's token authorizes the forms (webinars/personal_links/no_csrf.py):
    the page holds no CSRF token, so a visitor without a cookie gets none, and two visitors the same page."""
    _registration, token = registered(open_webinar(), "amina@example.org")
    other = app.test_client()

    first = client.get(f"/r/{token}?lang=en")
    mine, theirs = first.get_data(as_text=True), page(other, token)

    assert renders() == 1
    assert mine == theirs
    assert "csrf_token" not in mine and "csrf-token-hole" not in mine
    assert not [value for name, value in first.headers.items() if name == "Set-Cookie" and value.startswith("session=")]
    # Its buttons work from a browser that keeps no cookie at all.
    forget = app.test_client(use_cookies=False).post(f"/r/{token}/forget-links")
    assert forget.status_code == 302


def test_the_saved_details_form_is_accepted_from_the_rendered_page(client, clock):
    registration, token = registered(open_webinar(), "amina@example.org")
    page(client, token)

    saved = client.post(f"/r/{token}?lang=en", data={"first_name": "Amina", "last_name": "El Alaoui"})

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
