"""Redis hung, then down, under a running app server and worker (private Redis, see conftest.py).

People keep registering and signing in; rate limits still hold, counted in the server's memory; the
wake-up calls that could not be queued are made up by the worker's periodic sweep once Redis is
back, and each message still goes out once; the worker says "unreachable" once, not a traceback a try.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import factories
from tests.outages.conftest import only_on_the_postgresql_pass, wait_for
from tests.registration.attendees import form, open_webinar
from tests.scaleout.test_multiprocess import Visitor

pytestmark = [pytest.mark.multiprocess, only_on_the_postgresql_pass]

# Seconds a visitor waits for an answer. Redis is given REDIS_TIMEOUT_SECONDS (0.5) per try; before,
# a hung Redis held a request 5 s per command, times redis-py's retries.
PATIENCE = 4
LOGIN_ATTEMPTS = 5  # per hour and client address (tests/scaleout/conftest.py)
CONFIRMATION = "You are registered:"


@pytest.fixture
def app_config(app_config, private_redis):
    return {**app_config, "REDIS_URL": private_redis.url, "HUEY_IMMEDIATE": False}


def confirmations(smtp) -> Counter:
    return Counter(
        address
        for received in list(smtp.received)
        if received.message["Subject"].startswith(CONFIRMATION)
        for address in received.recipients
    )


def register(site, webinar, email: str) -> int:
    visitor = Visitor(patience=PATIENCE)
    url = f"{site.server}/webinars/{webinar.slug}/register"
    answer = visitor.post(url, form(email=email, csrf_token=visitor.csrf_token(url)))
    assert (answer.status, answer.location) == (302, f"/webinars/{webinar.slug}/register/done"), answer.text[:300]
    return answer.status


def sign_in(site, email: str, password: str, attempts: int = 1) -> list[int]:
    """The statuses of ``attempts`` sign-ins by one visitor."""
    visitor = Visitor(patience=PATIENCE)
    fields = {"email": email, "password": password, "csrf_token": visitor.csrf_token(site.server + "/login")}
    return [visitor.post(site.server + "/login", fields).status for _ in range(attempts)]


def test_registration_and_sign_in_go_on_while_redis_is_hung_or_down_and_mail_follows(
    app, smtp, private_redis, start_site
):
    organization = factories.make_organization("APEBI")
    owner = factories.make_user(organization, email="owner@apebi.example")
    webinar = open_webinar(organization, capacity=50)
    site = start_site(
        database_url=app.config["SQLALCHEMY_DATABASE_URI"],
        redis_url=private_redis.url,
        SWEEP_SECONDS=2,  # instead of every minute
    )

    register(site, webinar, "before@example.org")
    wait_for(lambda: confirmations(smtp) == Counter(["before@example.org"]), site, "the mail woken through Redis")

    private_redis.hang()
    register(site, webinar, "while-hung@example.org")
    assert sign_in(site, owner.email, factories.DEFAULT_PASSWORD) == [302], "the owner signs in"
    # Someone tries passwords from the same address: the owner's sign-in was the first attempt.
    guesses = sign_in(site, owner.email, "not the password", attempts=LOGIN_ATTEMPTS)
    assert guesses == [422] * (LOGIN_ATTEMPTS - 1) + [429], "the limit holds, counted in memory"

    private_redis.stop()
    register(site, webinar, "while-down@example.org")
    site.check_running()
    assert confirmations(smtp) == Counter(["before@example.org"]), "no wake-up reached the worker"

    private_redis.start()  # empty: the wake-up calls are lost for good; the sweep makes up for them
    everyone = Counter(["before@example.org", "while-hung@example.org", "while-down@example.org"])
    wait_for(lambda: confirmations(smtp) == everyone, site, "the mail of the outage, by the sweep")
    wait_for(lambda: "Redis (job queue) reachable again" in site.output("worker"), site, "the worker back")
    assert confirmations(smtp) == everyone, "each once"

    worker = site.output("worker")
    assert worker.count("Redis (job queue) unreachable") == 1, worker
    assert "Traceback" not in worker, worker
    server = site.output("server")
    assert server.count("Redis (job queue) unreachable") == 1, server
    assert "Traceback" not in server, server
