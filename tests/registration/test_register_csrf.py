"""With CSRF protection on, as in production: the registration form carries its token; the personal
page's forms need none (the link's token authorizes them)."""

from __future__ import annotations

import re

import pytest

from tests.registration.attendees import form, open_webinar, register_url, registered, registrations
from webinars.extensions import csrf
from webinars.registration.models import RegistrationState

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def csrf_token(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "the form has no CSRF token"
    return match.group(1) or match.group(2)


def test_registering_works_with_the_forms_token_and_not_without(client, clock):
    webinar = open_webinar()
    html = client.get(register_url(webinar)).get_data(as_text=True)

    forged = client.post(register_url(webinar), data=form(email="forged@example.org"))
    genuine = client.post(register_url(webinar), data={**form(), "csrf_token": csrf_token(html)})

    assert forged.status_code == 400
    assert genuine.status_code == 302
    assert [r.email for r in registrations(webinar)] == ["amina@example.org"]


def test_cancelling_from_the_personal_page_needs_the_link_not_a_session(app, client, clock):
    """Behind a personal link the link's token authorizes the request (webinars/personal_links/no_csrf.py):
    a browser that keeps no cookie can cancel; a forged request without the token reaches nothing."""
    webinar = open_webinar()
    _registration, token = registered(webinar, "amina@example.org")
    html = client.get(f"/r/{token}/cancel").get_data(as_text=True)
    assert "csrf_token" not in html

    assert client.post(f"/r/{'x' * len(token)}/cancel").status_code == 404
    assert registrations(webinar)[0].state is RegistrationState.CONFIRMED
    assert app.test_client(use_cookies=False).post(f"/r/{token}/cancel").status_code == 302
    assert registrations(webinar)[0].state is RegistrationState.CANCELLED


def test_only_the_pages_behind_a_personal_link_go_without_the_sessions_token(app):
    """Every other form that changes something (organizers', speakers', signers') keeps its CSRF check."""
    exempt = csrf._exempt_views
    posting = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and not rule.rule.startswith("/api/")]
    view_of = {rule.rule: app.view_functions[rule.endpoint] for rule in posting}
    without = sorted(rule for rule, view in view_of.items() if f"{view.__module__}.{view.__name__}" in exempt)

    assert [rule for rule in without if not rule.startswith("/r/<token>")] == [
        "/manage/webinars/<int:webinar_id>/people/<int:participation_id>/slides",  # checked in the view, after
        "/s/<token>/slides",  # the upload's size limit is raised (speakers/access.py: accepts_slides)
        "/webinars/<slug>/embed",  # its own signed token (registration/embed_tokens.py)
    ]
    assert {"/r/<token>", "/r/<token>/cancel", "/r/<token>/forget-links", "/r/<token>/feedback",
            "/r/<token>/certificate", "/r/<token>/delete", "/r/<token>/join"} <= set(without)
    assert "/s/<token>/accept" not in without and "/sign/<token>" not in without
