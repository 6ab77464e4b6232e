"""Signing in and out, and where the visitor lands afterwards."""

from __future__ import annotations

import pytest

from tests import factories
from webinars.accounts.models import Membership, Role
from webinars.extensions import db


@pytest.fixture
def owner(app):
    organization = factories.make_organization(name="Sign-in Org")
    return factories.make_user(organization, email="amina@example.org")


def sign_in(client, next_value: str | None = None, email: str = "amina@example.org", password: str = factories.DEFAULT_PASSWORD):
    url = "/login" if next_value is None else "/login?next=" + next_value
    return client.post(url, data={"email": email, "password": password, "next": next_value or ""})


@pytest.mark.parametrize("target", ["/manage/", "/manage/sign-in-org/members", "/manage/webinars/3?tab=agenda"])
def test_relative_next_is_followed(client, owner, target):
    response = sign_in(client, target)

    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/manage/",
        "/\\evil.example",
        "https:evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "manage/",
    ],
)
def test_foreign_or_odd_next_is_ignored(client, owner, target):
    response = sign_in(client, target)

    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/"


def test_next_from_the_query_string_reaches_the_form(client, owner):
    page = client.get("/login?next=/manage/sign-in-org/members").get_data(as_text=True)

    assert 'value="/manage/sign-in-org/members"' in page


def test_wrong_password_and_unknown_address_get_the_same_answer(client, owner):
    wrong_password = sign_in(client, password="not the password")
    unknown_address = sign_in(client, email="nobody@example.org")

    for response in (wrong_password, unknown_address):
        assert response.status_code == 422
        assert "Wrong e-mail or password." in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302
    assert "/login" in client.get("/manage/").headers["Location"], "still signed out"


def test_email_is_compared_case_insensitively(client, owner):
    response = sign_in(client, email="  Amina@EXAMPLE.org ")

    assert response.status_code == 302
    assert "/login" not in client.get("/manage/").headers.get("Location", "")


def test_session_is_renewed_at_sign_in(client, owner):
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"

    sign_in(client)

    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == owner.get_id()


def test_sign_out_ends_the_session_and_ignores_foreign_next(client, owner):
    sign_in(client)

    response = client.post("/logout?next=https://evil.example")

    assert response.headers["Location"] == "/"
    assert "/login" in client.get("/manage/").headers["Location"]


def test_signed_in_user_with_several_organizations_sees_their_teams(client, owner):
    second = factories.make_organization(name="Second Org")
    factories.make_user(second, email="someone@example.org")
    db.session.add(Membership(user=owner, organization=second, role=Role.ORGANIZER))
    db.session.commit()
    sign_in(client)

    page = client.get("/manage/").get_data(as_text=True)

    assert f'/manage/{second.slug}/members' in page
    assert 'Sign-in Org' in page and 'Second Org' in page
