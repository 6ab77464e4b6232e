"""The page a visitor gets while the database cannot be reached: 503, Retry-After, in their language.

Here the app points at a PostgreSQL port where nothing listens; ``test_postgresql_outage.py`` stops a
real server under running app servers.
"""

from __future__ import annotations

import logging

import pytest

from tests.conftest import base_config
from tests.smtp_server import free_port
from webinars import create_app


@pytest.fixture
def app_without_database(tmp_path):
    app = create_app(
        {
            **base_config(f"postgresql://postgres@127.0.0.1:{free_port()}/webinars", tmp_path / "instance"),
            "UNAVAILABLE_RETRY_AFTER_SECONDS": 45,
        }
    )
    yield app
    with app.app_context():
        from webinars.extensions import db

        db.engine.dispose()


@pytest.mark.parametrize(
    ("language", "title", "advice"),
    [
        ("fr", "Service momentanément indisponible", "Merci de réessayer dans une minute."),
        ("en", "Temporarily unavailable", "Please try again in a minute."),
    ],
)
def test_pages_answer_503_with_retry_after_in_the_visitors_language(app_without_database, language, title, advice):
    client = app_without_database.test_client()
    for page in ("/", "/webinars/some-webinar", "/webinars/some-webinar/register"):
        response = client.get(page, headers={"Accept-Language": language})
        assert response.status_code == 503, page
        assert response.headers["Retry-After"] == "45"
        text = response.get_data(as_text=True)
        assert title in text and advice in text
        assert "Traceback" not in text and "psycopg" not in text


def test_a_form_posted_meanwhile_gets_the_same_page_and_the_outage_is_logged_once(
    app_without_database, caplog, monkeypatch
):
    client = app_without_database.test_client()
    # Alembic's logging setup (tests/database runs the migrations) disables the loggers that exist then.
    monkeypatch.setattr(logging.getLogger("webinars.outages"), "disabled", False)
    caplog.set_level(logging.INFO, logger="webinars.outages")
    for _ in range(5):
        response = client.post("/login", data={"email": "owner@example.org", "password": "secret"})
        assert response.status_code == 503
    warnings = [record.getMessage() for record in caplog.records if record.name == "webinars.outages"]
    assert len(warnings) == 1 and warnings[0].startswith("Database unreachable"), warnings


def test_a_schema_problem_of_sqlite_is_a_500_not_an_outage(app, client, monkeypatch):
    """"No such table" (a migration not applied) must not pass for a database that is briefly away."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from webinars.public import routes

    def missing_table(*args, **kwargs):
        raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("no such table: webinars"))

    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(routes, "render_template", missing_table)
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
