"""After saving a person or an agreement template reached from a webinar, the organizer is back on that webinar."""

from __future__ import annotations

import pytest

from tests.agreements.helpers import RELEASE_BODY
from tests.factories import add_participant, make_person, make_webinar
from tests.people.test_library import person_form


def test_editing_a_speaker_from_the_line_up_comes_back_to_it(client, organizer):
    webinar = make_webinar(organizer.organization)
    person = make_person(organizer.organization, "Amina El Idrissi")
    add_participant(webinar, person)
    lineup = f"/manage/webinars/{webinar.id}/people"

    page = client.get(lineup).get_data(as_text=True)
    edit_link = f"/manage/people/{person.id}/edit?next={lineup}"
    assert edit_link in page
    form = client.get(edit_link).get_data(as_text=True)
    assert f'name="next" value="{lineup}"' in form

    response = client.post(f"/manage/people/{person.id}/edit", data={**person_form(), "next": lineup})

    assert response.status_code == 302
    assert response.headers["Location"] == lineup


def test_a_template_written_from_the_agreements_page_comes_back_to_it(client, organizer):
    webinar = make_webinar(organizer.organization)
    agreements = f"/manage/webinars/{webinar.id}/agreements"
    page = client.get(agreements + "?lang=en").get_data(as_text=True)
    assert f"agreement-templates?next={agreements}" in page

    response = client.post(
        f"/manage/{organizer.organization.slug}/agreement-templates/new?lang=en&next={agreements}",
        data={"kind": "release", "title": "Autorisation — {{Speaker name}}", "body": RELEASE_BODY},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == agreements


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_only_a_same_site_path_is_followed(client, organizer, target):
    person = make_person(organizer.organization, "Amina El Idrissi")

    form = client.get(f"/manage/people/{person.id}/edit", query_string={"next": target}).get_data(as_text=True)
    response = client.post(f"/manage/people/{person.id}/edit", data={**person_form(), "next": target})

    assert 'name="next"' not in form
    assert response.headers["Location"] == f"/manage/{organizer.organization.slug}/people"
