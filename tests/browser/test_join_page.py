"""A registrant opens their join page before, during and after the webinar, in a real browser.

The platform is another web server (another origin), as Zoom or Teams would be: the page's own script
posts "Join now", the click is counted, and the browser lands in the platform's room.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.joining.helpers import START, registrant, webinar_on
from webinars.extensions import db
from webinars.joining.models import JoinClick
from webinars.summaries import service as summaries


class Room(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = b"<!doctype html><title>Platform</title><h1>Platform room</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def platform():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Room)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/room/81234567890"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def clicks() -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(JoinClick.clicks)))


def test_join_before_during_and_after(page: Page, clock, platform):
    webinar = webinar_on(join_url=platform, timezone="Africa/Casablanca")
    _registration, token = registrant(webinar, first_name="Amina", last_name="Alaoui", language="en")

    # The day before: a countdown, the time in the event's zone and in the visitor's (Paris), no way in.
    clock.set(START - timedelta(days=1))
    page.goto(f"/r/{token}/join?lang=en")
    expect(page.get_by_role("heading", name="The doors are not open yet")).to_be_visible()
    expect(page.locator(".visitor-time")).to_contain_text("Europe/Paris")
    expect(page.locator(".event-when")).to_contain_text("Morocco time")
    countdown = page.locator("[data-countdown-seconds]")
    first = countdown.inner_text()
    page.wait_for_timeout(1500)
    assert countdown.inner_text() != first  # it counts down
    expect(page.get_by_role("button", name="Join now")).to_have_count(0)
    assert clicks() == []

    # Ten minutes before the start, the doors are open: the page lets the registrant in by itself.
    clock.set(START - timedelta(minutes=10))
    page.goto(f"/r/{token}/join?lang=en")
    page.wait_for_url(platform)
    expect(page.get_by_role("heading", name="Platform room")).to_be_visible()
    assert clicks() == [1]

    # Back on the page later (a dropped connection): counted again, still one registrant.
    clock.set(START + timedelta(minutes=40))
    page.goto(f"/r/{token}/join?lang=en")
    page.wait_for_url(platform)
    assert clicks() == [2]

    # After the end: the recording and the summary, nothing more to join.
    clock.set(START + timedelta(hours=3))
    summary = summaries.summary_for(webinar, clock.now())
    summary.recording_url = "https://video.example/offshoring"
    summaries.save_article(summary, "Retour", "Le webinaire a eu lieu.")
    summaries.publish(summary, clock.now())
    db.session.commit()
    page.goto(f"/r/{token}/join?lang=en")
    expect(page.get_by_role("heading", name="This webinar has ended")).to_be_visible()
    expect(page.get_by_role("link", name="Watch the recording")).to_have_attribute("href", "https://video.example/offshoring")
    page.get_by_role("link", name="Read the summary").click()
    expect(page.get_by_role("heading", name=webinar.title)).to_be_visible()
    assert clicks() == [2]


def test_without_script_join_now_is_a_button(browser, live_server, clock, platform):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    webinar = webinar_on(join_url=platform)
    _registration, token = registrant(webinar, language="en")
    clock.set(START)

    page.goto(f"/r/{token}/join?lang=en")
    assert clicks() == []  # opening the page is not joining
    page.get_by_role("button", name="Join now").click()
    page.wait_for_url(platform)
    assert clicks() == [1]
    context.close()
