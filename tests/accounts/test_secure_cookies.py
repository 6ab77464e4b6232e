"""Over HTTPS (or in production) the session cookie, and the language cookie with it, are marked Secure."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture(params=[{"BASE_URL": "https://webinars.example.org"}, {"ENV_NAME": "production"}], ids=["https", "production"])
def app_config(app_config, request):
    return {**app_config, **request.param}


def test_session_cookie_is_secure(app, client):
    factories.make_user(factories.make_organization(), email="amina@example.org")

    response = client.post("/login", data={"email": "amina@example.org", "password": factories.DEFAULT_PASSWORD})

    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_language_cookie_is_secure_too(client):
    response = client.get("/?lang=fr")

    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=")]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
