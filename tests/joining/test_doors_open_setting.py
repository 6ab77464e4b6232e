"""The doors' opening is a setting of each webinar, in its details: 15 minutes before the start unless changed."""

from __future__ import annotations

import pytest

from tests.events.helpers import reload, webinar_form
from tests.factories import make_webinar


def test_the_organizer_sets_when_the_doors_open(client, organizer):
    webinar = make_webinar(organizer.organization)
    assert webinar.doors_open_minutes == 15
    assert 'name="doors_open_minutes"' in client.get(f"/manage/webinars/{webinar.id}/edit").get_data(as_text=True)

    response = client.post(f"/manage/webinars/{webinar.id}/edit", data=webinar_form(doors_open_minutes="30"))

    assert response.status_code == 302
    assert reload(webinar).doors_open_minutes == 30
    overview = client.get(f"/manage/webinars/{webinar.id}?lang=en").get_data(as_text=True)
    assert "30 minutes before the start, on each registrant's join page" in overview


def test_left_empty_it_is_fifteen_minutes(client, organizer):
    webinar = make_webinar(organizer.organization, doors_open_minutes=45)

    client.post(f"/manage/webinars/{webinar.id}/edit", data=webinar_form(doors_open_minutes=""))

    assert reload(webinar).doors_open_minutes == 15


@pytest.mark.parametrize("value", ["-1", "241", "quinze", "99999999999"])
def test_out_of_range_is_refused_where_typed(client, organizer, value):
    webinar = make_webinar(organizer.organization, doors_open_minutes=20)

    response = client.post(f"/manage/webinars/{webinar.id}/edit?lang=en", data=webinar_form(doors_open_minutes=value))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Between 0 and 240 minutes (4 hours)." in html or "Not a valid integer value." in html or "too large" in html
    assert reload(webinar).doors_open_minutes == 20


def test_a_duplicate_keeps_the_doors_time(client, organizer):
    from webinars.events import service

    webinar = make_webinar(organizer.organization, doors_open_minutes=5)

    assert service.duplicate(webinar).doors_open_minutes == 5
