"""Scale-out for real: two gunicorn servers and two ``webinars worker`` processes sharing PostgreSQL
and Redis (see ``conftest.py``). Seats stay exact across servers, every mail is delivered once although
two workers compete for it, a session opened on one server is valid on the other, and the sign-in
limit counts attempts on all servers together.

Needs PostgreSQL and Redis: skipped unless WEBINARS_TEST_DATABASE_URL is a PostgreSQL URL and
WEBINARS_TEST_REDIS_URL is set (``.ci/run`` sets both; then a service that does not answer fails).
"""

from __future__ import annotations

import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import select

from tests import factories
from tests.registration.attendees import form, open_webinar
from webinars import clock
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration.models import Registration, RegistrationState
from webinars.registration.service import counts_by_state

pytestmark = [
    pytest.mark.multiprocess,
    pytest.mark.skipif(
        not os.environ.get("WEBINARS_TEST_DATABASE_URL", "").startswith(("postgresql", "postgres:"))
        or not os.environ.get("WEBINARS_TEST_REDIS_URL"),
        reason="needs PostgreSQL (WEBINARS_TEST_DATABASE_URL) and Redis (WEBINARS_TEST_REDIS_URL)",
    ),
]

SEATS = 40
ATTEMPTS = 200
VISITORS_AT_ONCE = 16
# The reminder comes due this long after the webinar is created, about when the registrations end;
# sweeps run all along, before it is due and after.
REMINDER_LEAD = timedelta(seconds=20)
MAIL_TIMEOUT = 60
REGISTRATION_SUBJECTS = ("You are registered:", "You are on the waitlist:")
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*\bvalue="([^"]+)"')


@dataclass
class Answer:
    status: int
    location: str | None
    text: str
    headers: dict[str, str] = field(default_factory=dict)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's browser: its own cookies, English (or ``language``), redirects left for the
    test to see, and ``patience`` seconds for each answer.

    Cookies are kept per host, not per port, so the same cookies go to both servers, as they do
    to every server behind one reverse proxy.
    """

    def __init__(self, language: str = "en", patience: float = 60):
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)
        self.language = language
        self.patience = patience

    def get(self, url: str) -> Answer:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, fields: dict[str, str]) -> Answer:
        return self._open(urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode()))

    def csrf_token(self, url: str) -> str:
        page = self.get(url)
        assert page.status == 200, f"GET {url} answered {page.status}"
        match = CSRF_FIELD.search(page.text)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def _open(self, request: urllib.request.Request) -> Answer:
        request.add_header("Accept-Language", self.language)
        try:
            with self._opener.open(request, timeout=self.patience) as response:
                return Answer(response.status, response.headers.get("Location"), response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.headers.get("Location"), error.read().decode(), dict(error.headers))


@contextmanager
def sweeping(huey, every: float = 1.0):
    """Enqueue the periodic sweep twice each ``every`` seconds, as the schedulers of two workers do
    each minute (same call), only faster, so the reminder goes out seconds after it comes due."""
    stop = threading.Event()

    def schedule() -> None:
        while not stop.wait(every):
            for _scheduler in range(2):
                for task in huey.read_periodic(None):
                    huey.enqueue(task)

    scheduler = threading.Thread(target=schedule, name="sweep-scheduler")
    scheduler.start()
    try:
        yield
    finally:
        stop.set()
        scheduler.join()


def wait_for(condition, deployment, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        deployment.check_running()
        assert time.monotonic() < deadline, f"{what}: still waiting after {timeout} s"
        time.sleep(0.2)


def recipients(smtp, subject_start: str | tuple[str, ...]) -> Counter:
    """How many messages each address received whose subject starts with ``subject_start`` (or one of them)."""
    return Counter(
        address
        for received in list(smtp.received)
        if received.message["Subject"].startswith(subject_start)
        for address in received.recipients
    )


def emails_in_state(webinar, state: RegistrationState) -> set[str]:
    emails = set(
        db.session.scalars(
            select(Registration.email).where(Registration.webinar_id == webinar.id, Registration.state == state)
        )
    )
    db.session.rollback()  # hold no transaction open while the servers work
    return emails


def test_two_servers_and_two_workers_behave_as_one_site(app, deployment, smtp):
    organization = factories.make_organization("APEBI")
    owner = factories.make_user(organization, email="owner@apebi.example")
    reminder_due = clock.now() + REMINDER_LEAD
    webinar = open_webinar(
        organization,
        title="Offshoring at scale",
        capacity=SEATS,
        waitlist_enabled=True,
        reminder_minutes="60",
        starts_at=reminder_due + timedelta(minutes=60),
    )
    huey = app.extensions["huey"]
    started = time.monotonic()
    with sweeping(huey):
        confirmed = assert_seats_exact_across_servers(deployment, webinar)
        print(f"{ATTEMPTS} registrations in {time.monotonic() - started:.1f} s")
        assert_registration_mail_delivered_once(deployment, smtp, webinar, confirmed)
        print(f"registration mails delivered after {time.monotonic() - started:.1f} s")
        assert_session_valid_on_the_other_server(deployment, webinar, owner)
        assert_sign_in_limit_shared(deployment, owner)

        # The reminder goes out when its time comes, once to each confirmed registrant, although
        # both workers sweep, and sweeps went on all along, before it was due too.
        time.sleep(max(0.0, (reminder_due - clock.now()).total_seconds()))
        wait_for(lambda: recipients(smtp, "Reminder:").total() >= SEATS, deployment, MAIL_TIMEOUT, "reminders")
        time.sleep(2)  # more sweeps: a second reminder would be queued now
    wait_for(lambda: huey.pending_count() == 0, deployment, MAIL_TIMEOUT, "the last sweeps")
    time.sleep(1)  # and delivered now
    print(f"reminders delivered after {time.monotonic() - started:.1f} s")

    assert recipients(smtp, "Reminder:") == Counter(confirmed)
    queued_at = db.session.scalars(select(OutboxMessage.queued_at).where(OutboxMessage.kind == "reminder")).all()
    assert len(queued_at) == SEATS
    assert min(queued_at) >= reminder_due, "a reminder was queued before it was due"
    assert recipients(smtp, REGISTRATION_SUBJECTS).total() == ATTEMPTS
    assert len(smtp.received) == ATTEMPTS + SEATS, "nothing else was sent"


def assert_seats_exact_across_servers(deployment, webinar) -> set[str]:
    """200 visitors at once, spread over both servers, for 40 seats; returns the confirmed addresses."""
    register_path = f"/webinars/{webinar.slug}/register"

    def register(number: int) -> Answer:
        visitor = Visitor()
        # A proxy does not keep a visitor on one server: the form comes from one, the POST goes to the other.
        token = visitor.csrf_token(deployment.server(number) + register_path)
        fields = form(email=f"registrant{number}@example.org", csrf_token=token)
        return visitor.post(deployment.server(number + 1) + register_path, fields)

    with ThreadPoolExecutor(max_workers=VISITORS_AT_ONCE) as pool:
        outcomes = list(pool.map(register, range(ATTEMPTS)))

    done = (302, f"{register_path}/done")
    assert [(answer.status, answer.location) for answer in outcomes] == [done] * ATTEMPTS
    counts = counts_by_state(webinar.id)
    db.session.rollback()
    assert counts[RegistrationState.CONFIRMED] == SEATS
    assert counts[RegistrationState.WAITLISTED] == ATTEMPTS - SEATS, "the others wait, as the webinar says"
    return emails_in_state(webinar, RegistrationState.CONFIRMED)


def assert_registration_mail_delivered_once(deployment, smtp, webinar, confirmed: set[str]) -> None:
    """Each registrant gets one message saying which, although two workers (and sweeps) compete for it."""
    waitlisted = emails_in_state(webinar, RegistrationState.WAITLISTED)
    wait_for(
        lambda: recipients(smtp, REGISTRATION_SUBJECTS).total() >= ATTEMPTS, deployment, MAIL_TIMEOUT, "registration mail"
    )
    time.sleep(1)  # a duplicate would arrive now
    assert recipients(smtp, "You are registered:") == Counter(confirmed)
    assert recipients(smtp, "You are on the waitlist:") == Counter(waitlisted)


def assert_session_valid_on_the_other_server(deployment, webinar, owner) -> None:
    organizer = Visitor()
    token = organizer.csrf_token(deployment.server(0) + "/login")
    credentials = {"email": owner.email, "password": factories.DEFAULT_PASSWORD, "csrf_token": token}
    assert organizer.post(deployment.server(0) + "/login", credentials).status == 302

    registrants_page = f"/manage/webinars/{webinar.id}/registrations"
    page = organizer.get(deployment.server(1) + registrants_page)
    assert page.status == 200
    assert re.search(r"registrant\d+@example\.org", page.text), "the organizer sees the registrants"
    stranger = Visitor().get(deployment.server(1) + registrants_page)
    assert stranger.status == 302
    assert "/login" in stranger.location


def assert_sign_in_limit_shared(deployment, owner) -> None:
    """Attempts count on both servers together; the owner's sign-in just before was the first one."""
    intruder = Visitor()
    token = intruder.csrf_token(deployment.server(1) + "/login")
    wrong = {"email": owner.email, "password": "not the password", "csrf_token": token}
    statuses = [
        intruder.post(deployment.server(number) + "/login", wrong).status
        for number in range(deployment.login_attempts + 1)
    ]
    assert statuses == [422] * (deployment.login_attempts - 1) + [429, 429], "both servers refuse past the limit"
