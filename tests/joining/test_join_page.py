"""/r/<token>/join: a countdown before the doors open, "Join now" until the end, then the recording or the
summary. Only the page's POST counts a click: GET and HEAD (mail gateways, link scanners, prefetching) never do."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.joining.helpers import START, registrant, webinar_on

JOIN_FORM = 'id="join-form"'
from webinars.extensions import db
from webinars.joining import service
from webinars.joining.models import JoinClick
from webinars.personal_links import service as personal_links
from webinars.registration.models import RegistrationState
from webinars.summaries import service as summaries


def clicks() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        select(JoinClick.registration_id, JoinClick.first_clicked_at, JoinClick.last_clicked_at, JoinClick.clicks)
    ).all()


def page(client, token, **params):
    response = client.get(f"/r/{token}/join", query_string={"lang": "en", **params})
    return response, response.get_data(as_text=True)


def test_before_the_doors_open_a_countdown_in_both_zones_and_the_agenda(client, clock):
    webinar = webinar_on(timezone="Europe/Paris")
    factories.make_agenda_item(webinar, title="Mot d'ouverture", duration=timedelta(minutes=20))
    _registration, token = registrant(webinar)
    clock.set(START - timedelta(hours=2, minutes=15))  # the doors open 15 minutes before the start

    response, html = page(client, token)

    assert response.status_code == 200
    assert "The doors are not open yet" in html
    assert 'data-countdown-seconds="7200"' in html and ">02:00:00<" in html
    assert "(France time, UTC+1)" in html  # the event's zone, by name
    assert 'data-visitor-time' in html  # the script adds the visitor's own time beside it
    assert "Mot d&#39;ouverture" in html
    assert JOIN_FORM not in html and "zoom.us" not in html  # the platform's link is not given early
    assert clicks() == []


def test_days_ahead_the_countdown_says_how_many_days(client, clock):
    _registration, token = registrant(webinar_on())
    clock.set(START - timedelta(days=2, hours=3, minutes=15))

    _response, html = page(client, token)

    assert ">2 days 03:00:00<" in html


@pytest.mark.parametrize("minutes", [15, 0, 60])
def test_the_doors_open_at_the_webinars_own_time(client, clock, minutes):
    webinar = webinar_on(doors_open_minutes=minutes)
    _registration, token = registrant(webinar)

    clock.set(START - timedelta(minutes=minutes, seconds=1))
    assert JOIN_FORM not in page(client, token)[1]
    clock.advance(seconds=1)
    assert JOIN_FORM in page(client, token)[1]


def test_during_the_webinar_the_page_offers_join_now_and_a_get_records_nothing(client, clock):
    _registration, token = registrant(webinar_on())
    clock.set(START + timedelta(minutes=5))

    response, html = page(client, token)
    head = client.head(f"/r/{token}/join")
    prefetch = client.get(f"/r/{token}/join", headers={"Sec-Purpose": "prefetch"})

    assert response.status_code == head.status_code == prefetch.status_code == 200
    assert 'id="join-form"' in html and "data-auto-join" in html
    assert 'src="/static/join-page.js"' in html
    assert clicks() == []  # fetching the page, in any way, is not joining


def test_join_now_records_first_and_last_click_and_sends_to_the_platform(client, clock):
    registration, token = registrant(webinar_on())
    clock.set(START - timedelta(minutes=10))

    first = client.post(f"/r/{token}/join")
    clock.advance(minutes=40)
    again = client.post(f"/r/{token}/join")

    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == "https://zoom.us/j/81234567890"
    assert clicks() == [(registration.id, START - timedelta(minutes=10), START + timedelta(minutes=30), 2)]


def test_the_page_lets_its_form_send_the_registrant_to_the_platform(client, clock):
    """Browsers apply form-action to the redirect after a POST: the platform's origin must be allowed."""
    _registration, token = registrant(webinar_on(join_url="https://teams.microsoft.com/l/meetup-join/19%3a"))
    clock.set(START)

    response, _html = page(client, token)

    policy = response.headers["Content-Security-Policy"]
    assert "form-action 'self' https://teams.microsoft.com" in policy.split("; ")
    assert "script-src 'self'" in policy  # the rest of the site's policy stays


def test_the_personal_link_stays_private(client, clock):
    _registration, token = registrant(webinar_on())
    clock.set(START)

    response, _html = page(client, token)
    posted = client.post(f"/r/{token}/join")

    for answer in (response, posted):
        assert answer.headers["Cache-Control"] == "private, no-store"
        assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_a_prefetching_browser_posting_is_not_counted(client, clock):
    _registration, token = registrant(webinar_on())
    clock.set(START)

    response = client.post(f"/r/{token}/join", headers={"Sec-Purpose": "prefetch;prerender"})

    assert response.status_code == 303 and response.headers["Location"].endswith(f"/r/{token}/join")
    assert clicks() == []


@pytest.mark.parametrize("moment", [START - timedelta(hours=1), START + timedelta(hours=2)])
def test_a_post_outside_the_webinar_counts_nothing_and_shows_the_page(client, clock, moment):
    _registration, token = registrant(webinar_on())
    clock.set(moment)

    response = client.post(f"/r/{token}/join")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/r/{token}/join")
    assert clicks() == []


def test_without_a_platform_link_the_page_says_so(client, clock):
    _registration, token = registrant(webinar_on(join_url=None))
    clock.set(START)

    _response, html = page(client, token)
    posted = client.post(f"/r/{token}/join")

    assert "have not given the link to the platform yet" in html
    assert posted.status_code == 303 and clicks() == []


def test_after_the_end_the_page_points_to_the_recording_and_the_summary(client, clock):
    webinar = webinar_on()
    _registration, token = registrant(webinar)
    clock.set(START + timedelta(hours=3))
    assert "will share the recording or the summary here" in page(client, token)[1]

    summary = summaries.summary_for(webinar, clock.now())
    summary.recording_url = "https://youtube.example/watch?v=offshoring"
    summaries.save_article(summary, "Retour", "Le webinaire a eu lieu.")
    summaries.publish(summary, clock.now())
    db.session.commit()

    _response, html = page(client, token)
    assert "This webinar has ended" in html
    assert 'href="https://youtube.example/watch?v=offshoring"' in html
    assert f'href="/webinars/{webinar.slug}/summary"' in html
    assert JOIN_FORM not in html


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (RegistrationState.WAITLISTED, "You are on the waitlist"),
        (RegistrationState.PENDING, "waiting for the organizers' approval"),
        (RegistrationState.CANCELLED, "Your registration is cancelled: this link no longer lets you join"),
        (RegistrationState.REJECTED, "Your registration is cancelled: this link no longer lets you join"),
    ],
)
def test_without_a_confirmed_seat_the_page_says_why_and_never_leads_to_the_platform(client, clock, state, words):
    _registration, token = registrant(webinar_on(), state=state)
    clock.set(START)

    response, html = page(client, token)
    posted = client.post(f"/r/{token}/join")

    assert response.status_code == 403
    assert words in html
    assert "zoom.us" not in html and JOIN_FORM not in html
    assert posted.headers["Location"].endswith(f"/r/{token}/join") and clicks() == []


def test_a_cancelled_webinar_says_so(client, clock):
    webinar = webinar_on()
    _registration, token = registrant(webinar)
    webinar.status = webinar.status.CANCELLED
    db.session.commit()
    clock.set(START)

    response, html = page(client, token)

    assert response.status_code == 410
    assert "this webinar will not take place" in html and JOIN_FORM not in html


def test_a_revoked_link_says_so(client, clock):
    registration, token = registrant(webinar_on())
    personal_links.revoke_all(registration)
    db.session.commit()
    clock.set(START)

    response = client.get(f"/r/{token}/join?lang=en")
    posted = client.post(f"/r/{token}/join")

    assert response.status_code == posted.status_code == 410
    assert "This link no longer works" in response.get_data(as_text=True)
    assert clicks() == []


def test_the_link_of_an_erased_registration_says_so(client, clock):
    registration, token = registrant(webinar_on())
    db.session.delete(registration)  # erasure removes the registration and its links
    db.session.commit()
    clock.set(START)

    response = client.get(f"/r/{token}/join?lang=en")

    assert response.status_code == 404
    assert "the registration it belonged to has been deleted with its data" in response.get_data(as_text=True)
    assert client.post(f"/r/{token}/join").status_code == 404


def test_clicked_join_counts_confirmed_registrants_once_each(client, clock):
    webinar = webinar_on()
    tokens = [registrant(webinar)[1] for _ in range(3)]
    cancelled, cancelled_token = registrant(webinar)
    clock.set(START)
    for token in (*tokens[:2], tokens[0], cancelled_token):
        client.post(f"/r/{token}/join")
    cancelled.state = RegistrationState.CANCELLED
    db.session.commit()

    assert service.clicked_join_count(webinar.id) == 2
    assert db.session.scalar(select(func.count()).select_from(JoinClick)) == 3


# --- What links to it ----------------------------------------------------------------------


def test_each_reminder_carries_a_working_link_to_the_join_page(client, clock):
    from webinars.mail.models import OutboxMessage
    from webinars.reminders.service import send_due_reminders

    webinar = webinar_on()
    registrant(webinar, email="amina@example.org")
    clock.set(START - timedelta(minutes=59))

    assert send_due_reminders() == 1
    reminder = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
    path = re.search(r"http://localhost(/r/[A-Za-z0-9_-]{43}/join)", reminder.text_body).group(1)
    assert f'href="http://localhost{path}"' in reminder.html_body
    assert "zoom.us" not in reminder.text_body + reminder.html_body

    clock.set(START)
    assert client.post(path).headers["Location"] == "https://zoom.us/j/81234567890"
    assert len(clicks()) == 1


def test_the_personal_page_links_the_join_page_until_the_end(client, clock):
    _registration, token = registrant(webinar_on())
    clock.set(START - timedelta(days=1))

    assert f'href="/r/{token}/join"' in client.get(f"/r/{token}").get_data(as_text=True)
    clock.set(START + timedelta(hours=2))
    assert f'href="/r/{token}/join"' not in client.get(f"/r/{token}").get_data(as_text=True)
