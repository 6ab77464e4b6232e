"""Seats stay exact when the API races the public form: 100 registrations at once, half through
``POST /api/v1/webinars/<id>/registrations`` and half through the registration form, on a real
gunicorn server (as in tests/scaleout/), for 20 seats: exactly 20 confirmed, the others waitlisted.

Runs on the PostgreSQL pass (WEBINARS_TEST_DATABASE_URL and WEBINARS_TEST_REDIS_URL, as tests/scaleout/).
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.helpers import new_token
from tests.registration.attendees import form, open_webinar
from tests.scaleout.conftest import BIN, STARTUP_TIMEOUT, answers, deployment_environment, start
from tests.scaleout.test_multiprocess import Visitor
from tests.smtp_server import free_port
from tests import factories
from webinars.extensions import db
from webinars.registration.models import RegistrationState
from webinars.registration.service import counts_by_state

pytestmark = [
    pytest.mark.multiprocess,
    pytest.mark.skipif(
        not os.environ.get("WEBINARS_TEST_DATABASE_URL", "").startswith(("postgresql", "postgres:"))
        or not os.environ.get("WEBINARS_TEST_REDIS_URL"),
        reason="needs PostgreSQL (WEBINARS_TEST_DATABASE_URL) and Redis (WEBINARS_TEST_REDIS_URL)",
    ),
]

SEATS = 20
ATTEMPTS = 100
AT_ONCE = 16


@pytest.fixture
def server(app, smtp, tmp_path):
    """One gunicorn server (two processes) on the test database; stopped before the tables are emptied."""
    environment = deployment_environment(smtp, app.config["SQLALCHEMY_DATABASE_URI"])
    port = free_port()
    gunicorn = [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    process = start("server", gunicorn, environment, tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not answers(url + "/login"):
            assert process.is_running(), process.tail()
            assert time.monotonic() < deadline, f"not ready after {STARTUP_TIMEOUT} s\n{process.tail()}"
            time.sleep(0.2)
        yield url
    finally:
        process.stop()
        print(process.tail())


def api_register(url: str, token: str, webinar_id: int, number: int) -> int:
    body = json.dumps(
        {"email": f"api{number}@example.org", "first_name": "Api", "last_name": f"N{number}", "consent_obtained": True}
    ).encode()
    request = urllib.request.Request(
        f"{url}/api/v1/webinars/{webinar_id}/registrations",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


def web_register(url: str, slug: str, number: int) -> int:
    visitor = Visitor()
    page = f"{url}/webinars/{slug}/register"
    fields = form(email=f"web{number}@example.org", csrf_token=visitor.csrf_token(page))
    return visitor.post(page, fields).status


def test_api_and_web_registrations_share_the_seats_exactly(app, server):
    organization = factories.make_organization("APEBI")
    webinar = open_webinar(organization, capacity=SEATS, waitlist_enabled=True)
    token = new_token(organization)
    webinar_id, slug = webinar.id, webinar.slug  # the threads have no database session

    def attempt(number: int) -> int:
        if number % 2:
            return api_register(server, token, webinar_id, number)
        return web_register(server, slug, number)

    with ThreadPoolExecutor(AT_ONCE) as pool:
        statuses = list(pool.map(attempt, range(ATTEMPTS)))
    api_statuses = statuses[1::2]
    web_statuses = statuses[0::2]
    assert set(api_statuses) == {201}, api_statuses
    assert set(web_statuses) <= {302, 303}, web_statuses

    db.session.rollback()  # see what the server committed
    counts = counts_by_state(webinar_id)
    assert counts[RegistrationState.CONFIRMED] == SEATS
    assert counts[RegistrationState.WAITLISTED] == ATTEMPTS - SEATS
