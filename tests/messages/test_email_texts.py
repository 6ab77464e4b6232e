"""A webinar's own wording of its confirmations, reminders and follow-ups, with a reset to the default."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.registration.attendees import form, open_webinar, register_url
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.messages.models import TextKind, WebinarEmailText
from webinars.messages.texts import default_text
from webinars.registration import service as registration_service
from webinars.registration.service import RegistrantDetails
from webinars.reminders.service import send_due_reminders

LINK = re.compile(r"http://localhost/r/[A-Za-z0-9_-]{43}")


@pytest.fixture
def webinar(organizer, clock):
    return open_webinar(organizer.organization, title="Fès-Meknès, territoire digital")


def texts_url(webinar, kind: str = "confirmation") -> str:
    return f"/manage/webinars/{webinar.id}/email-texts/{kind}"


def save(client, webinar, kind="confirmation", **fields):
    data = {"subject_fr": "", "body_fr": "", "subject_en": "", "body_en": "", **fields}
    return client.post(texts_url(webinar, kind), data=data, follow_redirects=True)


def test_the_editor_starts_from_the_translated_default_with_placeholders(client, webinar):
    page = client.get(texts_url(webinar) + "?lang=fr").get_data(as_text=True)
    assert "Inscription confirmée\xa0: {{Titre du webinaire}}" in page
    assert "{{Titre du webinaire}}" in page and "{{Prénom}}" in page
    assert "{{Webinar title}}" in page and "{{First name}}" in page
    assert default_text(TextKind.REMINDER, "en") == ("Reminder: {{Webinar title}}", "Hello {{First name}},\n\nThis is a reminder: “{{Webinar title}}” starts soon.")


def test_a_confirmation_with_the_webinar_s_own_text_keeps_the_personal_link(client, webinar, mail_via_smtp):
    save(
        client,
        webinar,
        subject_en="Welcome aboard, {{First name}}!",
        body_en="Dear {{First name}},\n\nSee you at **{{Webinar title}}** on {{Webinar date}}.",
    )
    assert db.session.scalar(select(WebinarEmailText)).subject == "Welcome aboard, {{first_name}}!"
    client.post(register_url(webinar), data=form(), headers={"Accept-Language": "en"})
    [message] = mail_via_smtp.messages_to("amina@example.org")
    assert message["Subject"] == "Welcome aboard, Amina!"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Dear Amina," in text and "See you at Fès-Meknès, territoire digital on" in text
    assert "<strong>Fès-Meknès, territoire digital</strong>" in html
    assert "Thank you for registering" not in text
    assert LINK.search(text), "the built-in details follow, with the personal link"


def test_a_french_registrant_gets_the_default_when_only_english_was_changed(client, webinar, mail_via_smtp):
    save(client, webinar, subject_en="Welcome", body_en="Hi {{First name}}")
    client.post(register_url(webinar) + "?lang=fr", data=form())
    [message] = mail_via_smtp.messages_to("amina@example.org")
    assert "Fès-Meknès, territoire digital" in message["Subject"] and message["Subject"] != "Welcome"


def test_saving_the_default_stores_nothing_and_reset_removes_the_own_text(client, webinar):
    subject, body = default_text(TextKind.REMINDER, "fr")
    save(client, webinar, "reminder", subject_fr=subject, body_fr=body)
    assert db.session.scalars(select(WebinarEmailText)).all() == []
    save(client, webinar, "reminder", subject_fr="Rappel", body_fr="Bonjour {{Prénom}}")
    assert len(db.session.scalars(select(WebinarEmailText)).all()) == 1
    page = client.post(texts_url(webinar, "reminder") + "/reset", follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(select(WebinarEmailText)).all() == []
    assert "default text" in page


def test_hostile_placeholders_are_refused(client, webinar):
    page = save(client, webinar, subject_fr="x", body_fr="{{ 7**20000000 }}").get_data(as_text=True)
    assert "Unknown placeholders: {{ 7**20000000 }}" in page
    assert db.session.scalars(select(WebinarEmailText)).all() == []


def test_reminders_use_the_webinar_s_own_text(app, client, organizer, clock):
    webinar = open_webinar(organizer.organization, title="Offshoring", starts_at=clock.now() + timedelta(days=3))
    save(client, webinar, "reminder", subject_fr="C'est demain : {{Titre du webinaire}}", body_fr="Bonjour {{Prénom}}, à demain !")
    registration_service.register(webinar, RegistrantDetails(email="r@example.org", first_name="Rim", last_name="B"), "fr")
    db.session.commit()
    clock.set(webinar.starts_at - timedelta(days=1))
    assert send_due_reminders() == 1
    db.session.commit()
    db.session.expire_all()
    [reminder] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder")).all()
    assert reminder.subject == "C'est demain : Offshoring"
    assert "Bonjour Rim, à demain !" in reminder.text_body
    assert "http://localhost/r/" in reminder.text_body, "the join link of the built-in details"


def test_another_organization_cannot_edit(client, auth, webinar):
    other = factories.make_organization(name="Other")
    factories.make_user(other, email="other@example.org")
    auth.logout()
    auth.login("other@example.org")
    assert client.get(texts_url(webinar)).status_code == 404
    assert save(client, webinar, subject_fr="x", body_fr="y").status_code == 404
    assert client.post(texts_url(webinar) + "/reset").status_code == 404
    assert client.get(f"/manage/webinars/{webinar.id}/email-texts").status_code == 404
