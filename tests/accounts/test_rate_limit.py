"""Guessing passwords is slowed down: the sign-in form accepts only a few attempts a minute."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",  # a fresh counter for each test's app
        "LOGIN_RATE_LIMIT": "3 per minute",
    }


def test_fourth_wrong_attempt_gets_the_friendly_429_page(app, client):
    factories.make_user(factories.make_organization(), email="amina@example.org")
    attempt = {"email": "amina@example.org", "password": "guess number one"}

    answers = [client.post("/login", data=attempt).status_code for _ in range(3)]
    blocked = client.post("/login", data={**attempt, "password": factories.DEFAULT_PASSWORD})

    assert answers == [422, 422, 422]
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Too many attempts" in page and "Please wait a minute" in page
    assert "/login" in client.get("/manage/").headers["Location"], "even the right password is refused while blocked"


def test_reading_the_sign_in_page_is_not_limited(app, client):
    assert [client.get("/login").status_code for _ in range(5)] == [200] * 5
