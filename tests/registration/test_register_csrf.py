"""With CSRF protection on, as in production: the registration and personal-page forms carry their token."""

from __future__ import annotations

import re

import pytest

from tests.registration.attendees import form, open_webinar, register_url, registered, registrations
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


def test_cancelling_from_the_personal_page_works_with_the_token(client, clock):
    webinar = open_webinar()
    _registration, token = registered(webinar, "amina@example.org")
    html = client.get(f"/r/{token}/cancel").get_data(as_text=True)

    assert client.post(f"/r/{token}/cancel").status_code == 400
    assert client.post(f"/r/{token}/cancel", data={"csrf_token": csrf_token(html)}).status_code == 302
    assert registrations(webinar)[0].state is RegistrationState.CANCELLED
