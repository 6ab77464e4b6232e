"""Draft → published → cancelled, back to draft; the publish panel says what is missing."""

from __future__ import annotations

from datetime import timedelta

from tests.events.helpers import reload
from tests.factories import make_agenda_item, make_publishable_webinar, make_webinar, utc
from webinars.events.models import WebinarStatus

WARNINGS = ["Choose a moderator.", "Add at least one speaker.", "Add the join link."]


def test_publish_is_refused_while_a_blocker_remains_then_succeeds_despite_warnings(client, organizer, clock):
    webinar = make_webinar(organizer.organization, starts_at=utc(2026, 11, 1, 18, 0), join_url=None)

    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert "cannot be published yet" in overview
    assert "The start is in the past" in overview
    for warning in WARNINGS:
        assert warning in overview
    assert f'href="/webinars/{webinar.slug}">Preview' in overview
    assert f'href="/manage/webinars/{webinar.id}/publish"' in overview

    confirm = client.get(f"/manage/webinars/{webinar.id}/publish").get_data(as_text=True)
    assert "Before publishing" in confirm
    assert "disabled" in confirm
    assert 'class="preflight-blocker"' in confirm

    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)
    assert "cannot be published yet" in page
    assert "The start is in the past" in page
    assert reload(webinar).status is WebinarStatus.DRAFT

    # The blocker fixed, the warnings remain: the organizer may publish anyway, after confirming.
    webinar.starts_at, webinar.ends_at = utc(2026, 12, 10, 18, 0), utc(2026, 12, 10, 20, 0)
    confirm = client.get(f"/manage/webinars/{webinar.id}/publish").get_data(as_text=True)
    assert "disabled" not in confirm
    assert reload(webinar).status is WebinarStatus.DRAFT  # looking at the list changes nothing
    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)

    assert "The webinar is published" in page
    webinar = reload(webinar)
    assert webinar.status is WebinarStatus.PUBLISHED
    assert webinar.published_at == clock.current


def test_the_checklist_says_what_is_ready(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization)
    webinar.cover_hash = "c0ffee"  # as if a cover had been uploaded (tests/sharing uploads real ones)

    confirm = client.get(f"/manage/webinars/{webinar.id}/publish").get_data(as_text=True)

    assert "Moderator: " in confirm
    assert "1 speaker." in confirm
    assert "Join link set." in confirm
    assert "Cover image set." in confirm
    assert "Reminders: 1 day, 1 hour before the start." in confirm
    assert 'class="preflight-warning"' not in confirm


def test_an_agenda_item_outside_the_hours_blocks_publication(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization)
    make_agenda_item(webinar, "Questions", offset=webinar.ends_at - webinar.starts_at - timedelta(minutes=10), duration=timedelta(minutes=30))

    confirm = client.get(f"/manage/webinars/{webinar.id}/publish?lang=en").get_data(as_text=True)
    assert "The agenda item “Questions” runs from" in confirm
    assert "disabled" in confirm
    client.post(f"/manage/webinars/{webinar.id}/publish")
    assert reload(webinar).status is WebinarStatus.DRAFT


def test_a_registration_window_that_closes_before_it_opens_blocks_publication(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization)
    webinar.registration_opens_at = webinar.starts_at - timedelta(days=1)
    webinar.registration_closes_at = webinar.starts_at - timedelta(days=2)

    page = client.post(f"/manage/webinars/{webinar.id}/publish", follow_redirects=True).get_data(as_text=True)

    assert "Registration closes before it opens" in page
    assert reload(webinar).status is WebinarStatus.DRAFT


def test_no_reminder_and_a_closed_registration_are_warnings(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization)
    webinar.reminder_minutes = ""
    webinar.registration_closes_at = clock.current - timedelta(hours=1)

    confirm = client.get(f"/manage/webinars/{webinar.id}/publish").get_data(as_text=True)
    assert "No reminder: registrants get no e-mail before the start." in confirm
    assert "Registration is already closed" in confirm
    assert "disabled" not in confirm


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
    from webinars.events.preflight import publication_problems

    webinar = make_publishable_webinar(organizer.organization, title=" ")

    with app.test_request_context("/?lang=en"):
        assert publication_problems(webinar) == ["Give the webinar a title."]


def test_the_checklist_warns_about_speakers_who_have_not_confirmed(client, organizer, clock):
    from tests.speakers.helpers import invite_new_speaker

    webinar = make_publishable_webinar(organizer.organization)
    invite_new_speaker(client, webinar, full_name="Salma Berrada", email="salma@example.org")

    confirm = client.get(f"/manage/webinars/{webinar.id}/publish").get_data(as_text=True)

    assert "Salma Berrada (speaker): invited, no answer yet" in confirm
    assert 'class="preflight-warning"' in confirm
    assert "disabled" not in confirm  # a warning: the organizer may still publish


def test_the_checklist_warns_when_there_is_no_cover_image(client, organizer, clock):
    webinar = make_publishable_webinar(organizer.organization)

    confirm = client.get(f"/manage/webinars/{webinar.id}/publish").get_data(as_text=True)

    assert "No cover image: the page and its link previews show a banner in your colour." in confirm
    assert "disabled" not in confirm
