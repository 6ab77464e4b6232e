"""The organizer overview of one webinar."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import (
    add_participant, make_agenda_item, make_partner, make_person, make_publishable_webinar, make_webinar, utc,
)
from webinars.events.models import Language, WebinarStatus


def test_overview_shows_everything_about_the_webinar(client, organizer, clock):
    webinar = make_publishable_webinar(
        organizer.organization, title="Offshoring régionalisé", starts_at=utc(2026, 12, 10, 18, 0),
        language=Language.EN, capacity=250, join_url="https://youtube.example.org/live", join_url_is_public=True,
        registration_opens_at=utc(2026, 11, 20, 9, 0), registration_closes_at=utc(2026, 12, 10, 17, 0),
        status=WebinarStatus.PUBLISHED,
    )
    make_agenda_item(webinar, "Signing of the convention", offset=timedelta(minutes=30))
    make_partner(webinar, "CRI Fès-Meknès", "https://cri.example.ma")

    response = client.get(f"/manage/webinars/{webinar.id}?lang=en")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Offshoring régionalisé" in page
    assert 'aria-current="page">Overview' in page
    assert "badge-published" in page
    assert "Thursday, December 10, 2026, 6:00\u202fPM–8:00\u202fPM (Morocco time, UTC+0)" in page
    assert "English" in page
    assert "https://youtube.example.org/live" in page and "shown publicly" in page
    assert "250 seats" in page
    assert "November 20, 2026" in page
    assert "Mohamed Benabbou" in page and "Yassine Tazi" in page
    assert f'href="/manage/webinars/{webinar.id}/people"' in page
    assert "Signing of the convention" in page and "6:30\u202fPM" in page
    assert f'href="/manage/webinars/{webinar.id}/agenda"' in page
    assert 'href="https://cri.example.ma"' in page
    assert f'action="/manage/webinars/{webinar.id}/duplicate"' in page
    assert f'action="/manage/webinars/{webinar.id}/unpublish"' in page


def test_overview_of_a_bare_draft(client, organizer, clock):
    webinar = make_webinar(organizer.organization, join_url=None)

    page = client.get(f"/manage/webinars/{webinar.id}?lang=en").get_data(as_text=True)

    assert "badge-draft" in page
    assert "Not set yet" in page
    assert "No limit" in page
    assert "No moderator or speaker yet." in page
    assert "No agenda item yet." in page


def test_overview_lists_moderator_apart_from_speakers(client, organizer, clock):
    webinar = make_webinar(organizer.organization)
    add_participant(webinar, make_person(organizer.organization, "Amina Alaoui"))

    page = client.get(f"/manage/webinars/{webinar.id}?lang=en").get_data(as_text=True)

    assert "Amina Alaoui" in page
    assert "None yet" in page  # no moderator
