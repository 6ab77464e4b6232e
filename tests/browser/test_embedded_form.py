"""The registration form embedded in another site's page: framed, resized to its content, and
working although the browser sends none of our cookies to a third-party frame."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import Page
from sqlalchemy import select

from tests.registration.attendees import open_webinar
from webinars.extensions import db
from webinars.registration.models import Registration
from webinars.sharing import service as sharing



@contextmanager
def organization_site(html: str):
    """The organization's own site: another origin and another site than the app's 127.0.0.1 (so the
    browser treats the frame as third-party and sends it no cookie). On loopback too, because
    Chromium does not let a public site frame a loopback address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}/our-events.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_visitor_registers_through_the_form_on_the_organizations_site(page: Page, app, live_server, clock):
    webinar = open_webinar()
    with app.test_request_context():
        snippet = sharing.embed_snippet(webinar).replace("http://localhost", live_server)
    host_html = f"<!doctype html><html lang='en'><head><title>Our events</title></head><body><h1>Our events</h1>{snippet}</body></html>"
    with organization_site(host_html) as host_page:
        page.goto(host_page)
        register_in_the_frame(page, host_page)
    db.session.expire_all()
    saved = db.session.scalar(select(Registration).where(Registration.email == "salma.idrissi@example.org"))
    assert saved is not None and saved.webinar_id == webinar.id


def register_in_the_frame(page: Page, host_page: str) -> None:
    frame_element = page.locator("iframe[data-webinars-embed]")
    frame = page.frame_locator("iframe[data-webinars-embed]")
    frame.get_by_label("Prénom", exact=True).wait_for()

    # embed-host.js sets the frame's height to what the form inside reports (no inner scroll bar)
    page.wait_for_function(
        "() => { const f = document.querySelector('iframe[data-webinars-embed]'); return f.style.height && parseInt(f.style.height) > 700; }"
    )
    inner_height = frame_element.evaluate("f => f.contentDocument ? null : parseInt(f.style.height)")
    assert inner_height and inner_height > 700

    frame.get_by_label("Prénom", exact=True).fill("Salma")
    frame.get_by_label("Nom", exact=True).fill("Idrissi")
    frame.get_by_label("E-mail", exact=True).fill("salma.idrissi@example.org")
    frame.locator("#affiliation").fill("CRI Fès-Meknès")
    frame.locator("#job_title").fill("Chargée de mission")
    frame.locator("#city").fill("Fès")
    frame.locator("#country").select_option("MA")
    frame.locator("#consent").check()
    frame.locator("form.registration-form button[type=submit]").click()
    frame.get_by_role("heading", name="Consultez votre boîte de réception").wait_for()

    assert page.url == host_page  # the visitor never left the organization's site
