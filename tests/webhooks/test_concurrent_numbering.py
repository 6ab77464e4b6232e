"""Visitors registering for several webinars of one organization at the same moment, through a real
threaded server: every event gets its own number, with no gap and no duplicate."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from tests.registration.attendees import form, open_webinar, register_url
from tests.webhooks.conftest import add_endpoint
from webinars.extensions import db
from webinars.webhooks.models import WebhookEvent

VISITORS = 24


@pytest.fixture
def app_config(app_config):
    return {**app_config, "HUEY_IMMEDIATE": False}  # numbering, not sending, is what is looked at


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_simultaneous_registrations_get_consecutive_numbers(app, clock, live_server, organizer, receiver):
    add_endpoint(organizer.organization, receiver.url)
    webinars = [open_webinar(organizer.organization, capacity=5, waitlist_enabled=True) for _ in range(3)]
    urls = [live_server + register_url(webinar) for webinar in webinars]
    opener = urllib.request.build_opener(NoRedirect)
    start = threading.Barrier(VISITORS)

    def visitor(number: int) -> int:
        body = urllib.parse.urlencode(form(email=f"visitor{number}@example.org")).encode()
        start.wait()
        try:
            with opener.open(urllib.request.Request(urls[number % 3], data=body), timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as answer:
            return answer.code

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        statuses = list(pool.map(visitor, range(VISITORS)))

    assert statuses == [302] * VISITORS
    db.session.expire_all()
    sequences = sorted(db.session.scalars(select(WebhookEvent.sequence)))
    assert sequences == list(range(1, VISITORS + 1))
