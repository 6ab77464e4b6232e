"""Security properties a visitor's browser sees: headers, cookies, and a production app that refuses weak settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories
from webinars import create_app
from webinars.config import ConfigurationError


def session_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_session_cookie_is_http_only_and_same_site_lax(client, app):
    factories.make_user(factories.make_organization(), email="amina@example.org")

    response = client.post("/login", data={"email": "amina@example.org", "password": factories.DEFAULT_PASSWORD})

    cookie = session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie, "plain-HTTP development keeps working"


def test_language_cookie_is_not_secure_over_plain_http(client):
    [cookie] = [c for c in client.get("/?lang=fr").headers.getlist("Set-Cookie") if c.startswith("lang=")]

    assert "Secure" not in cookie


def test_production_refuses_to_start_without_a_secret_key(app_config):
    with pytest.raises(RuntimeError, match="WEBINARS_SECRET_KEY must be set"):
        create_app({**app_config, "ENV_NAME": "production", "SECRET_KEY": None})


def test_production_refuses_an_empty_secret_key(app_config):
    with pytest.raises(RuntimeError, match="WEBINARS_SECRET_KEY"):
        create_app({**app_config, "ENV_NAME": "production", "SECRET_KEY": ""})


@pytest.mark.parametrize("name", ["production", "Production", "PRODUCTION", " production "])
def test_production_is_recognized_in_any_case(app_config, name):
    with pytest.raises(ConfigurationError, match="WEBINARS_SECRET_KEY must be set"):
        create_app({**app_config, "ENV_NAME": name, "SECRET_KEY": None})

    app = create_app({**app_config, "ENV_NAME": name})
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("name", ["prod", "staging", "", "Développement"])
def test_an_unknown_environment_name_stops_the_start(app_config, name):
    with pytest.raises(ConfigurationError) as refused:
        create_app({**app_config, "ENV_NAME": name})

    assert str(refused.value) == f"WEBINARS_ENV_NAME must be one of development, production (in any case), not {name!r}"


def test_the_command_line_says_what_is_wrong_without_a_traceback(tmp_path):
    environment = {**os.environ, "WEBINARS_ENV_NAME": "Prod", "WEBINARS_INSTANCE_PATH": str(tmp_path)}

    finished = subprocess.run(
        [str(Path(sys.executable).parent / "webinars"), "routes"], env=environment, capture_output=True, text=True, timeout=60
    )

    assert finished.returncode == 1
    assert finished.stderr == "Error: WEBINARS_ENV_NAME must be one of development, production (in any case), not 'Prod'\n"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/login"),
        ("POST", "/login"),
        ("GET", "/manage/"),
        ("GET", "/invitations/unknown"),
        ("GET", "/no-such-page"),
        ("GET", "/static/app.css"),
    ],
)
def test_security_headers_on_every_response(client, method, path):
    with client.open(path, method=method) as response:
        headers = response.headers

    policy = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    # A page whose address is a personal token never sends it on.
    personal = path.startswith("/invitations/")
    assert headers["Referrer-Policy"] == ("no-referrer" if personal else "strict-origin-when-cross-origin")


def test_pages_have_no_inline_scripts_or_styles(organizer, client, invite_by_page):
    invite_by_page(organizer.organization, "karim@example.org")
    pages = [
        client.get(f"/manage/{organizer.organization.slug}/members"),
        client.get("/login"),
    ]
    for response in pages:
        page = response.get_data(as_text=True)
        assert "<script>" not in page and "style=" not in page and " onclick=" not in page


def test_passwords_are_hashed_with_scrypt_by_default(database_url, tmp_path):
    from tests.conftest import base_config
    from webinars import create_app
    from webinars.accounts.models import User

    config = base_config(database_url, tmp_path / "instance")
    del config["PASSWORD_HASH_METHOD"]
    with create_app(config).app_context():
        user = User(email="someone@example.org", full_name="Someone")
        user.set_password("a long enough password")
        assert user.password_hash.startswith("scrypt:")
        assert user.check_password("a long enough password")
        assert not user.check_password("another password")
