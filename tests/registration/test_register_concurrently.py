"""Seats are exact through HTTP too: many visitors posting the form at the same moment to a real threaded server."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from tests.registration.attendees import form, open_webinar, register_url
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration.models import Registration, RegistrationState

VISITORS = 60
SEATS = 10


@pytest.fixture
def app_config(app_config):
    # Mail stays in the outbox, where the test checks that everyone got theirs.
    return {**app_config, "HUEY_IMMEDIATE": False}


@pytest.fixture
def server_url(live_server):
    return live_server


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_sixty_visitors_at_once_for_ten_seats(app, clock, server_url):
    webinar = open_webinar(capacity=SEATS, waitlist_enabled=True)
    url = server_url + register_url(webinar)
    opener = urllib.request.build_opener(NoRedirect)
    start = threading.Barrier(VISITORS)

    def visitor(number: int) -> int:
        body = urllib.parse.urlencode(form(email=f"visitor{number}@example.org")).encode()
        start.wait()  # everyone posts at the same moment
        try:
            with opener.open(urllib.request.Request(url, data=body), timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as answer:
            return answer.code

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        statuses = list(pool.map(visitor, range(VISITORS)))

    assert statuses == [302] * VISITORS
    db.session.expire_all()
    rows = db.session.execute(
        select(Registration.email, Registration.state).where(Registration.webinar_id == webinar.id)
    ).all()
    states = [state for _email, state in rows]
    assert states.count(RegistrationState.CONFIRMED) == SEATS
    assert states.count(RegistrationState.WAITLISTED) == VISITORS - SEATS
    emails = [email for email, _state in rows]
    assert sorted(emails) == sorted(f"visitor{n}@example.org" for n in range(VISITORS))
    mailed = db.session.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "received")).all()
    assert sorted(mailed) == sorted(emails)
