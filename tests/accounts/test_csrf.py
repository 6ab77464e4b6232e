"""With CSRF protection on (as in production), a form posted without its token is refused."""

from __future__ import annotations

import re

import pytest

from tests import factories


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_sign_in_without_token_is_refused_and_signs_nobody_in(app, client):
    factories.make_user(factories.make_organization(), email="amina@example.org")

    response = client.post("/login", data={"email": "amina@example.org", "password": factories.DEFAULT_PASSWORD})

    assert response.status_code == 400
    assert "The form could not be read" in response.get_data(as_text=True)
    assert "/login" in client.get("/manage/").headers["Location"]


def test_sign_in_with_the_token_of_the_page_works(app, client):
    factories.make_user(factories.make_organization(), email="amina@example.org")
    token = csrf_token(client.get("/login").get_data(as_text=True))

    response = client.post(
        "/login", data={"email": "amina@example.org", "password": factories.DEFAULT_PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 302


def test_invitation_without_token_creates_nothing(app, client):
    organization = factories.make_organization(name="Csrf Org")
    factories.make_user(organization, email="owner@example.org")
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": "owner@example.org", "password": factories.DEFAULT_PASSWORD, "csrf_token": token})

    forged = client.post(f"/manage/{organization.slug}/members", data={"email": "spy@example.org", "role": "owner"})

    assert forged.status_code == 400
    assert "spy@example.org" not in client.get(f"/manage/{organization.slug}/members").get_data(as_text=True)
