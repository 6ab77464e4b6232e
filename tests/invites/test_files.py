"""The calendar files over HTTP: a webinar's public .ics, the organization's feed, a registrant's invite."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.factories import utc
from tests.invites.helpers import parse, parse_all, register_someone
from tests.statements import recorded_statements
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.registration.models import RegistrationState
from webinars.registration.seats import cancel_registration

PUBLISHED, DRAFT, CANCELLED = WebinarStatus.PUBLISHED, WebinarStatus.DRAFT, WebinarStatus.CANCELLED


@pytest.fixture
def organization(app):
    return factories.make_organization("APEBI", slug="apebi")


def published(organization, **fields):
    fields.setdefault("starts_at", utc(2026, 12, 10, 18, 0))
    return factories.make_publishable_webinar(organization, status=PUBLISHED, **fields)


# --- The public file ------------------------------------------------------


def test_public_file_is_a_published_event_without_people(client, clock, organization):
    webinar = published(organization, title="Offshoring, régionalisé", slug="offshoring", join_url_is_public=False)

    response = client.get("/webinars/offshoring.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    assert response.headers["Content-Disposition"] == 'attachment; filename="offshoring.ics"'
    data = response.get_data()
    parsed = parse(data)
    assert parsed.method == "PUBLISH"
    assert parsed.status == "CONFIRMED"
    assert parsed.uid == f"{webinar.calendar_uid}@localhost"
    assert parsed.sequence == 0
    assert parsed.text("SUMMARY") == "Offshoring, régionalisé"
    assert parsed.starts_at == utc(2026, 12, 10, 18, 0)
    assert b"ORGANIZER" not in data and b"ATTENDEE" not in data
    # The join link is private: the location is the webinar's page and no CONFERENCE is given.
    assert parsed.text("LOCATION") == "http://localhost/webinars/offshoring"
    assert b"meet.example.org" not in data
    assert "CONFERENCE" not in parsed.event


def test_public_file_shows_a_public_join_link(client, clock, organization):
    published(organization, slug="live", join_url="https://youtube.example/live?v=1", join_url_is_public=True)

    parsed = parse(client.get("/webinars/live.ics").get_data())

    assert parsed.text("LOCATION") == "https://youtube.example/live?v=1"
    assert str(parsed.event["CONFERENCE"]) == "https://youtube.example/live?v=1"
    assert "https://youtube.example/live?v=1" in parsed.text("DESCRIPTION")


def test_public_file_describes_the_webinar_in_its_language(client, clock, organization):
    webinar = published(
        organization, slug="fr", subtitle="Le pôle offshoring", description="Un **webinaire**, enfin.",
        timezone="Africa/Casablanca",
    )
    factories.make_agenda_item(webinar, "Ouverture", duration=timedelta(minutes=15))

    description = parse(client.get("/webinars/fr.ics").get_data()).text("DESCRIPTION")

    assert "Le pôle offshoring" in description
    assert "Un webinaire, enfin." in description  # the Markdown as text: no ** in a calendar
    assert "jeudi 10 décembre 2026" in description and "(heure du Maroc, UTC+0)" in description
    assert "Mohamed Benabbou (Modérateur, CRI Fès-Meknès)" in description
    assert "Yassine Tazi (Directeur général, CRI Fès-Meknès)" in description
    assert "18:00–18:15 Ouverture" in description
    assert "http://localhost/webinars/fr" in description


def test_a_cancelled_webinar_stays_in_the_public_file_as_cancelled(client, clock, organization):
    webinar = published(organization, slug="gone")
    webinar.status, webinar.cancelled_at, webinar.calendar_sequence = CANCELLED, clock.now(), 1
    db.session.commit()

    parsed = parse(client.get("/webinars/gone.ics").get_data())

    assert parsed.status == "CANCELLED"
    assert parsed.sequence == 1


def test_drafts_have_no_public_file_even_for_their_organizers(client, auth, clock, organization):
    factories.make_webinar(organization, slug="draft", status=DRAFT)
    member = factories.make_user(organization, email="member@example.org")
    auth.login(member.email)

    assert client.get("/webinars/draft.ics").status_code == 404
    assert client.get("/webinars/nothing.ics").status_code == 404


def test_public_file_answers_304_while_unchanged(client, clock, organization):
    webinar = published(organization, slug="cached")
    first = client.get("/webinars/cached.ics")
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]

    again = client.get("/webinars/cached.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert client.get("/webinars/cached.ics", headers={"If-Modified-Since": last_modified}).status_code == 304

    clock.advance(minutes=5)
    webinar.title = "A new title"
    db.session.commit()
    changed = client.get("/webinars/cached.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert parse(changed.get_data()).text("SUMMARY") == "A new title"


# --- The organization's feed ----------------------------------------------


def test_feed_lists_announced_webinars_from_thirty_days_back(client, clock, organization):
    now = clock.now()
    recent = published(organization, title="Last week", starts_at=now - timedelta(days=7))
    upcoming = published(organization, title="Next month", starts_at=now + timedelta(days=30))
    cancelled = published(organization, title="Called off", starts_at=now + timedelta(days=3))
    cancelled.status = CANCELLED
    db.session.commit()
    published(organization, title="Long ago", starts_at=now - timedelta(days=40))
    factories.make_webinar(organization, title="Still a draft", status=DRAFT)
    published(factories.make_organization("Someone else"), title="Not ours")

    response = client.get("/organizations/apebi/calendar.ics?language=en")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    assert response.headers["Content-Disposition"] == 'inline; filename="apebi.ics"'
    data = response.get_data()
    events = parse_all(data)
    assert [e.text("SUMMARY") for e in events] == ["Last week", "Called off", "Next month"]
    assert [e.uid for e in events] == [f"{w.calendar_uid}@localhost" for w in (recent, cancelled, upcoming)]
    assert [e.status for e in events] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert events[0].method == "PUBLISH"
    assert b"ATTENDEE" not in data and b"ORGANIZER" not in data
    assert b"X-WR-CALNAME:APEBI\r\n" in data
    assert b"X-WR-CALDESC:Webinars organized by APEBI.\r\n" in data
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data


def test_an_organization_without_webinars_has_a_valid_empty_feed(client, clock, organization):
    factories.make_webinar(organization, title="Still a draft", status=DRAFT)

    response = client.get("/organizations/apebi/calendar.ics")

    assert response.status_code == 200
    assert parse_all(response.get_data()) == []
    assert b"X-WR-CALNAME:APEBI\r\n" in response.get_data()


def test_unknown_organization_has_no_feed(client, clock):
    assert client.get("/organizations/nobody/calendar.ics").status_code == 404


def test_feed_answers_304_from_a_single_query(client, clock, organization):
    webinar = published(organization)
    first = client.get("/organizations/apebi/calendar.ics")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]

    with recorded_statements() as statements:
        again = client.get("/organizations/apebi/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert len(statements) == 1

    clock.advance(minutes=1)
    webinar.starts_at += timedelta(hours=1)
    webinar.ends_at += timedelta(hours=1)
    db.session.commit()
    assert client.get("/organizations/apebi/calendar.ics", headers={"If-None-Match": etag}).status_code == 200


def test_feed_changes_when_a_webinar_joins_it(client, clock, organization):
    published(organization)
    etag = client.get("/organizations/apebi/calendar.ics").headers["ETag"]

    published(organization, title="Another one")

    assert client.get("/organizations/apebi/calendar.ics", headers={"If-None-Match": etag}).status_code == 200


# --- A registrant's own invite --------------------------------------------


def test_personal_invite_for_a_confirmed_registrant(client, clock, organization):
    webinar = published(organization, slug="mine", join_url="https://meet.example.org/secret")
    outcome = register_someone(webinar, email="amina@example.org", first_name="Amina", last_name="Alaoui")

    response = client.get(f"/r/{outcome.token}/invite.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8; method=REQUEST"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mine.ics"'
    assert "no-store" in response.headers["Cache-Control"]
    parsed = parse(response.get_data())
    assert parsed.method == "REQUEST"
    assert parsed.uid == parse(client.get("/webinars/mine.ics").get_data()).uid
    assert str(parsed.event["ATTENDEE"]) == "mailto:amina@example.org"
    assert parsed.event["ATTENDEE"].params["CN"] == "Amina Alaoui"
    assert str(parsed.event["ORGANIZER"]) == "mailto:webinars@localhost"
    assert parsed.event["ORGANIZER"].params["CN"] == "APEBI"
    # The registrant's join page stands for the platform's link: it counts who joined (webinars/joining/).
    assert parsed.text("LOCATION") == f"http://localhost/r/{outcome.token}/join"
    assert str(parsed.event["CONFERENCE"]) == f"http://localhost/r/{outcome.token}/join"
    assert f"http://localhost/r/{outcome.token}/join" in parsed.text("DESCRIPTION")
    assert "meet.example.org/secret" not in response.get_data(as_text=True)
    assert f"http://localhost/r/{outcome.token}" in parsed.text("DESCRIPTION")


def test_a_personal_invite_fetched_again_is_made_once_and_stamped_each_time(client, clock, organization, monkeypatch):
    """Calendars fetch the invite again and again: it is made once per content (webinars/invites/personal_files.py),
    each copy still stamped with the instant it is sent, and a change of what it describes is in the next copy."""
    from webinars.invites import content

    webinar = published(organization, slug="fetched-again")
    factories.make_agenda_item(webinar, title="Mot d'ouverture")
    db.session.commit()
    outcome = register_someone(webinar)
    made = []
    monkeypatch.setattr(content, "personal_invite", lambda *args, _real=content.personal_invite, **kw: made.append(1) or _real(*args, **kw))

    first = parse(client.get(f"/r/{outcome.token}/invite.ics").get_data())
    clock.advance(minutes=7)
    second = client.get(f"/r/{outcome.token}/invite.ics").get_data()
    third = client.get(f"/r/{outcome.token}/invite.ics").get_data()

    assert len(made) == 1
    assert parse(second).event["DTSTAMP"].dt == first.event["DTSTAMP"].dt + timedelta(minutes=7)
    assert third == second
    assert "Mot d'ouverture" in parse(third).text("DESCRIPTION")

    webinar.agenda_items[0].title = "Table ronde"
    db.session.commit()
    renewed = parse(client.get(f"/r/{outcome.token}/invite.ics").get_data())
    assert "Table ronde" in renewed.text("DESCRIPTION") and "Mot d'ouverture" not in renewed.text("DESCRIPTION")
    assert len(made) == 2


def test_no_personal_invite_for_unknown_tokens_nor_the_waitlist(client, clock, organization):
    webinar = published(organization, capacity=1)
    register_someone(webinar, email="first@example.org")
    waiting = register_someone(webinar, email="second@example.org")
    assert waiting.registration.state is RegistrationState.WAITLISTED

    assert client.get("/r/not-a-token/invite.ics").status_code == 404
    assert client.get(f"/r/{waiting.token}/invite.ics").status_code == 404


def test_a_cancelled_registration_downloads_a_cancel(client, clock, organization):
    webinar = published(organization)
    outcome = register_someone(webinar)
    sequence = webinar.calendar_sequence
    cancel_registration(outcome.registration)
    db.session.commit()

    parsed = parse(client.get(f"/r/{outcome.token}/invite.ics").get_data())

    assert parsed.method == "CANCEL"
    assert parsed.status == "CANCELLED"
    assert parsed.sequence == sequence + 1
    assert str(parsed.event["ATTENDEE"]) == "mailto:amina@example.org"


def test_an_agenda_change_renews_the_public_file_and_the_feed(client, clock, auth, organization):
    """The description lists the agenda, so a cached copy must not survive an agenda edit."""
    webinar = published(organization, slug="agenda-change")
    file_etag = client.get("/webinars/agenda-change.ics").headers["ETag"]
    feed_etag = client.get(f"/organizations/{organization.slug}/calendar.ics").headers["ETag"]

    clock.advance(minutes=5)
    owner = factories.make_user(organization, email="agenda-owner@example.org")
    auth.login(owner.email)
    local_start = webinar.starts_at_local.strftime("%H:%M")
    response = client.post(
        f"/manage/webinars/{webinar.id}/agenda",
        data={"starts_at": local_start, "duration": "15", "title": "Mot d'ouverture", "kind": "opening"},
    )
    assert response.status_code == 302

    changed = client.get("/webinars/agenda-change.ics", headers={"If-None-Match": file_etag})
    assert changed.status_code == 200 and "Mot d'ouverture" in parse(changed.get_data()).text("DESCRIPTION")
    feed = client.get(f"/organizations/{organization.slug}/calendar.ics", headers={"If-None-Match": feed_etag})
    assert feed.status_code == 200


def test_a_speaker_edited_in_the_library_renews_the_public_file(client, clock, auth, organization):
    """The description names each speaker with position and organization: editing the person
    in the people library must not leave calendars a stale copy behind a 304."""
    webinar = published(organization, slug="speaker-change")
    speaker = webinar.speakers[0].person
    file_etag = client.get("/webinars/speaker-change.ics").headers["ETag"]

    clock.advance(minutes=5)
    owner = factories.make_user(organization, email="people-owner@example.org")
    auth.login(owner.email)
    response = client.post(
        f"/manage/people/{speaker.id}/edit",
        data={"full_name": speaker.full_name, "position": "Président du directoire", "affiliation": "CRI Fès-Meknès"},
    )
    assert response.status_code == 302

    changed = client.get("/webinars/speaker-change.ics", headers={"If-None-Match": file_etag})
    assert changed.status_code == 200
    assert "Président du directoire" in changed.get_data(as_text=True).replace("\r\n ", "")
