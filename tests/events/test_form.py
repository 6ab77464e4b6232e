"""Creating a webinar through its form: every field, each kind of bad input, times stored in UTC."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.events.helpers import webinar_count, webinar_form
from tests.factories import make_organization, make_webinar, utc
from webinars.events.models import Language, Webinar, WebinarStatus
from webinars.extensions import db


def create_url(organizer) -> str:
    return f"/manage/{organizer.organization.slug}/webinars/new"


def test_new_webinar_form_offers_every_zone_and_defaults_to_the_organization_zone(client, organizer):
    page = client.get(create_url(organizer)).get_data(as_text=True)

    assert 'list="timezone-choices"' in page
    assert '<option value="Europe/Paris">' in page
    assert '<option value="America/Argentina/Buenos_Aires">' in page
    assert 'value="Africa/Casablanca"' in page  # the organization's zone, pre-filled
    assert 'type="date"' in page and 'type="time"' in page and 'type="datetime-local"' in page
    assert "Markdown is supported" in page
    assert ">Français</option>" in page and ">English</option>" in page


def test_create_with_every_field(client, organizer, clock):
    response = client.post(create_url(organizer), data=webinar_form(language="en"))

    webinar = db.session.scalar(select(Webinar))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/webinars/{webinar.id}")
    assert webinar.organization_id == organizer.organization.id
    assert webinar.title == "L'offshoring régionalisé"
    assert webinar.slug == "l-offshoring-regionalise"
    assert webinar.subtitle == "Meilleure réponse aux opportunités post-Covid"
    assert webinar.description == "Un **webinaire** du pôle offshoring."
    assert webinar.language is Language.EN
    assert webinar.timezone == "Africa/Casablanca"
    # Morocco is on UTC+0 since 2026-09-20 (IANA 2026c).
    assert webinar.starts_at == utc(2026, 12, 10, 18, 0)
    assert webinar.ends_at == utc(2026, 12, 10, 20, 0)
    assert webinar.join_url == "https://meet.example.org/offshoring"
    assert webinar.join_url_is_public is True
    assert webinar.capacity == 300
    assert webinar.registration_opens_at == utc(2026, 11, 20, 9, 0)
    assert webinar.registration_closes_at == utc(2026, 12, 10, 17, 30)
    assert webinar.is_past_record is False
    assert webinar.status is WebinarStatus.DRAFT
    assert webinar.published_at is None

    overview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Draft saved" in overview
    assert "L&#39;offshoring régionalisé" in overview


def test_optional_fields_may_stay_empty_while_drafting(client, organizer):
    data = webinar_form(
        subtitle="", description="", join_url="", join_url_is_public=None, capacity="",
        registration_opens_at="", registration_closes_at="",
    )
    assert client.post(create_url(organizer), data=data).status_code == 302

    webinar = db.session.scalar(select(Webinar))
    assert webinar.subtitle is None
    assert webinar.join_url is None
    assert webinar.join_url_is_public is False
    assert webinar.capacity is None
    assert webinar.registration_opens_at is None and webinar.registration_closes_at is None


def test_times_of_2020_in_casablanca_are_stored_with_that_years_offset(client, organizer):
    data = webinar_form(
        day="2020-12-18", start_time="10:00", end_time="12:00", is_past_record="y",
        registration_opens_at="", registration_closes_at="",
    )
    assert client.post(create_url(organizer), data=data).status_code == 302

    webinar = db.session.scalar(select(Webinar))
    assert webinar.starts_at == utc(2020, 12, 18, 9, 0)  # UTC+1 back then
    assert webinar.ends_at == utc(2020, 12, 18, 11, 0)
    assert webinar.is_past_record is True
    page = client.get(f"/manage/webinars/{webinar.id}?lang=en").get_data(as_text=True)
    assert "10:00" in page and "Morocco time, UTC+1" in page


def test_other_zones_are_converted_from_their_own_wall_clock(client, organizer):
    data = webinar_form(timezone="Europe/Paris", day="2026-07-01", start_time="09:30", end_time="11:00",
                        registration_opens_at="", registration_closes_at="")
    assert client.post(create_url(organizer), data=data).status_code == 302
    webinar = db.session.scalar(select(Webinar))
    assert (webinar.timezone, webinar.starts_at) == ("Europe/Paris", utc(2026, 7, 1, 7, 30))


def test_slug_is_unique_across_organizations(client, organizer):
    other = make_webinar(make_organization(), title="Elsewhere", slug="l-offshoring-regionalise")
    assert client.post(create_url(organizer), data=webinar_form()).status_code == 302

    new = db.session.scalar(select(Webinar).where(Webinar.id != other.id))
    assert new.slug == "l-offshoring-regionalise-2"


BAD_INPUTS = [
    ("empty title", {"title": "  "}, "Give the webinar a title."),
    ("title too long", {"title": "x" * 201}, "200"),
    ("end before start", {"start_time": "18:00", "end_time": "17:00"}, "The end must be after the start"),
    ("end equals start", {"start_time": "18:00", "end_time": "18:00"}, "The end must be after the start"),
    ("unknown zone", {"timezone": "Mars/Olympus_Mons"}, "Unknown time zone"),
    ("missing zone", {"timezone": ""}, "Choose the time zone"),
    ("missing date", {"day": ""}, "Choose the date"),
    ("garbage date", {"day": "tomorrow"}, "Not a valid date"),
    ("http link", {"join_url": "http://meet.example.org/x"}, "https://"),
    ("javascript link", {"join_url": "javascript:alert(1)"}, "https://"),
    ("garbage link", {"join_url": "meet dot example"}, "https://"),
    ("link without host", {"join_url": "https://"}, "https://"),
    ("negative capacity", {"capacity": "-5"}, "positive whole number"),
    ("zero capacity", {"capacity": "0"}, "positive whole number"),
    ("capacity not a number", {"capacity": "many"}, "Not a valid integer"),
    ("unknown language", {"language": "de"}, "Not a valid choice"),
    ("closing after the end", {"registration_closes_at": "2026-12-10T20:30"}, "cannot close after the webinar ends"),
    ("closing before opening", {"registration_opens_at": "2026-12-01T10:00", "registration_closes_at": "2026-11-30T10:00"},
     "must close after it opens"),
    ("opening after the end", {"registration_opens_at": "2026-12-11T10:00", "registration_closes_at": ""},
     "must open before the webinar ends"),
    ("start skipped by the DST jump",
     {"timezone": "Europe/Paris", "day": "2026-03-29", "start_time": "02:30", "end_time": "04:00",
      "registration_opens_at": "", "registration_closes_at": ""},
     "02:30 does not exist on 2026-03-29 (France time)"),
    ("registration time skipped by the DST jump",
     {"timezone": "Europe/Paris", "day": "2026-04-02", "registration_opens_at": "2026-03-29T02:15",
      "registration_closes_at": ""},
     "02:15 does not exist on 2026-03-29 (France time)"),
]


@pytest.mark.parametrize("data, message", [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, organizer, data, message):
    response = client.post(create_url(organizer), data=webinar_form(**data))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert 'class="errors"' in page  # next to the field, not only at the top
    assert webinar_count() == 0


def test_refused_form_keeps_what_was_typed(client, organizer):
    response = client.post(create_url(organizer), data=webinar_form(capacity="-1", subtitle="Gardez-moi"))
    assert response.status_code == 422
    assert 'value="Gardez-moi"' in response.get_data(as_text=True)
