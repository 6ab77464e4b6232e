"""Follow-up e-mails after a webinar: the right people, once, in their language, with the right links."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.registration.fixtures.registrants import make_registration, published_webinar
from webinars.events.models import Language, WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration import attendance, seats
from webinars.registration import service as registration_service
from webinars.registration.models import Registration, RegistrationState
from webinars.registration.service import RegistrantDetails
from webinars.summaries import followup_sending
from webinars.summaries.models import FollowUp, FollowUpKind, FollowUpSending, SlideLink, Summary

RECORDING = "https://video.example.org/offshoring-replay"
SLIDES = "https://slides.example.org/tazi.pdf"
THANKED = {"amina@example.org", "karim@example.org", "sara@example.org"}
MISSED = {"omar@example.org", "lina@example.org"}


@pytest.fixture
def webinar(organizer, clock):
    """Ended, with 3 attendees and 2 no-shows among the confirmed, and 4 registrants who get nothing."""
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
    make_registration(webinar, "sara@example.org", first_name="Sara", language="fr", attended=True)
    make_registration(webinar, "omar@example.org", first_name="Omar", language="fr")
    make_registration(webinar, "lina@example.org", first_name="Lina", language="en")
    make_registration(webinar, "waiting@example.org", state=RegistrationState.WAITLISTED)
    make_registration(webinar, "gone@example.org", state=RegistrationState.CANCELLED, attended=True)
    make_registration(webinar, "pending@example.org", state=RegistrationState.PENDING)
    make_registration(webinar, "refused@example.org", state=RegistrationState.REJECTED)
    clock.set(datetime(2026, 12, 11, 9, 0, tzinfo=UTC))  # the day after
    return webinar


def publish_summary(webinar, recording_url: str | None = RECORDING, published: bool = True) -> Summary:
    summary = Summary(
        webinar_id=webinar.id,
        recording_url=recording_url,
        published_at=datetime(2026, 12, 11, 8, 0, tzinfo=UTC) if published else None,
        slide_links=[SlideLink(position=0, title="Les slides de Yassine Tazi", url=SLIDES)],
    )
    db.session.add(summary)
    db.session.commit()
    return summary


@pytest.fixture
def summary(webinar):
    return publish_summary(webinar)


def page_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/summary/follow-ups"


def send(client, webinar):
    """The organizer's confirmed Send."""
    return client.post(f"{page_url(webinar)}/send?confirmed=yes", follow_redirects=True)


def follow_ups() -> dict[str, OutboxMessage]:
    """The follow-ups in the outbox, by recipient; fails if someone got two."""
    db.session.expire_all()
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "follow_up")).all()
    by_address = {message.to_address: message for message in messages}
    assert len(by_address) == len(messages), "someone got two follow-ups"
    return by_address


def thanked(messages: dict[str, OutboxMessage]) -> set[str]:
    # Registrants write in French or English: the subject tells the thank-you apart in both.
    return {
        address
        for address, message in messages.items()
        if message.subject.startswith(("Thank you", "Merci d'avoir assisté"))
    }


def missed(messages: dict[str, OutboxMessage]) -> set[str]:
    return {
        address
        for address, message in messages.items()
        if message.subject.startswith(("Sorry we missed you", "Nous regrettons votre absence"))
    }


def registrant(email: str) -> Registration:
    return db.session.scalar(select(Registration).where(Registration.email == email))


def test_the_follow_up_goes_to_the_right_people_once(client, webinar, summary):
    page = client.get(page_url(webinar)).get_data(as_text=True)
    assert "Send 5 follow-ups…" in page

    asked = client.post(f"{page_url(webinar)}/send").get_data(as_text=True)
    assert "Send 5 follow-up e-mails now?" in asked
    assert "Thank-yous to attendees: 3. “Sorry we missed you” to no-shows: 2." in asked
    assert follow_ups() == {}, "nothing goes out before the organizer confirms"

    page = send(client, webinar).get_data(as_text=True)
    assert "5 follow-ups queued." in page
    sent = follow_ups()
    assert set(sent) == THANKED | MISSED
    assert thanked(sent) == THANKED
    assert missed(sent) == MISSED
    assert db.session.scalar(select(func.count()).select_from(FollowUpSending)) == 0, "the request is done"
    kinds = dict(db.session.execute(select(Registration.email, FollowUp.kind).join(FollowUp.registration)).all())
    assert kinds == {**dict.fromkeys(THANKED, FollowUpKind.THANKS), **dict.fromkeys(MISSED, FollowUpKind.MISSED)}

    again = send(client, webinar).get_data(as_text=True)
    assert "Every confirmed registrant already has a follow-up: there is nothing to send." in again
    assert len(follow_ups()) == 5
    assert "Every confirmed registrant has had a follow-up." in again
    assert "Send 5" not in again


def test_a_later_send_reaches_only_those_without_a_follow_up(client, webinar, summary):
    send(client, webinar)
    # Omar's attendance is corrected after his "sorry we missed you": he already had his one follow-up.
    attendance.mark_attended(registrant("omar@example.org"))
    # Nadia attended without registering; the organizer adds her afterwards.
    nadia = registration_service.add_by_organizer(
        webinar, RegistrantDetails(email="nadia@example.org", first_name="Nadia", last_name="Fassi"), "fr", notify=False
    )
    attendance.mark_attended(nadia)
    # A late confirmation off the waitlist.
    seats.confirm_from_waitlist(registrant("waiting@example.org"))
    db.session.commit()

    page = client.get(page_url(webinar)).get_data(as_text=True)
    assert "Send 2 follow-ups…" in page

    assert "2 follow-ups queued." in send(client, webinar).get_data(as_text=True)
    sent = follow_ups()
    assert set(sent) == THANKED | MISSED | {"nadia@example.org", "waiting@example.org"}
    assert thanked(sent) == THANKED | {"nadia@example.org"}
    assert "omar@example.org" in missed(sent), "still his first and only follow-up"


def test_each_registrant_reads_it_in_their_own_language(client, webinar, summary):
    send(client, webinar)
    sent = follow_ups()

    amina = sent["amina@example.org"]
    assert amina.language == "fr"
    assert amina.text_body.startswith("Bonjour Amina,")
    assert amina.subject == "Merci d'avoir assisté à « L'offshoring régionalisé »"
    assert "10 décembre 2026" in amina.text_body
    assert '<html lang="fr">' in amina.html_body

    karim = sent["karim@example.org"]
    assert karim.language == "en"
    assert karim.subject == "Thank you for attending “L'offshoring régionalisé”"
    assert karim.text_body.startswith("Hello Karim,")
    assert "Thank you for attending “L'offshoring régionalisé” on December 10, 2026." in karim.text_body

    lina = sent["lina@example.org"]
    assert lina.subject == "Sorry we missed you at “L'offshoring régionalisé”"
    assert "We are sorry we missed you at “L'offshoring régionalisé” on December 10, 2026." in lina.text_body


def test_the_e_mails_carry_the_recording_the_slides_and_the_summary(client, webinar, summary, mail_via_smtp):
    send(client, webinar)

    [thanks] = mail_via_smtp.messages_to("karim@example.org")
    text = thanks.get_body(preferencelist=("plain",)).get_content()
    html = thanks.get_body(preferencelist=("html",)).get_content()
    assert f"Watch the recording: {RECORDING}" in text
    assert f"- Les slides de Yassine Tazi: {SLIDES}" in text
    assert "Read the summary of the webinar: http://localhost/webinars/offshoring/summary" in text
    assert f'href="{RECORDING}"' in html and f'href="{SLIDES}"' in html
    assert 'href="http://localhost/webinars/offshoring/summary"' in html
    assert thanks["From"].addresses[0].display_name == "Test Organization"

    [missed] = mail_via_smtp.messages_to("lina@example.org")
    text = missed.get_body(preferencelist=("plain",)).get_content()
    assert f"You can watch the recording: {RECORDING}" in text
    assert "http://localhost/webinars/offshoring/summary" in text
    assert SLIDES not in text, "the slides are for those who were there"

    assert mail_via_smtp.messages_to("waiting@example.org") == []
    assert mail_via_smtp.messages_to("gone@example.org") == []


def test_the_summary_link_leads_to_the_public_summary(app, webinar):
    endpoint, arguments = app.url_map.bind("localhost").match("/webinars/offshoring/summary")
    assert (endpoint, arguments) == ("public_summaries.summary", {"slug": "offshoring"})


def test_the_preview_shows_counts_warnings_and_both_languages(client, webinar):
    publish_summary(webinar, recording_url=None)

    page = client.get(page_url(webinar)).get_data(as_text=True)
    assert "There is no recording link: the follow-ups will go without a recording." in page
    thanks_row = page.split('id="count-thanks"')[1].split("</tr>")[0]
    assert "<td>3</td>" in thanks_row and "<td>0</td>" in thanks_row
    missed_row = page.split('id="count-missed"')[1].split("</tr>")[0]
    assert "<td>2</td>" in missed_row
    total_row = page.split('id="count-total"')[1].split("</tr>")[0]
    assert "<td>5</td>" in total_row
    # The organizer ("Test User") stands in for the registrant, in the webinar's language first, then English.
    assert page.index("— French") < page.index("— English")
    assert "Bonjour Test," in page
    assert "Hello Test," in page
    assert "Thank you for attending “L&#39;offshoring régionalisé”" in page
    assert "10 décembre 2026" in page and "December 10, 2026" in page
    assert "Watch the recording" not in page
    assert 'class="tabs"' in page, "the webinar's tabs"

    send(client, webinar)
    page = client.get(page_url(webinar)).get_data(as_text=True)
    total_row = page.split('id="count-total"')[1].split("</tr>")[0]
    assert "<td>0</td>" in total_row and "<td>5</td>" in total_row
    assert "Watch the recording" not in follow_ups()["karim@example.org"].text_body


def test_the_preview_shows_one_language_when_all_registrants_share_it(client, organizer, clock):
    webinar = published_webinar(organizer.organization, language=Language.EN, starts_at=clock.now() - timedelta(days=1))
    make_registration(webinar, "only@example.org", language="en", attended=True)
    publish_summary(webinar)

    page = client.get(page_url(webinar)).get_data(as_text=True)
    assert "— English" in page
    assert "— French" not in page
    assert "There is no recording link" not in page


def test_refused_before_the_webinar_has_ended(client, webinar, summary, clock):
    clock.set(webinar.ends_at - timedelta(minutes=5))

    page = client.get(page_url(webinar)).get_data(as_text=True)
    assert "Follow-ups can be sent once the webinar has ended." in page
    assert "Send 5 follow-ups…" not in page

    page = send(client, webinar).get_data(as_text=True)
    assert "Follow-ups can be sent once the webinar has ended." in page
    assert "follow-ups queued" not in page
    assert follow_ups() == {}
    assert db.session.scalar(select(func.count()).select_from(FollowUpSending)) == 0


@pytest.mark.parametrize("summary_state", ["unpublished", "missing"])
def test_refused_until_the_summary_is_published(client, webinar, summary_state):
    if summary_state == "unpublished":
        publish_summary(webinar, published=False)

    page = client.get(page_url(webinar)).get_data(as_text=True)
    assert "Publish the summary first: every follow-up links to it." in page
    assert "Send 5 follow-ups…" not in page

    page = send(client, webinar).get_data(as_text=True)
    assert "Publish the summary first: every follow-up links to it." in page
    assert follow_ups() == {}


def test_refused_for_a_cancelled_webinar(client, webinar, summary):
    webinar.status = WebinarStatus.CANCELLED
    db.session.commit()

    page = send(client, webinar).get_data(as_text=True)
    assert "This webinar was cancelled: there is nobody to follow up." in page
    assert follow_ups() == {}


def test_outsiders_get_404(app, webinar, summary):
    outsider = app.test_client()
    other = factories.make_organization("Other Organization")
    factories.make_user(other, email="outsider@example.org")
    outsider.post("/login", data={"email": "outsider@example.org", "password": factories.DEFAULT_PASSWORD})

    assert outsider.get(page_url(webinar)).status_code == 404
    assert outsider.post(f"{page_url(webinar)}/send?confirmed=yes").status_code == 404
    assert follow_ups() == {}


def test_signed_out_visitors_are_sent_to_sign_in(app, webinar, summary):
    visitor = app.test_client()
    response = visitor.get(page_url(webinar))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert visitor.post(f"{page_url(webinar)}/send?confirmed=yes").status_code == 302
    assert follow_ups() == {}


def test_the_e_mails_page_lists_the_follow_ups(client, webinar, summary):
    send(client, webinar)

    page = client.get(f"/manage/webinars/{webinar.id}/emails").get_data(as_text=True)
    assert page.count("<td>Follow-up</td>") == 5
    assert "amina@example.org" in page and "waiting@example.org" not in page


def test_without_the_worker_the_sweep_sends_in_batches_and_two_workers_send_once(app, client, webinar, summary, monkeypatch):
    """The queue is down when the organizer clicks Send: the request is kept, and the periodic
    sweep sends it later, in batches, even when two workers sweep at the same time."""

    def queue_down():
        raise ConnectionError("the queue is down")

    monkeypatch.setitem(app.extensions, "wake_follow_ups", queue_down)
    monkeypatch.setattr(followup_sending, "BATCH_SIZE", 2)

    page = send(client, webinar).get_data(as_text=True)
    assert "5 follow-ups queued." in page
    assert "Sending in progress" in page
    assert follow_ups() == {}

    def sweep(_):
        with app.app_context():
            count = followup_sending.send_requested_follow_ups()
            db.session.remove()
            return count

    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(sweep, range(2)))
    assert sum(counts) == 5
    assert set(follow_ups()) == THANKED | MISSED
    assert db.session.scalar(select(func.count()).select_from(FollowUpSending)) == 0
    assert followup_sending.send_requested_follow_ups() == 0
    assert "Sending in progress" not in client.get(page_url(webinar)).get_data(as_text=True)


def test_the_worker_stops_when_the_summary_is_unpublished_meanwhile(app, client, webinar, summary, monkeypatch):
    monkeypatch.setitem(app.extensions, "wake_follow_ups", lambda: None)  # the worker is slow today
    send(client, webinar)
    summary.published_at = None
    db.session.commit()

    assert followup_sending.send_requested_follow_ups() == 0
    assert follow_ups() == {}
    assert db.session.scalar(select(func.count()).select_from(FollowUpSending)) == 0, "a new Send is needed"


def test_two_organizers_clicking_at_once_send_each_follow_up_once(app, webinar, summary, organizer):
    colleague = factories.make_user(organizer.organization, email="colleague@example.org")

    def click(email):
        with app.test_client() as browser:
            browser.post("/login", data={"email": email, "password": factories.DEFAULT_PASSWORD})
            return browser.post(f"{page_url(webinar)}/send?confirmed=yes").status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(click, [organizer.user.email, colleague.email]))
    assert statuses == [302, 302]
    assert set(follow_ups()) == THANKED | MISSED
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 5


def test_with_csrf_on_the_organizer_clicks_send_then_confirms(app, client, webinar, summary):
    """Through the page's own forms, as in production: each step carries its token."""
    app.config["WTF_CSRF_ENABLED"] = True
    form = re.compile(r'<form method="post" action="([^"]+)" class="inline-form">\s*<input type="hidden" name="csrf_token" value="([^"]+)">')

    page = client.get(page_url(webinar)).get_data(as_text=True)
    [(send_url, token)] = [(url, token) for url, token in form.findall(page) if "/follow-ups/send" in url]
    assert client.post(send_url).status_code == 400, "no token, no sending"

    asked = client.post(send_url, data={"csrf_token": token}).get_data(as_text=True)
    confirm_url, token = next((url, token) for url, token in form.findall(asked) if "confirmed=yes" in url)
    assert follow_ups() == {}

    response = client.post(confirm_url.replace("&amp;", "&"), data={"csrf_token": token})
    assert response.status_code == 302
    assert set(follow_ups()) == THANKED | MISSED
