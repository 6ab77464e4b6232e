"""Shared fixtures: the app on a real database (SQLite or PostgreSQL), a client, a signed-in organizer, a movable clock.

``WEBINARS_TEST_DATABASE_URL`` selects PostgreSQL; otherwise a SQLite file.
Each test starts from empty tables.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import g, has_app_context, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import func, select, text
from werkzeug.serving import make_server

from webinars import clock as app_clock
from webinars import create_app
from webinars.extensions import db
from webinars.registration.models import Registration, RegistrationState, RegistrationTally
from tests import factories
from tests.smtp_server import SMTPServer

TEST_DATABASE_URL = os.environ.get("WEBINARS_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path_factory.mktemp('database') / 'test.sqlite3'}"


def base_config(database_url: str, instance_path: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance_path),
        "BASE_URL": "http://localhost",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "HUEY_IMMEDIATE": True,
        # scrypt costs 0.17 s per hash; the scheme is not what these tests are about.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Tests move the clock by days and weeks while an organizer is signed in; the session
        # limits are tested with their defaults in tests/accounts/test_sessions.py.
        "SESSION_IDLE_HOURS": 100 * 365 * 24,
        "SESSION_LIFETIME_DAYS": 100 * 365,
    }


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Create the schema once per run, from the models."""
    app = create_app(base_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    yield


def empty_all_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Override in a test module to change settings for its app."""
    return base_config(database_url, tmp_path / "instance")


class FreshGlobalsClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, as in production.

    The ``app`` fixture keeps one application context pushed for the whole
    test (so tests can use the database directly) and Flask reuses it for
    requests, so ``g`` would otherwise carry Flask-Login's cached user,
    Flask-WTF's CSRF state and Flask-Babel's locale from one request (or one
    client) to the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g._get_current_object().__dict__.clear()
        return super().open(*args, **kwargs)


def tallies_that_disagree_with_a_count() -> list[tuple]:
    """Webinars whose kept registration counts (registration/tallies.py) differ from counting the rows."""
    counted = {
        (webinar_id, state): count
        for webinar_id, state, count in db.session.execute(
            select(Registration.webinar_id, Registration.state, func.count()).group_by(
                Registration.webinar_id, Registration.state
            )
        )
    }
    kept = {}
    for tally in db.session.scalars(select(RegistrationTally)):
        for state in RegistrationState:
            if getattr(tally, state.value):
                kept[(tally.webinar_id, state)] = getattr(tally, state.value)
    return sorted(set(counted.items()) ^ set(kept.items()), key=str)


@pytest.fixture
def app(_schema, app_config):
    app = create_app(app_config)
    app.test_client_class = FreshGlobalsClient
    with app.app_context():
        yield app
        db.session.remove()
        # Every test doubles as a check that no way of changing registrations skips the tallies.
        assert tallies_that_disagree_with_a_count() == [], "registration tallies differ from the counts"
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def rendered_templates(app):
    """The names of the templates rendered during the test, in order (Flask's ``template_rendered``)."""
    names: list[str] = []

    def seen(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(seen, app)
    yield names
    template_rendered.disconnect(seen, app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = factories.DEFAULT_PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def organizer(app, auth):
    """An owner of 'Test Organization' (zone Africa/Casablanca), signed in on ``client``."""
    organization = factories.make_organization(name="Test Organization", timezone="Africa/Casablanca")
    user = factories.make_user(organization, email="owner@example.org")
    response = auth.login(user.email)
    assert response.status_code == 302, "organizer fixture could not sign in"
    return factories.Namespace(user=user, organization=organization)


class MovableClock:
    """The app's clock, frozen at a chosen instant and moved by the test."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def now(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        assert moment.tzinfo is not None
        self.current = moment

    def advance(self, **kwargs) -> None:
        self.current += timedelta(**kwargs)


@pytest.fixture
def clock():
    movable = MovableClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    app_clock.set_source(movable)
    yield movable
    app_clock.set_source(None)


@pytest.fixture
def smtp():
    """A real SMTP server on a free loopback port; point the app at it with ``smtp_app_config``."""
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_via_smtp(app, smtp):
    """Send this test's mail to the ``smtp`` server (delivery runs at commit, in immediate mode)."""
    app.config["SMTP_URL"] = smtp.url
    app.config["MAIL_FROM"] = "APEBI Webinars <webinars@apebi.example>"
    return smtp


@pytest.fixture
def live_server(app):
    """The test app served by a real threaded HTTP server on a loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
