"""Forgot password: a single-use link by e-mail (real SMTP server), valid one hour, same answer for everyone."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.statements import recorded_statements
from webinars.accounts.models import PasswordReset, PasswordResetRequest
from webinars.accounts.passwords import send_requested_password_resets
from webinars.extensions import db
from webinars.tokens import hash_token

LINK = re.compile(r"http://localhost/password/reset/[A-Za-z0-9_-]+")
NEW_PASSWORD = "a brand new long secret"
NEW = {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}


@pytest.fixture
def amina(app):
    return factories.make_user(factories.make_organization(), email="amina@example.org", full_name="Amina Alaoui")


def ask_for_link(client, smtp, email="amina@example.org") -> str:
    """The reset page's path, from the newest e-mail sent to the address."""
    response = client.post("/password/forgot", data={"email": email})
    assert response.status_code == 302
    message = smtp.messages_to(email.lower())[-1]
    [link] = LINK.findall(message.get_body(("plain",)).get_content())
    assert link in message.get_body(("html",)).get_content()
    return urlsplit(link).path


def signs_in(app, email: str, password: str) -> bool:
    return app.test_client().post("/login", data={"email": email, "password": password}).status_code == 302


def reset_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PasswordReset))


def test_sign_in_page_links_to_the_forgot_password_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in page and "Forgot your password?" in page
    form = client.get("/password/forgot")
    assert form.status_code == 200 and 'name="email"' in form.get_data(as_text=True)


def test_end_to_end_reset_by_email_signs_in_and_replaces_the_password(app, client, clock, amina, mail_via_smtp):
    response = client.post("/password/forgot", data={"email": " Amina@Example.org "})

    assert response.status_code == 302 and response.headers["Location"] == "/password/forgot/sent"
    assert "If an account exists for this address, we have sent a link" in client.get("/password/forgot/sent").get_data(as_text=True)
    [message] = mail_via_smtp.messages_to("amina@example.org")
    assert "Amina Alaoui" in message.get_body(("plain",)).get_content()
    path = urlsplit(LINK.search(message.get_body(("plain",)).get_content()).group()).path
    [reset] = db.session.scalars(select(PasswordReset)).all()
    assert reset.token_hash == hash_token(path.rsplit("/", 1)[1]) and reset.user_id == amina.id
    assert reset.expires_at == clock.now() + timedelta(hours=1)

    form = client.get(path)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "private, no-store"
    assert form.headers["Referrer-Policy"] == "no-referrer"
    assert "amina@example.org" in form.get_data(as_text=True)
    done = client.post(path, data=NEW)

    assert done.status_code == 302 and done.headers["Location"] == "/manage/"
    assert client.get("/manage/").headers["Location"].startswith("/manage/"), "signed in: on to the dashboard"
    assert not signs_in(app, "amina@example.org", factories.DEFAULT_PASSWORD), "the old password stops working"
    assert signs_in(app, "amina@example.org", NEW_PASSWORD)


def test_reset_starts_a_fresh_session(client, amina, mail_via_smtp):
    path = ask_for_link(client, mail_via_smtp)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"

    client.post(path, data=NEW)

    db.session.refresh(amina)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == amina.get_id()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, amina, mail_via_smtp):
    known = client.post("/password/forgot", data={"email": "amina@example.org"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"})

    assert (unknown.status_code, unknown.headers["Location"]) == (known.status_code, known.headers["Location"])
    assert mail_via_smtp.messages_to("nobody@example.org") == []
    assert len(mail_via_smtp.received) == 1
    assert reset_count() == 1


def test_malformed_address_is_refused_on_the_form(client, mail_via_smtp):
    response = client.post("/password/forgot", data={"email": "not an address"})
    assert response.status_code == 422
    assert mail_via_smtp.received == [] and reset_count() == 0


def test_link_expires_after_an_hour_and_nothing_changes(app, client, clock, amina, mail_via_smtp):
    path = ask_for_link(client, mail_via_smtp)

    clock.advance(minutes=59)
    assert client.get(path).status_code == 200
    clock.advance(minutes=1)
    expired = client.get(path)
    attempt = client.post(path, data=NEW)

    assert expired.status_code == 410 and "This link has expired" in expired.get_data(as_text=True)
    assert attempt.status_code == 410
    assert signs_in(app, "amina@example.org", factories.DEFAULT_PASSWORD)
    assert not signs_in(app, "amina@example.org", NEW_PASSWORD)


def test_link_works_once(app, client, amina, mail_via_smtp):
    path = ask_for_link(client, mail_via_smtp)
    assert client.post(path, data=NEW).status_code == 302

    stranger = app.test_client()
    again = stranger.get(path)
    reuse = stranger.post(path, data={"password": "an attacker's password", "confirm_password": "an attacker's password"})

    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert reuse.status_code == 410
    assert signs_in(app, "amina@example.org", NEW_PASSWORD)
    assert not signs_in(app, "amina@example.org", "an attacker's password")


def test_a_reset_voids_the_other_open_links_of_the_account(app, client, amina, mail_via_smtp):
    first = ask_for_link(client, mail_via_smtp)
    second = ask_for_link(client, mail_via_smtp)
    assert first != second

    assert client.post(second, data=NEW).status_code == 302

    assert app.test_client().get(first).status_code == 410


def test_unknown_link_is_404(client):
    response = client.get("/password/reset/not-a-real-token")
    assert response.status_code == 404
    assert "This password reset link is not valid" in response.get_data(as_text=True)


def test_new_password_is_checked_and_the_link_survives_a_mistake(app, client, amina, mail_via_smtp):
    path = ask_for_link(client, mail_via_smtp)

    short = client.post(path, data={"password": "short", "confirm_password": "short"})
    differ = client.post(path, data={**NEW, "confirm_password": "another long secret"})

    assert short.status_code == 422 and "at least 10 characters" in short.get_data(as_text=True)
    assert differ.status_code == 422 and "The two passwords differ." in differ.get_data(as_text=True)
    assert signs_in(app, "amina@example.org", factories.DEFAULT_PASSWORD)
    assert client.post(path, data=NEW).status_code == 302, "the link still works"


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", "LOGIN_RATE_LIMIT": "3 per minute"}

    def test_fourth_request_in_a_minute_is_refused(self, client, amina, mail_via_smtp):
        answers = [client.post("/password/forgot", data={"email": "amina@example.org"}).status_code for _ in range(4)]

        assert answers == [302, 302, 302, 429]
        assert len(mail_via_smtp.messages_to("amina@example.org")) == 3
        assert client.get("/password/forgot").status_code == 200, "reading the form is not limited"


def test_known_and_unknown_addresses_cost_the_request_the_same_work(app, client, amina, mail_via_smtp):
    """Neither the answer nor the time it takes tells whether an address has an account: the request
    writes the address down and wakes the worker, the same statements for both; the worker decides."""
    wake_ups = []
    app.extensions["wake_password_resets"] = lambda: wake_ups.append("wake")

    def ask(email: str):
        with app.app_context(), recorded_statements() as statements:  # a request's own session, as in production
            response = client.post("/password/forgot", data={"email": email})
        return response, statements

    known, known_statements = ask("amina@example.org")
    unknown, unknown_statements = ask("nobody@example.org")

    assert (known.status_code, known.headers["Location"], known.data) == (
        unknown.status_code,
        unknown.headers["Location"],
        unknown.data,
    )
    assert known_statements == unknown_statements
    assert [statement.split()[0] for statement in known_statements] == ["INSERT"]
    assert wake_ups == ["wake", "wake"]
    assert mail_via_smtp.received == [] and reset_count() == 0, "nothing is decided in the request"

    assert send_requested_password_resets() == 1

    assert len(mail_via_smtp.messages_to("amina@example.org")) == 1
    assert mail_via_smtp.messages_to("nobody@example.org") == []
    assert reset_count() == 1
    assert db.session.scalar(select(func.count()).select_from(PasswordResetRequest)) == 0, "every request answered"


def test_a_lost_wake_up_call_is_made_up_by_the_periodic_sweep(app, client, amina, mail_via_smtp):
    def queue_down():
        raise ConnectionError("the queue is down")

    app.extensions["wake_password_resets"] = queue_down

    response = client.post("/password/forgot", data={"email": "amina@example.org"})

    assert response.status_code == 302 and mail_via_smtp.received == []
    assert send_requested_password_resets in app.extensions["periodic_jobs"]
    send_requested_password_resets()
    assert len(mail_via_smtp.messages_to("amina@example.org")) == 1
