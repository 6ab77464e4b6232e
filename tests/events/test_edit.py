"""Editing a webinar: the form shows local times, the agenda moves with the webinar, the slug stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.events.helpers import reload, webinar_form
from tests.factories import make_agenda_item, make_person, make_webinar, utc
from webinars.agenda.models import AgendaItem
from webinars.events.models import WebinarStatus
from webinars.extensions import db


def edit_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/edit"


def schedule(day: str, start: str, end: str, **changes) -> dict:
    return webinar_form(day=day, start_time=start, end_time=end, registration_opens_at="",
                        registration_closes_at="", **changes)


def agenda_times(webinar) -> list[tuple]:
    db.session.expire_all()
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.webinar_id == webinar.id).order_by(AgendaItem.starts_at)
    )
    return [(item.title, item.starts_at, item.ends_at) for item in items]


def test_edit_form_shows_the_webinar_in_its_own_zone(client, organizer):
    webinar = make_webinar(organizer.organization, title="Paris talk", timezone="Europe/Paris",
                           starts_at=utc(2026, 12, 3, 17, 0), capacity=40)

    page = client.get(edit_url(webinar)).get_data(as_text=True)

    assert 'value="Paris talk"' in page
    assert 'value="Europe/Paris"' in page
    assert 'value="2026-12-03"' in page
    assert 'value="18:00"' in page and 'value="20:00"' in page  # 17:00 UTC is 18:00 in Paris in winter
    assert 'value="40"' in page


def test_edit_saves_changes_and_keeps_the_slug(client, organizer):
    webinar = make_webinar(organizer.organization, title="Old title", slug="old-title")

    response = client.post(edit_url(webinar), data=schedule("2026-12-10", "18:00", "20:00", title="New title"))

    assert response.status_code == 302
    webinar = reload(webinar)
    assert (webinar.title, webinar.slug) == ("New title", "old-title")
    assert webinar.starts_at == utc(2026, 12, 10, 18, 0)


def test_moving_the_date_moves_every_agenda_item_by_the_same_delta(client, organizer):
    webinar = make_webinar(organizer.organization, starts_at=utc(2026, 12, 10, 18, 0))
    speaker = make_person(organizer.organization, "Yassine Tazi")
    make_agenda_item(webinar, "Opening", offset=timedelta(0), duration=timedelta(minutes=15))
    make_agenda_item(webinar, "Keynote", offset=timedelta(minutes=15), duration=timedelta(minutes=45), speakers=[speaker])
    make_agenda_item(webinar, "Q&A", offset=timedelta(hours=1, minutes=30), duration=timedelta(minutes=30))

    response = client.post(edit_url(webinar), data=schedule("2026-12-17", "15:00", "17:00"))

    assert response.status_code == 302
    assert agenda_times(webinar) == [
        ("Opening", utc(2026, 12, 17, 15, 0), utc(2026, 12, 17, 15, 15)),
        ("Keynote", utc(2026, 12, 17, 15, 15), utc(2026, 12, 17, 16, 0)),
        ("Q&A", utc(2026, 12, 17, 16, 30), utc(2026, 12, 17, 17, 0)),
    ]
    keynote = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Keynote"))
    assert [person.full_name for person in keynote.speakers] == ["Yassine Tazi"]


def test_changing_the_zone_keeps_the_agenda_at_the_same_offsets(client, organizer):
    webinar = make_webinar(organizer.organization, starts_at=utc(2026, 12, 10, 18, 0))
    make_agenda_item(webinar, "Opening", offset=timedelta(minutes=30), duration=timedelta(minutes=30))

    # Same wall-clock time, in Paris (UTC+1 in December): one hour earlier in UTC.
    assert client.post(edit_url(webinar), data=schedule("2026-12-10", "18:00", "20:00", timezone="Europe/Paris")).status_code == 302

    assert agenda_times(webinar) == [("Opening", utc(2026, 12, 10, 17, 30), utc(2026, 12, 10, 18, 0))]


def test_shortening_refuses_when_an_item_would_fall_outside_and_saves_nothing(client, organizer):
    webinar = make_webinar(organizer.organization, title="Keep me", starts_at=utc(2026, 12, 10, 18, 0))
    make_agenda_item(webinar, "Opening", offset=timedelta(0), duration=timedelta(minutes=15))
    make_agenda_item(webinar, "Closing remarks", offset=timedelta(hours=1, minutes=30), duration=timedelta(minutes=30))
    before = agenda_times(webinar)

    response = client.post(edit_url(webinar), data=schedule("2026-12-11", "18:00", "19:00", title="Changed"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Closing remarks" in page
    assert "7:30" in page and "8:00" in page  # the item's times after the move, in the event's zone
    assert 'id="end_time-error"' in page
    webinar = reload(webinar)
    assert webinar.title == "Keep me"
    assert webinar.starts_at == utc(2026, 12, 10, 18, 0)
    assert agenda_times(webinar) == before


def test_editing_a_published_webinar_bumps_its_calendar_sequence(client, organizer):
    webinar = make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED)
    draft = make_webinar(organizer.organization)

    client.post(edit_url(webinar), data=schedule("2026-12-10", "18:00", "20:00"))
    client.post(edit_url(draft), data=schedule("2026-12-10", "18:00", "20:00"))

    assert reload(webinar).calendar_sequence == 1
    assert reload(draft).calendar_sequence == 0


def test_invalid_edit_changes_nothing(client, organizer):
    webinar = make_webinar(organizer.organization, title="Unchanged", join_url="https://meet.example.org/a")

    response = client.post(edit_url(webinar), data=schedule("2026-12-10", "18:00", "20:00", title="Changed",
                                                            join_url="javascript:alert(1)"))

    assert response.status_code == 422
    webinar = reload(webinar)
    assert (webinar.title, webinar.join_url) == ("Unchanged", "https://meet.example.org/a")


def test_raising_the_capacity_gives_the_new_seats_to_the_waitlist(client, organizer, clock):
    from webinars.registration import service as registration
    from webinars.registration.models import Registration, RegistrationState

    webinar = make_webinar(organizer.organization, status=WebinarStatus.PUBLISHED, capacity=1,
                           starts_at=utc(2026, 12, 10, 18, 0))
    for number in (1, 2):
        registration.register(
            webinar, registration.RegistrantDetails(email=f"person{number}@example.org", first_name="P", last_name=str(number)), "fr"
        )
    db.session.commit()
    assert db.session.scalars(select(Registration.state).order_by(Registration.id)).all() == [
        RegistrationState.CONFIRMED, RegistrationState.WAITLISTED
    ]

    response = client.post(edit_url(webinar), data=schedule("2026-12-10", "18:00", "20:00", capacity="2"))

    assert response.status_code == 302
    db.session.expire_all()
    states = db.session.scalars(select(Registration.state).order_by(Registration.id)).all()
    assert states == [RegistrationState.CONFIRMED, RegistrationState.CONFIRMED]
