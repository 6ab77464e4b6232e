"""Speakers' calendar invites: the webinar (with the speakers' join link) and the rehearsal, each
with a UID of its own, updated after edits and cancelled like registrants' invites."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.factories import utc
from tests.invites.helpers import parse, register_someone
from tests.speakers.helpers import add_speaker, invite_new_speaker, last_space_path, lineup_url, messages
from webinars.events import service as events
from webinars.extensions import db
from webinars.speakers import calendars, service
from webinars.speakers.models import SpeakerSpace
from tests.invites.helpers import offshoring_webinar

SPEAKER = "salma@example.org"


@pytest.fixture
def webinar(organizer, clock):
    clock.set(utc(2026, 11, 2, 9, 0))
    webinar = offshoring_webinar(organizer.organization, join_url_is_public=False)
    service.set_logistics(webinar, "https://meet.example.org/panelists", (utc(2026, 12, 9, 16, 0), utc(2026, 12, 9, 16, 45)))
    db.session.commit()
    return webinar


def calendar_mails(kind: str | None = None):
    return [m for m in messages(to=SPEAKER) if m.calendar]


def accept(client, webinar):
    invite_new_speaker(client, webinar, email=SPEAKER)
    client.post(last_space_path(SPEAKER) + "/accept")


def by_summary(mails):
    return {parse(m.calendar).text("SUMMARY"): parse(m.calendar) for m in mails}


def test_accepting_sends_the_webinar_and_the_rehearsal_each_with_its_own_uid(client, webinar):
    register_someone(webinar, email=SPEAKER)  # the speaker also registered as an attendee
    accept(client, webinar)

    mails = calendar_mails()
    registrant_invite = parse(mails[0].calendar)  # the confirmation of the registration came first
    speaker_invite, rehearsal = parse(mails[1].calendar), parse(mails[2].calendar)
    public = parse(client.get(f"/webinars/{webinar.slug}.ics").data)
    assert [m.kind for m in mails[1:]] == ["speaker_calendar", "speaker_calendar"]
    assert (speaker_invite.method, rehearsal.method) == ("REQUEST", "REQUEST")
    # The registrant's invite is the webinar's (its public UID); the speaker's two entries are apart from it.
    assert registrant_invite.uid == public.uid
    assert len({public.uid, speaker_invite.uid, rehearsal.uid}) == 3
    assert speaker_invite.starts_at == webinar.starts_at
    assert speaker_invite.text("LOCATION") == "https://meet.example.org/panelists"
    description = speaker_invite.text("DESCRIPTION")
    # In the webinar's language (French here).
    assert "Vous participez comme intervenant." in description
    assert "Lien de connexion des intervenants\u00a0: https://meet.example.org/panelists" in description
    assert "http://localhost/s/" in description
    assert rehearsal.starts_at == utc(2026, 12, 9, 16, 0) and rehearsal.ends_at == utc(2026, 12, 9, 16, 45)
    assert rehearsal.text("SUMMARY") == "Répétition\u00a0: L'offshoring régionalisé"


def test_an_edit_sends_one_update_after_the_quiet_period_and_saving_unchanged_sends_none(client, webinar, clock):
    accept(client, webinar)
    first = parse(calendar_mails()[0].calendar)

    clock.advance(minutes=1)
    events.update_webinar(webinar, events.details_of(webinar))  # saved unchanged
    db.session.commit()
    clock.advance(minutes=6)
    assert calendars.send_due_updates() == 0

    details = events.details_of(webinar)
    events.update_webinar(webinar, replace(details, starts_at=details.starts_at + timedelta(hours=1),
                                           ends_at=details.ends_at + timedelta(hours=1)))
    db.session.commit()
    clock.advance(minutes=2)
    details = events.details_of(webinar)
    events.update_webinar(webinar, replace(details, ends_at=details.ends_at + timedelta(minutes=30)))
    db.session.commit()
    assert calendars.send_due_updates() == 0  # still within the quiet period
    clock.advance(minutes=6)

    assert calendars.send_due_updates() == 1  # one update for both edits; the rehearsal did not move
    assert calendars.send_due_updates() == 0
    update = parse(calendar_mails()[-1].calendar)
    assert (update.method, update.uid) == ("REQUEST", first.uid)
    assert update.sequence > first.sequence
    assert (update.starts_at, update.ends_at) == (first.starts_at + timedelta(hours=1), first.ends_at + timedelta(hours=1, minutes=30))
    assert "Nouvel horaire" in calendar_mails()[-1].text_body or "New time" in calendar_mails()[-1].text_body

    clock.advance(minutes=1)
    events.update_webinar(webinar, replace(events.details_of(webinar), title="L'offshoring régionalisé, suite"))
    db.session.commit()
    clock.advance(minutes=6)
    assert calendars.send_due_updates() == 2  # the new title shows in both entries


def test_a_moved_rehearsal_is_updated_and_a_removed_one_cancelled(client, webinar, clock):
    accept(client, webinar)
    rehearsal = parse(calendar_mails()[1].calendar)

    client.post(f"/manage/webinars/{webinar.id}/people/logistics", data={
        "speakers_join_url": "https://meet.example.org/panelists",
        "rehearsal_day": "2026-12-08", "rehearsal_start": "17:00", "rehearsal_end": "17:30",
    })
    clock.advance(minutes=6)
    calendars.send_due_updates()
    moved = parse(calendar_mails()[-1].calendar)
    assert (moved.uid, moved.method) == (rehearsal.uid, "REQUEST")
    assert moved.starts_at == utc(2026, 12, 8, 17, 0)  # Casablanca is UTC+0 in December 2026

    client.post(f"/manage/webinars/{webinar.id}/people/logistics", data={"speakers_join_url": ""})
    clock.advance(minutes=6)
    calendars.send_due_updates()
    mails = calendar_mails()
    cancelled = parse(mails[-1].calendar)
    assert (cancelled.uid, cancelled.method, cancelled.status) == (rehearsal.uid, "CANCEL", "CANCELLED")
    assert cancelled.sequence > moved.sequence
    # The webinar's own entry changed too: its LOCATION is now the attendees' link.
    webinar_update = parse(mails[-2].calendar)
    assert webinar_update.text("LOCATION") == "https://meet.example.org/offshoring"


def test_taking_a_speaker_out_of_the_line_up_cancels_both_entries(client, webinar):
    accept(client, webinar)
    invites = [parse(m.calendar) for m in calendar_mails()]
    participation = db.session.scalar(db.select(SpeakerSpace)).participation

    client.post(f"{lineup_url(webinar)}/{participation.id}/remove")

    cancels = [parse(m.calendar) for m in calendar_mails()[2:]]
    assert [c.method for c in cancels] == ["CANCEL", "CANCEL"]
    assert {c.uid for c in cancels} == {i.uid for i in invites}


def test_a_speaker_who_withdraws_gets_cancellations(client, webinar):
    accept(client, webinar)
    client.post(last_space_path(SPEAKER) + "/decline", data={"reason": "Empêchée"})
    assert [parse(m.calendar).method for m in calendar_mails()] == ["REQUEST", "REQUEST", "CANCEL", "CANCEL"]


def test_cancelling_the_webinar_cancels_the_speakers_entries(client, webinar):
    accept(client, webinar)
    events.cancel(webinar)
    db.session.commit()
    assert [parse(m.calendar).method for m in calendar_mails()][-2:] == ["CANCEL", "CANCEL"]


def test_an_invited_speaker_gets_no_invite_until_they_accept(client, webinar):
    invite_new_speaker(client, webinar, email=SPEAKER)
    assert calendar_mails() == []
    assert client.get(last_space_path(SPEAKER) + "/webinar.ics").status_code == 404


def test_the_space_offers_the_same_invites_to_download(client, webinar):
    accept(client, webinar)
    mailed = parse(calendar_mails()[0].calendar)

    response = client.get(last_space_path(SPEAKER) + "/webinar.ics")

    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8; method=REQUEST"
    downloaded = parse(response.data)
    assert (downloaded.uid, downloaded.sequence) == (mailed.uid, mailed.sequence)


def test_a_speaker_added_without_an_address_is_never_mailed(client, organizer, webinar):
    participation = add_speaker(webinar, organizer.organization, full_name="Idriss Elasri", email=None)
    response = client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")
    assert response.status_code == 302
    assert messages(to=None, kind="speaker_space_link") == []
