"""Messages to a group of registrants: the right people, once each, in their language, with their own links."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.registration.fixtures.registrants import make_registration, published_webinar
from webinars.events.models import Language
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.messages import service
from webinars.messages.models import MessageStatus, RegistrantMessage, RegistrantMessageDelivery
from webinars.personal_links import service as personal_links
from webinars.registration.models import Registration, RegistrationState

CONFIRMED = {"amina@example.org", "karim@example.org", "omar@example.org"}


@pytest.fixture
def webinar(organizer, clock):
    webinar = published_webinar(
        organizer.organization,
        title="L'offshoring régionalisé",
        slug="offshoring",
        language=Language.FR,
        timezone="Africa/Casablanca",
        starts_at=datetime(2026, 12, 10, 17, 0, tzinfo=UTC),
    )
    make_registration(webinar, "amina@example.org", first_name="Amina", language="fr", attended=True)
    make_registration(webinar, "karim@example.org", first_name="Karim", language="en", attended=True)
    make_registration(webinar, "omar@example.org", first_name="Omar", language="fr")
    make_registration(webinar, "waiting@example.org", first_name="Wafae", state=RegistrationState.WAITLISTED, language="en")
    make_registration(webinar, "pending@example.org", first_name="Pierre", state=RegistrationState.PENDING)
    make_registration(webinar, "gone@example.org", state=RegistrationState.CANCELLED)
    return webinar


def compose_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/messages/new"


FRENCH = {
    "subject_fr": "Important : {{Titre du webinaire}}",
    "body_fr": "Bonjour {{Prénom}},\n\nLe webinaire a lieu le {{Date du webinaire}}. Votre lien : {{Lien personnel}}",
}
ENGLISH = {
    "subject_en": "Important: {{Webinar title}}",
    "body_en": "Hello {{First name}},\n\nJoin here: {{Join link}}",
}


def send(client, webinar, audience="confirmed", **fields):
    data = {"audience": audience, "action": "send", **FRENCH, **ENGLISH, **fields}
    return client.post(compose_url(webinar), data=data, follow_redirects=True)


def copies() -> dict[str, OutboxMessage]:
    db.session.expire_all()
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "registrant_message")).all()
    by_address = {message.to_address: message for message in messages}
    assert len(by_address) == len(messages), "someone got the message twice"
    return by_address


def test_the_confirmed_get_it_once_each_in_their_language(client, webinar):
    response = send(client, webinar)
    assert response.status_code == 200
    sent = copies()
    assert set(sent) == CONFIRMED
    assert sent["amina@example.org"].subject == "Important : L'offshoring régionalisé"
    assert sent["amina@example.org"].language == "fr"
    assert "Bonjour Amina," in sent["amina@example.org"].text_body
    assert "jeudi 10 décembre 2026" in sent["amina@example.org"].text_body
    assert sent["karim@example.org"].subject == "Important: L'offshoring régionalisé"
    assert "Hello Karim," in sent["karim@example.org"].text_body
    message = db.session.scalar(select(RegistrantMessage))
    assert message.status is MessageStatus.SENT and message.queued_count == 3
    # The page shows the progress, and opens each copy as sent.
    page = response.get_data(as_text=True)
    assert "3</span> queued" in page
    assert f'/emails/{sent["karim@example.org"].id}"' in page


def test_each_copy_carries_a_new_personal_link_of_its_registrant(client, webinar):
    amina = db.session.scalar(select(Registration).where(Registration.email == "amina@example.org"))
    earlier = personal_links.issue(amina)
    db.session.commit()
    send(client, webinar)
    assert personal_links.holder_for_token(Registration, earlier).id == amina.id, "earlier links keep working"
    token = re.search(r"http://localhost/r/([A-Za-z0-9_-]+)", copies()["amina@example.org"].text_body)[1]
    assert token != earlier
    assert personal_links.holder_for_token(Registration, token).id == amina.id
    # Karim's join link leads to his join page.
    karim_token = re.search(r"http://localhost/r/([A-Za-z0-9_-]+)/join", copies()["karim@example.org"].text_body)[1]
    assert personal_links.holder_for_token(Registration, karim_token).email == "karim@example.org"


def test_one_version_goes_to_everyone(client, webinar):
    send(client, webinar, subject_en="", body_en="")
    assert {message.language for message in copies().values()} == {"fr"}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("waitlisted", {"waiting@example.org"}),
        ("pending", {"pending@example.org"}),
        ("attended", {"amina@example.org", "karim@example.org"}),
        ("no_shows", {"omar@example.org"}),
        ("everyone", CONFIRMED | {"waiting@example.org", "pending@example.org"}),
    ],
)
def test_each_group_reaches_its_registrants(client, webinar, audience, expected):
    send(client, webinar, audience=audience)
    assert set(copies()) == expected


def test_the_registrations_page_filter_is_the_list(client, webinar):
    page = client.get(f"/manage/webinars/{webinar.id}/registrations?state=confirmed&q=amina").get_data(as_text=True)
    assert f"{compose_url(webinar)}?state=confirmed&amp;q=amina" in page
    compose = client.get(f"{compose_url(webinar)}?state=confirmed&q=amina").get_data(as_text=True)
    assert "This message will go to 1 registrant." in compose
    send(client, webinar, audience="filtered", filter_state="confirmed", filter_search="amina")
    assert set(copies()) == {"amina@example.org"}


def test_a_filter_with_control_characters_finds_what_the_rest_of_its_text_finds(client, webinar):
    # PostgreSQL refuses a NUL in a query: the count of the filtered list must not reach it.
    compose = client.get(f"{compose_url(webinar)}?state=confirmed&q=ami%00na%01")
    assert compose.status_code == 200
    posted = client.post(
        compose_url(webinar),
        data={"audience": "filtered", "filter_state": "confirmed", "filter_search": "amina\x00", "action": "preview"},
    )
    assert posted.status_code < 500


def test_sending_again_is_a_new_message_but_one_message_reaches_a_registrant_once(client, webinar):
    send(client, webinar)
    message = db.session.scalar(select(RegistrantMessage))
    # A worker that runs the job again (a lost commit, a second worker) finds nobody left.
    message.status = MessageStatus.SENDING
    db.session.commit()
    assert service.send_requested_messages() == 0
    assert db.session.scalar(select(func.count()).select_from(RegistrantMessageDelivery)) == 3
    assert len(copies()) == 3


def test_batches_queue_everyone_once(client, webinar, monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    for number in range(5):
        make_registration(webinar, f"extra{number}@example.org")
    send(client, webinar)
    assert len(copies()) == 8
    assert db.session.scalar(select(RegistrantMessage)).queued_count == 8


def test_hostile_placeholders_are_refused_and_never_computed(client, webinar):
    response = send(client, webinar, body_fr="{{ 7**20000000 }} {{Prénom}}")
    page = response.get_data(as_text=True)
    assert "Unknown placeholders: {{ 7**20000000 }}" in page
    assert copies() == {}


def test_a_registrant_name_is_text_in_the_message(client, webinar):
    make_registration(webinar, "evil@example.org", first_name="[Gagnez](https://evil.example) <b>", language="fr")
    send(client, webinar)
    html = copies()["evil@example.org"].html_body
    assert "evil.example" not in re.findall(r'href="([^"]+)"', html).__str__()
    assert "<b>" not in html
    assert "[Gagnez](https://evil.example) &lt;b&gt;" in html


def test_preview_per_language_and_a_test_to_me(client, webinar, organizer):
    page = client.post(compose_url(webinar), data={"audience": "confirmed", "action": "preview", **FRENCH, **ENGLISH})
    text = page.get_data(as_text=True)
    assert "Français — Important : L&#39;offshoring régionalisé" in text or "Français — Important : L'offshoring" in text
    assert "English — Important: L" in text
    assert copies() == {}

    client.post(compose_url(webinar), data={"audience": "confirmed", "action": "test", **FRENCH, **ENGLISH})
    db.session.expire_all()
    tests = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "registrant_message_test")).all()
    assert {(message.to_address, message.language) for message in tests} == {("owner@example.org", "fr"), ("owner@example.org", "en")}
    assert copies() == {}, "a test goes to the organizer only"


def test_another_organization_cannot_compose_or_read(client, auth, webinar):
    send(client, webinar)
    message = db.session.scalar(select(RegistrantMessage))
    auth.logout()
    other = factories.make_organization(name="Other")
    factories.make_user(other, email="other@example.org")
    auth.login("other@example.org")
    assert client.get(compose_url(webinar)).status_code == 404
    assert client.post(compose_url(webinar), data={"audience": "confirmed", "action": "send", **FRENCH}).status_code == 404
    assert client.get(f"/manage/webinars/{webinar.id}/messages/{message.id}").status_code == 404


def test_the_e_mail_arrives(client, webinar, mail_via_smtp):
    send(client, webinar, audience="waitlisted")
    [received] = mail_via_smtp.messages_to("waiting@example.org")
    assert received["Subject"] == "Important: L'offshoring régionalisé"
    assert "Hello Wafae," in received.get_body(preferencelist=("plain",)).get_content()


def test_two_workers_at_once_send_each_copy_once(app, client, webinar, monkeypatch):
    monkeypatch.setitem(app.extensions, "wake_registrant_messages", lambda: None)  # nobody woken: two sweeps race
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    for number in range(7):
        make_registration(webinar, f"extra{number}@example.org")
    send(client, webinar)
    assert copies() == {}
    db.session.remove()

    def sweep(_):
        with app.app_context():
            count = service.send_requested_messages()
            db.session.remove()
            return count

    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(sweep, range(2)))
    assert sum(counts) == 10
    assert len(copies()) == 10
    assert db.session.scalar(select(func.count()).select_from(RegistrantMessageDelivery)) == 10
    assert db.session.scalar(select(RegistrantMessage)).status is MessageStatus.SENT


def test_the_compose_page_reads_in_french(client, webinar):
    page = client.get(f"{compose_url(webinar)}?lang=fr&audience=waitlisted").get_data(as_text=True)
    assert "Écrire aux inscrits" in page
    assert "Ce message partira à 1 inscrit." in page
    assert "{{Prénom}}" in page and "{{Lien pour rejoindre}}" in page
    assert '<option selected value="waitlisted">Inscrits en liste d&#39;attente (1)</option>' in page


def test_an_empty_group_is_refused(client, webinar):
    page = send(client, webinar, audience="filtered", filter_search="nobody-by-that-name").get_data(as_text=True)
    assert "Nobody is in this group" in page
    assert db.session.scalars(select(RegistrantMessage)).all() == []
