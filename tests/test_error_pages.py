"""Every error page, down to the last-resort 500, carries the security headers (webinars/security.py)."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy.exc import OperationalError

from webinars import errors
from webinars.security import SECURITY_HEADERS


@pytest.fixture
def app_config(app_config):
    # As in production: an unexpected error becomes the 500 page instead of reaching the test.
    return {**app_config, "PROPAGATE_EXCEPTIONS": False}


@pytest.fixture
def app(app):
    @app.get("/test/crash")
    def crash():
        raise RuntimeError("a bug")

    @app.get("/test/unavailable")
    def unavailable():
        abort(503)

    return app


def assert_security_headers(response) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name) == value, name


@pytest.mark.parametrize(
    ("path", "status"), [("/test/crash", 500), ("/test/unavailable", 503), ("/no-such-page", 404)]
)
def test_error_pages_carry_the_security_headers(client, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert_security_headers(response)


def test_when_the_error_page_itself_fails_a_plain_500_still_carries_them(client, monkeypatch):
    def database_down(*args, **kwargs):
        raise OperationalError("SELECT users", {}, ConnectionRefusedError("the database is down"))

    monkeypatch.setattr(errors, "render_template", database_down)

    for path in ("/test/crash", "/test/unavailable"):
        response = client.get(path)

        assert response.status_code == 500
        assert_security_headers(response)
        page = response.get_data(as_text=True)
        assert "Something went wrong" in page and "Une erreur est survenue" in page
        assert "Traceback" not in page and "the database is down" not in page


def test_a_response_that_sets_its_own_header_keeps_it(client, app):
    # Token pages say "no-referrer"; the default does not replace it.
    response = client.get("/invitations/some-token")

    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers.getlist("Referrer-Policy") == ["no-referrer"]
