"""Duplicating a webinar into a new draft."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.events.helpers import webinar_count
from tests.factories import make_agenda_item, make_partner, make_publishable_webinar, utc
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db


def test_duplicate_copies_people_agenda_and_partners_into_a_new_draft(client, organizer, clock):
    original = make_publishable_webinar(
        organizer.organization, title="Offshoring", starts_at=utc(2026, 12, 10, 18, 0), capacity=100,
        subtitle="Post-Covid", status=WebinarStatus.PUBLISHED, calendar_sequence=3,
    )
    moderator, speaker = (p.person for p in original.participations)
    make_agenda_item(original, "Opening", offset=timedelta(0), duration=timedelta(minutes=10), speakers=[moderator])
    make_agenda_item(original, "Talk", offset=timedelta(minutes=10), duration=timedelta(minutes=50), speakers=[speaker])
    make_partner(original, "CRI Fès-Meknès", "https://cri.example.ma")
    make_partner(original, "APEBI")

    response = client.post(f"/manage/webinars/{original.id}/duplicate")

    assert webinar_count() == 2
    db.session.expire_all()
    copy = db.session.scalar(select(Webinar).where(Webinar.id != original.id))
    original = db.session.get(Webinar, original.id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/webinars/{copy.id}/edit")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Set its new date" in page

    assert copy.status is WebinarStatus.DRAFT
    assert copy.published_at is None and copy.cancelled_at is None
    assert copy.slug != original.slug
    assert copy.calendar_uid != original.calendar_uid
    assert copy.calendar_sequence == 0
    assert (copy.title, copy.subtitle, copy.capacity, copy.timezone, copy.join_url) == (
        original.title, original.subtitle, original.capacity, original.timezone, original.join_url
    )
    assert copy.organization_id == original.organization_id
    assert [(p.person_id, p.role, p.position) for p in copy.participations] == [
        (p.person_id, p.role, p.position) for p in original.participations
    ]
    assert [(p.name, p.website) for p in copy.partners] == [("CRI Fès-Meknès", "https://cri.example.ma"), ("APEBI", None)]
    assert [
        (item.title, item.starts_at - copy.starts_at, item.ends_at - item.starts_at, [s.id for s in item.speakers])
        for item in copy.agenda_items
    ] == [
        ("Opening", timedelta(0), timedelta(minutes=10), [moderator.id]),
        ("Talk", timedelta(minutes=10), timedelta(minutes=50), [speaker.id]),
    ]
    # The original is untouched.
    assert original.status is WebinarStatus.PUBLISHED
    assert len(original.agenda_items) == 2 and len(original.partners) == 2


def test_duplicate_of_an_archive_record_is_a_new_occurrence(client, organizer, clock):
    original = make_publishable_webinar(organizer.organization, starts_at=utc(2020, 12, 18, 9, 0), is_past_record=True)

    client.post(f"/manage/webinars/{original.id}/duplicate")

    copy = db.session.scalar(select(Webinar).where(Webinar.id != original.id))
    assert copy.is_past_record is False
