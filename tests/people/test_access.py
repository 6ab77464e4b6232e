"""Only members of the owning organization reach the people pages; everyone else gets 404."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from webinars.extensions import db
from webinars.people.models import Participation, Person
from tests import factories


@pytest.fixture
def their_things(app):
    """Another organization's person, webinar and participation."""
    organization = factories.make_organization(name="Their Organization")
    person = factories.make_person(organization, "Their Speaker")
    webinar = factories.make_webinar(organization)
    participation = factories.add_participant(webinar, person)
    return factories.Namespace(organization=organization, person=person, webinar=webinar, participation=participation)


def routes(things) -> list[tuple[str, str, dict]]:
    slug, webinar_id = things.organization.slug, things.webinar.id
    return [
        ("GET", f"/manage/{slug}/people", {}),
        ("GET", f"/manage/{slug}/people/new", {}),
        ("POST", f"/manage/{slug}/people/new", {"full_name": "Intruder"}),
        ("GET", f"/manage/people/{things.person.id}/edit", {}),
        ("POST", f"/manage/people/{things.person.id}/edit", {"full_name": "Renamed"}),
        ("GET", f"/manage/webinars/{webinar_id}/people", {}),
        ("POST", f"/manage/webinars/{webinar_id}/people/add", {"person_id": things.person.id, "role": "moderator"}),
        ("POST", f"/manage/webinars/{webinar_id}/people/new", {"new-full_name": "Intruder", "new-role": "speaker"}),
        ("POST", f"/manage/webinars/{webinar_id}/people/{things.participation.id}/remove", {}),
        ("POST", f"/manage/webinars/{webinar_id}/people/{things.participation.id}/move/down", {}),
    ]


def assert_nothing_changed(things) -> None:
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Person.id))) == 1
    assert db.session.get(Person, things.person.id).full_name == "Their Speaker"
    assert db.session.scalar(select(func.count(Participation.id))) == 1


def test_members_of_another_organization_get_404_everywhere(client, organizer, their_things):
    for method, url, data in routes(their_things):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, (method, url)
    assert_nothing_changed(their_things)


def test_anonymous_visitors_get_404_everywhere(client, their_things):
    for method, url, data in routes(their_things):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, (method, url)
    assert_nothing_changed(their_things)


def test_a_participation_cannot_be_reached_through_one_of_my_webinars(client, organizer, their_things):
    mine = factories.make_webinar(organizer.organization)

    response = client.post(f"/manage/webinars/{mine.id}/people/{their_things.participation.id}/remove")

    assert response.status_code == 404
    assert_nothing_changed(their_things)
