"""The registration form embedded in an organization's own site: framed anywhere (and only it),
its own signed anti-forgery token instead of the session's, the same rate limits."""

from __future__ import annotations

import re

import pytest

from tests.registration.attendees import form, open_webinar, register_url, registrations

TOKEN = re.compile(r'name="embed_token" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    # As in production: CSRF on, rate limits on (a fresh in-memory counter per test).
    return {
        **app_config,
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "REGISTRATION_RATE_LIMIT": "3 per minute",
    }


def embed_url(webinar) -> str:
    return f"/webinars/{webinar.slug}/embed"


def third_party_client(app):
    """A browser frame on another site: no cookie of ours is ever sent (SameSite=Lax)."""
    client = app.test_client(use_cookies=False)
    return client


def token_in(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "the embedded form carries no token"
    return match.group(1)


def test_only_the_embedded_form_may_be_framed(client, clock):
    webinar = open_webinar()

    embedded = client.get(embed_url(webinar))
    normal = client.get(register_url(webinar))
    page = client.get(f"/webinars/{webinar.slug}")

    assert embedded.status_code == 200
    assert "frame-ancestors *" in embedded.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embedded.headers
    assert "X-Webinars-Frameable" not in embedded.headers
    for other in (normal, page):
        assert other.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]


def test_registering_inside_a_third_party_frame_works_without_any_cookie(app, clock):
    webinar = open_webinar()
    frame = third_party_client(app)
    html = frame.get(embed_url(webinar) + "?lang=en").get_data(as_text=True)

    response = frame.post(embed_url(webinar) + "?lang=en", data={**form(), "embed_token": token_in(html)})

    assert response.status_code == 302
    # the language travels in the address: no cookie of ours reaches a third-party frame
    assert response.headers["Location"].endswith(f"/webinars/{webinar.slug}/embed/done?lang=en")
    assert [r.email for r in registrations(webinar)] == ["amina@example.org"]
    done = frame.get(response.headers["Location"])
    assert done.status_code == 200 and "frame-ancestors *" in done.headers["Content-Security-Policy"]
    assert "Check your inbox" in done.get_data(as_text=True)


def test_a_post_without_the_token_or_with_a_forged_one_saves_nothing(app, clock):
    webinar = open_webinar()
    frame = third_party_client(app)

    missing = frame.post(embed_url(webinar), data=form())
    forged = frame.post(embed_url(webinar), data={**form(), "embed_token": "forged.token.value"})

    assert missing.status_code == forged.status_code == 400
    assert registrations(webinar) == []


def test_a_token_of_another_webinar_does_not_fit(app, clock):
    webinar, other = open_webinar(), open_webinar()
    frame = third_party_client(app)
    others_token = token_in(frame.get(embed_url(other)).get_data(as_text=True))

    response = frame.post(embed_url(webinar), data={**form(), "embed_token": others_token})

    assert response.status_code == 400
    assert registrations(webinar) == [] and registrations(other) == []


def test_an_expired_token_asks_to_reload_the_form(app, clock):
    webinar = open_webinar()
    frame = third_party_client(app)
    token = token_in(frame.get(embed_url(webinar)).get_data(as_text=True))
    app.config["EMBED_TOKEN_MAX_AGE"] = -1  # every token is older than that

    response = frame.post(embed_url(webinar) + "?lang=fr", data={**form(), "embed_token": token})

    assert response.status_code == 400
    assert "Recharger le formulaire" in response.get_data(as_text=True)
    assert registrations(webinar) == []


def test_the_normal_form_still_requires_the_session_token(client, clock):
    webinar = open_webinar()

    assert client.post(register_url(webinar), data=form()).status_code == 400


def test_the_rate_limit_applies_to_the_embedded_form(app, clock):
    webinar = open_webinar()
    frame = third_party_client(app)
    token = token_in(frame.get(embed_url(webinar)).get_data(as_text=True))

    answers = [
        frame.post(embed_url(webinar), data={**form(email=f"p{n}@example.org"), "embed_token": token}).status_code
        for n in range(4)
    ]

    assert answers == [302, 302, 302, 429]
    assert len(registrations(webinar)) == 3


def test_a_draft_has_no_embedded_form(client, clock):
    from tests import factories

    draft = factories.make_publishable_webinar(factories.make_organization())

    assert client.get(embed_url(draft)).status_code == 404


def test_the_page_and_the_embedded_form_share_one_budget(app, client, clock):
    webinar = open_webinar()
    frame = third_party_client(app)
    token = token_in(frame.get(embed_url(webinar)).get_data(as_text=True))
    page_html = client.get(register_url(webinar)).get_data(as_text=True)
    session_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_html).group(1)
    on_the_page = [
        client.post(register_url(webinar), data={**form(email=f"page{n}@example.org"), "csrf_token": session_token}).status_code
        for n in range(3)
    ]

    embedded = frame.post(embed_url(webinar), data={**form(email="frame@example.org"), "embed_token": token})

    assert on_the_page == [302, 302, 302]
    assert embedded.status_code == 429
    assert len(registrations(webinar)) == 3


def test_a_closed_registration_says_so_inside_the_frame(app, clock):
    from datetime import timedelta

    webinar = open_webinar(registration_closes_at=clock.now() - timedelta(hours=1))

    response = third_party_client(app).get(embed_url(webinar) + "?lang=en")

    assert response.status_code == 200
    assert "Registration is closed." in response.get_data(as_text=True)
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
