"""The confirmation e-mail, received on a real SMTP server: personal link in both parts, in the registrant's language."""

from __future__ import annotations

import re

from tests.registration.attendees import form, open_webinar, register_url

LINK = re.compile(r"http://localhost/r/[A-Za-z0-9_-]{43}")


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_confirmation_mail_carries_the_personal_link_in_both_parts(client, clock, mail_via_smtp):
    webinar = open_webinar(title="Fès-Meknès, territoire digital")

    client.post(register_url(webinar), data=form(), headers={"Accept-Language": "en"})

    [message] = mail_via_smtp.messages_to("amina@example.org")
    assert message["Content-Language"] == "en"
    assert "Fès-Meknès, territoire digital" in message["Subject"]
    text, html = parts(message)
    [link] = set(LINK.findall(text))
    assert link in html
    page = client.get(link.removeprefix("http://localhost") + "?lang=en")
    assert page.status_code == 200
    assert "Fès-Meknès, territoire digital" in page.get_data(as_text=True)


def test_confirmation_mail_is_in_the_language_the_visitor_registered_in(client, clock, mail_via_smtp):
    # 16 November 2026 is a Monday: the date is written out in French.
    webinar = open_webinar(starts_at=clock.now().replace(day=16, hour=10))

    client.post(register_url(webinar) + "?lang=fr", data=form())

    [message] = mail_via_smtp.messages_to("amina@example.org")
    assert message["Content-Language"] == "fr"
    text, html = parts(message)
    assert "lundi 16 novembre 2026" in text and "lundi 16 novembre 2026" in html
    assert LINK.search(text) and LINK.search(html)


def test_confirmation_mail_body_has_the_join_page_and_add_to_calendar_links(client, clock, mail_via_smtp):
    webinar = open_webinar(title="Fès-Meknès, territoire digital", join_url="https://meet.example.org/fes")

    client.post(register_url(webinar), data=form(), headers={"Accept-Language": "en"})

    [message] = mail_via_smtp.messages_to("amina@example.org")
    text, html = parts(message)
    [link] = set(LINK.findall(text))
    for body in (text, html):
        assert f"{link}/join" in body  # the personal join page, never the platform's own link
        assert "https://meet.example.org/fes" not in body
        assert "https://calendar.google.com/calendar/render?" in body
        assert "https://outlook.live.com/calendar/" in body
        assert f"{link}/invite.ics" in body
        assert "Add to your calendar" in body
    # A personal link never goes into Google's or Microsoft's addresses.
    token = link.rsplit("/", 1)[1]
    for line in text.splitlines():
        if "google.com" in line or "outlook" in line:
            assert token not in line


def test_a_waitlisted_registrant_gets_no_join_link_nor_calendar_buttons(client, clock, mail_via_smtp):
    webinar = open_webinar(join_url="https://meet.example.org/fes", capacity=0, waitlist_enabled=True)

    client.post(register_url(webinar), data=form(), headers={"Accept-Language": "en"})

    [message] = mail_via_smtp.messages_to("amina@example.org")
    text, html = parts(message)
    assert "/join" not in text and "Add to your calendar" not in text
    assert "calendar.google.com" not in html
