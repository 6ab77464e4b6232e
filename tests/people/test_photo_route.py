"""The photo's address: long caching, and privacy until the person is in a visible webinar."""

from __future__ import annotations

import hashlib

import pytest

from webinars.events.models import WebinarStatus
from webinars.extensions import db
from tests import factories
from tests.people.images import image_bytes


def person_with_photo(organization, **fields):
    content = image_bytes("JPEG", size=(64, 64))
    return factories.make_person(
        organization,
        photo=content,
        photo_content_type="image/jpeg",
        photo_hash=hashlib.sha256(content).hexdigest(),
        **fields,
    )


def photo_url(person) -> str:
    return f"/people/{person.id}/photo/{person.photo_hash}"


def test_photo_of_a_person_in_a_published_webinar_is_public_and_cached_for_ever(client, app):
    organization = factories.make_organization()
    person = person_with_photo(organization, email="private@example.org")
    factories.add_participant(factories.make_webinar(organization, status=WebinarStatus.PUBLISHED), person)

    response = client.get(photo_url(person))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.data == person.photo
    assert b"private@example.org" not in response.data
    assert "private@example.org" not in str(response.headers)


def test_photo_of_a_draft_only_person_is_hidden_from_the_public(client, app):
    organization = factories.make_organization()
    person = person_with_photo(organization)
    factories.add_participant(factories.make_webinar(organization, status=WebinarStatus.DRAFT), person)

    assert client.get(photo_url(person)).status_code == 404


def test_photo_of_a_draft_only_person_is_shown_to_the_organizer_but_not_to_shared_caches(client, organizer):
    person = person_with_photo(organizer.organization)
    factories.add_participant(factories.make_webinar(organizer.organization), person)

    response = client.get(photo_url(person))

    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private,")


def test_photo_becomes_public_once_the_webinar_is_published(client, app):
    organization = factories.make_organization()
    person = person_with_photo(organization)
    webinar = factories.make_webinar(organization)
    factories.add_participant(webinar, person)
    assert client.get(photo_url(person)).status_code == 404

    webinar.status = WebinarStatus.PUBLISHED
    db.session.commit()

    assert client.get(photo_url(person)).status_code == 200


def test_photo_of_a_cancelled_webinars_speaker_stays_public(client, app):
    organization = factories.make_organization()
    person = person_with_photo(organization)
    factories.add_participant(factories.make_webinar(organization, status=WebinarStatus.CANCELLED), person)

    assert client.get(photo_url(person)).status_code == 200


def test_members_of_another_organization_do_not_see_a_private_photo(client, auth, organizer):
    person = person_with_photo(organizer.organization)
    outsider = factories.make_user(factories.make_organization(), email="outsider@example.org")
    auth.logout()
    auth.login(outsider.email)

    assert client.get(photo_url(person)).status_code == 404


@pytest.mark.parametrize("wrong", ["0" * 64, "old"])
def test_a_stale_or_wrong_hash_gives_404(client, app, wrong):
    organization = factories.make_organization()
    person = person_with_photo(organization)
    factories.add_participant(factories.make_webinar(organization, status=WebinarStatus.PUBLISHED), person)

    assert client.get(f"/people/{person.id}/photo/{wrong}").status_code == 404


def test_a_person_without_photo_gives_404(client, organizer):
    person = factories.make_person(organizer.organization)

    assert client.get(f"/people/{person.id}/photo/none").status_code == 404


def test_a_new_photo_gets_a_new_address(client, organizer):
    from io import BytesIO

    person = person_with_photo(organizer.organization)
    old_url = photo_url(person)
    client.post(
        f"/manage/people/{person.id}/edit",
        data={"full_name": person.full_name, "photo": (BytesIO(image_bytes("PNG", color=(0, 0, 255))), "new.png")},
    )

    db.session.expire_all()
    assert client.get(old_url).status_code == 404
    assert client.get(photo_url(person)).status_code == 200
