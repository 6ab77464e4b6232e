"""Registration POSTs are limited per client address; a visitor over the limit gets the friendly 429 page."""

from __future__ import annotations

import pytest

from tests.registration.attendees import form, open_webinar, register_url, registrations


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",  # a fresh counter for each test's app
        "REGISTRATION_RATE_LIMIT": "3 per minute",
    }


def test_the_fourth_registration_in_a_minute_gets_the_429_page_and_saves_nothing(client, clock):
    webinar = open_webinar()

    answers = [
        client.post(register_url(webinar) + "?lang=en", data=form(email=f"person{n}@example.org")).status_code
        for n in range(3)
    ]
    blocked = client.post(register_url(webinar) + "?lang=en", data=form(email="person3@example.org"))

    assert answers == [302, 302, 302]
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60  # when the minute's window ends
    page = blocked.get_data(as_text=True)
    assert "Too many attempts" in page and "Please wait a minute" in page
    assert [r.email for r in registrations(webinar)] == [f"person{n}@example.org" for n in range(3)]


def test_invalid_posts_count_too(client, clock):
    webinar = open_webinar()

    answers = [client.post(register_url(webinar), data=form(email="not-an-address")).status_code for _ in range(4)]

    assert answers == [422, 422, 422, 429]


def test_the_limit_is_per_client_address(client, clock):
    webinar = open_webinar()
    for n in range(3):
        client.post(register_url(webinar), data=form(email=f"person{n}@example.org"))

    other_visitor = client.post(
        register_url(webinar), data=form(email="other@example.org"), environ_base={"REMOTE_ADDR": "192.0.2.77"}
    )

    assert other_visitor.status_code == 302


def test_reading_the_form_is_not_limited(client, clock):
    webinar = open_webinar()

    assert [client.get(register_url(webinar)).status_code for _ in range(5)] == [200] * 5


def test_a_registration_answers_without_the_limits_counters(client, clock):
    # Only the API's clients and refusals get X-RateLimit-* (webinars/rate_limit_headers.py): reading the
    # counters for them costs every POST two more trips to the limits' storage.
    webinar = open_webinar()

    answer = client.post(register_url(webinar), data=form(email="person@example.org"))

    assert answer.status_code == 302
    assert not [name for name in answer.headers.keys() if name.lower().startswith("x-ratelimit")]


def test_a_limit_for_every_page_is_refused_rather_than_skipped(app_config):
    """Flask-Limiter's hooks run only for the API's requests (webinars/rate_limit_hooks.py): a limit meant
    for every page would be skipped on the others, so the app refuses to start with one."""
    from webinars import create_app
    from webinars.extensions import limiter

    try:
        with pytest.raises(ValueError, match="limits for every page"):
            create_app({**app_config, "RATELIMIT_DEFAULT": "100 per minute"})
    finally:
        limiter.limit_manager.set_default_limits([])  # the limiter is the process's: the next apps start without
    create_app(app_config)
