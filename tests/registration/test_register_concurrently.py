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


def post_at_once(url: str, emails: list[str]) -> list[int]:
    opener = urllib.request.build_opener(NoRedirect)
    start = threading.Barrier(len(emails))

    def visitor(email: str) -> int:
        body = urllib.parse.urlencode(form(email=email)).encode()
        start.wait()
        try:
            with opener.open(urllib.request.Request(url, data=body), timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as answer:
            return answer.code

    with ThreadPoolExecutor(max_workers=len(emails)) as pool:
        return list(pool.map(visitor, emails))


def test_one_address_posted_twenty_times_at_once_is_one_registration(app, clock, server_url):
    """A new address's rows are written before the webinar's lock: the twenty requests race to the
    unique index, one wins, and the others, asked again, send the link again as for any repeat."""
    webinar = open_webinar(capacity=SEATS)

    statuses = post_at_once(server_url + register_url(webinar), ["same@example.org"] * 20)

    assert statuses == [302] * 20
    db.session.expire_all()
    rows = db.session.scalars(select(Registration).where(Registration.webinar_id == webinar.id)).all()
    assert [(row.email, row.state) for row in rows] == [("same@example.org", RegistrationState.CONFIRMED)]
    kinds = db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.to_address == "same@example.org")).all()
    assert sorted(kinds) == ["link_again"] * 19 + ["received"]


def test_forty_visitors_for_ten_seats_without_a_waitlist(app, clock, server_url):
    """Without a waitlist the last seats are decided under the lock: ten registered, thirty told it is
    full, and nothing left behind of the thirty (their rows were written before the lock, then undone)."""
    webinar = open_webinar(capacity=SEATS, waitlist_enabled=False)

    statuses = post_at_once(server_url + register_url(webinar), [f"visitor{n}@example.org" for n in range(40)])

    assert sorted(statuses) == [302] * SEATS + [422] * 30
    db.session.expire_all()
    states = db.session.scalars(select(Registration.state).where(Registration.webinar_id == webinar.id)).all()
    assert states == [RegistrationState.CONFIRMED] * SEATS
    assert len(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.kind == "received")).all()) == SEATS
