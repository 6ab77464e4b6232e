"""Webinars on the nights the clocks change: nothing guessed, every time labelled with its offset."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests import factories
from tests.browser_forms import form_as_submitted
from tests.events.helpers import reload, webinar_count, webinar_form
from tests.factories import utc
from tests.invites.helpers import parse
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db

NEW_YORK = ZoneInfo("America/New_York")


def create_url(organizer) -> str:
    return f"/manage/{organizer.organization.slug}/webinars/new"


def new_york_form(**changes) -> dict:
    # 1 November 2026 in New York: at 02:00 EDT the clocks go back to 01:00 EST, so 01:00–01:59 happens twice.
    return webinar_form(
        timezone="America/New_York", day="2026-11-01", registration_opens_at=None, registration_closes_at=None, **changes
    )


def test_a_repeated_time_is_not_guessed_the_form_offers_both(client, organizer):
    response = client.post(create_url(organizer) + "?lang=en", data=new_york_form(start_time="01:30", end_time="03:00"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "01:30 happens twice on 2026-11-01 (New York time): the clocks go back that night." in page
    assert re.search(r'name="start_time_fold" value="0">\s*1:30\u202fAM UTC-4 \(the first time\)', page)
    assert re.search(r'name="start_time_fold" value="1">\s*1:30\u202fAM UTC-5 \(the second time\)', page)
    assert webinar_count() == 0


def test_the_chosen_instant_is_saved_and_kept_when_the_form_is_saved_back(client, organizer):
    response = client.post(
        create_url(organizer), data=new_york_form(start_time="01:30", end_time="03:00", start_time_fold="1")
    )
    assert response.status_code == 302
    webinar = db.session.scalar(select(Webinar))
    assert webinar.starts_at == utc(2026, 11, 1, 6, 30)  # 01:30 EST, the second one

    html = client.get(f"/manage/webinars/{webinar.id}/edit").get_data(as_text=True)
    fields = form_as_submitted(html, "webinar-form")
    assert fields["start_time_fold"] == "1", "the edit page shows which one is saved"
    assert client.post(f"/manage/webinars/{webinar.id}/edit", data=fields).status_code == 302
    assert reload(webinar).starts_at == utc(2026, 11, 1, 6, 30)


def test_the_french_form_asks_in_french(client, organizer):
    response = client.post(create_url(organizer) + "?lang=fr", data=new_york_form(start_time="01:30", end_time="03:00"))
    page = response.get_data(as_text=True)
    assert "01:30 a lieu deux fois le 2026-11-01 (heure de New York)" in page
    assert "01:30 UTC-4 (la première fois)" in page and "01:30 UTC-5 (la seconde fois)" in page


def test_a_night_webinar_shows_each_time_with_its_own_offset_everywhere(client, organizer, clock):
    # 8 March 2026 in New York: 02:00 EST becomes 03:00 EDT.
    webinar = factories.make_publishable_webinar(
        organizer.organization,
        slug="night",
        timezone="America/New_York",
        starts_at=datetime(2026, 3, 8, 1, 0, tzinfo=NEW_YORK),
        duration=datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK) - datetime(2026, 3, 8, 1, 0, tzinfo=NEW_YORK),
        status=WebinarStatus.PUBLISHED,
    )
    clock.set(utc(2026, 2, 1, 9, 0))
    factories.make_agenda_item(webinar, "Late talk", offset=datetime(2026, 3, 8, 3, 0, tzinfo=NEW_YORK) - webinar.starts_at)

    page = client.get("/webinars/night?lang=en").get_data(as_text=True).replace("\u202f", " ")
    assert "1:00 AM UTC-5 – 3:30 AM UTC-4 (New York time)" in page
    assert "3:00 AM UTC-4" in page and 'title="America/New_York"' in page
    description = parse(client.get("/webinars/night.ics").get_data()).text("DESCRIPTION")
    assert "01:00 UTC-5 – 03:30 UTC-4 (heure de New York)" in description
    assert "03:00 UTC-4 – 03:15 UTC-4 Late talk" in description
