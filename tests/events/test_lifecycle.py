"""Draft → published → cancelled, back to draft; the publish panel says what is missing."""

from __future__ import annotations

from datetime import timedelta

from tests.events.helpers import reload
from tests.factories import add_participant, make_person, make_publishable_webinar, make_webinar, utc
from webinars.events.models import WebinarStatus
from webinars.people.models import ParticipationRole

MISSING = [
    "The start is in the past",
    "Choose a moderator.",
    "Add at least one speaker.",
    "Add the join link.",
]


def test_publish_is_refused_with_everything_missing_listed_then_succeeds(client, organizer, clock):
    webinar = make_webinar(organizer.organization, starts_at=utc(2026, 11, 1, 18, 0), join_url=None)

    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    for problem in MISSING:
        assert problem in overview
    assert "disabled" in overview
    assert f'action="/manage/webinars/{webinar.id}/publish"' not in overview

    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)
    assert "cannot be published yet" in page
    for problem in MISSING:
        assert problem in page
    assert reload(webinar).status is WebinarStatus.DRAFT

    # The organizer fixes each problem.
    webinar.starts_at, webinar.ends_at = utc(2026, 12, 10, 18, 0), utc(2026, 12, 10, 20, 0)
    webinar.join_url = "https://meet.example.org/live"
    add_participant(webinar, make_person(organizer.organization, "Mohamed Benabbou"), ParticipationRole.MODERATOR)
    add_participant(webinar, make_person(organizer.organization, "Yassine Tazi"))

    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert f'action="/manage/webinars/{webinar.id}/publish"' in overview
    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)

    assert "The webinar is published" in page
    webinar = reload(webinar)
    assert webinar.status is WebinarStatus.PUBLISHED
    assert webinar.published_at == clock.current


def test_a_speaker_alone_is_not_enough(client, organizer, clock):
    webinar = make_webinar(organizer.organization)
    add_participant(webinar, make_person(organizer.organization))

    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)

    assert "Choose a moderator." in page
    assert "Add at least one speaker." not in page
    assert reload(webinar).status is WebinarStatus.DRAFT


def test_a_past_record_can_be_published_with_its_past_date(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization, starts_at=utc(2020, 12, 18, 9, 0), is_past_record=True)

    client.post(f"/manage/webinars/{webinar.id}/publish")

    assert reload(webinar).status is WebinarStatus.PUBLISHED


def test_a_past_date_without_the_archive_box_is_refused(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization, starts_at=clock.current - timedelta(hours=1))

    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)

    assert "The start is in the past" in page
    assert reload(webinar).status is WebinarStatus.DRAFT


def test_back_to_draft(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization, status=WebinarStatus.PUBLISHED)

    page = client.post(f"/manage/webinars/{webinar.id}/unpublish", follow_redirects=True).get_data(as_text=True)

    assert "back to draft" in page
    webinar = reload(webinar)
    assert webinar.status is WebinarStatus.DRAFT
    assert webinar.published_at is None


def test_cancel_asks_for_confirmation_then_cancels(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization, status=WebinarStatus.PUBLISHED)

    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert f'href="/manage/webinars/{webinar.id}/cancel"' in overview
    assert "Cancel this webinar" in overview

    confirm = client.get(f"/manage/webinars/{webinar.id}/cancel")
    assert confirm.status_code == 200
    assert "Yes, cancel the webinar" in confirm.get_data(as_text=True)
    assert reload(webinar).status is WebinarStatus.PUBLISHED  # looking at the page changes nothing

    page = client.post(f"/manage/webinars/{webinar.id}/cancel", follow_redirects=True).get_data(as_text=True)

    assert "The webinar is cancelled" in page
    webinar = reload(webinar)
    assert webinar.status is WebinarStatus.CANCELLED
    assert webinar.cancelled_at == clock.current
    assert webinar.calendar_sequence == 1


def test_a_draft_cannot_be_cancelled_nor_unpublished(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization)

    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert "Cancel this webinar" not in overview

    page = client.post(f"/manage/webinars/{webinar.id}/cancel", follow_redirects=True).get_data(as_text=True)
    assert "Only a published webinar can be cancelled." in page
    page = client.post(f"/manage/webinars/{webinar.id}/unpublish", follow_redirects=True).get_data(as_text=True)
    assert "Only a published webinar can go back to draft." in page
    assert reload(webinar).status is WebinarStatus.DRAFT


def test_a_cancelled_webinar_cannot_be_published_again(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization, status=WebinarStatus.CANCELLED)

    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)

    assert "Only a draft can be published." in page
    assert reload(webinar).status is WebinarStatus.CANCELLED


def test_publication_problems_name_a_missing_title(app, organizer, clock):
    from webinars.events.service import publication_problems

    webinar = make_publishable_webinar(organizer.organization, title=" ")

    with app.test_request_context("/?lang=en"):
        assert publication_problems(webinar) == ["Give the webinar a title."]
