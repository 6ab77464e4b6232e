"""A speaker's profile: edited in their space, public once the organizer accepts it (or at once
for a trusted speaker); bad input refused where it was typed, nothing half-saved."""

from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import func, select

from tests.people.images import image_bytes, open_image
from tests.speakers.helpers import add_speaker, last_space_path, lineup_url, published_webinar
from webinars.extensions import db
from webinars.people.models import Person
from webinars.speakers.models import ProfileProposal


@pytest.fixture
def speaker(client, organizer):
    """A published webinar, and the path of its speaker's space (added, then sent their link)."""
    webinar = published_webinar(organizer.organization)
    participation = add_speaker(webinar, organizer.organization, position=None)
    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")
    return webinar, participation, last_space_path("elasri@example.org")


def profile(**fields) -> dict:
    data = {
        "full_name": "Idriss Elasri",
        "position": "Directeur général",
        "affiliation": "Centre régional d'investissement Fès-Meknès",
        "bio": "Ancien consultant, il dirige le CRI depuis 2019.",
        "bio_en": "A former consultant, he has led the CRI since 2019.",
        "links": "https://www.cri-fesmeknes.ma\r\nhttps://www.linkedin.com/in/example",
    }
    data.update(fields)
    return data


def test_changes_wait_for_the_organizer_then_show_on_the_public_page(client, organizer, speaker):
    webinar, participation, path = speaker
    photo = (BytesIO(image_bytes("PNG", size=(900, 600), color=(10, 120, 30))), "portrait.png")

    response = client.post(
        path + "/profile",
        data={**profile(position="Directeur du CRI"), "photo": photo, "crop_left": "0.1", "crop_top": "0", "crop_size": "1"},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "waiting for the organizer's review" in page
    assert "Directeur du CRI" in page  # the speaker sees what they typed
    public = client.get(f"/webinars/{webinar.slug}").get_data(as_text=True)
    assert "Directeur du CRI" not in public

    lineup = client.get(lineup_url(webinar)).get_data(as_text=True)
    assert "Changes to review" in lineup
    review = client.get(f"{lineup_url(webinar)}/{participation.id}/review")
    assert review.status_code == 200
    assert "Directeur du CRI" in review.get_data(as_text=True)
    proposed = client.get(f"{lineup_url(webinar)}/{participation.id}/review/photo")
    assert proposed.headers["Content-Type"] == "image/jpeg"
    assert open_image(proposed.data).size == (512, 512)

    assert client.post(f"{lineup_url(webinar)}/{participation.id}/review/accept").status_code == 302

    db.session.expire_all()
    person = db.session.get(Person, participation.person_id)
    assert (person.position, person.bio_en) == ("Directeur du CRI", "A former consultant, he has led the CRI since 2019.")
    assert person.link_list == ["https://www.cri-fesmeknes.ma", "https://www.linkedin.com/in/example"]
    assert person.has_photo
    public = client.get(f"/webinars/{webinar.slug}").get_data(as_text=True)
    assert "Directeur du CRI" in public and f"/people/{person.id}/photo/{person.photo_hash}" in public
    assert db.session.scalar(select(func.count()).select_from(ProfileProposal)) == 0


def test_discarded_changes_leave_the_profile_as_it_was(client, organizer, speaker):
    webinar, participation, path = speaker
    client.post(path + "/profile", data=profile(full_name="Y. Tazi"))

    client.post(f"{lineup_url(webinar)}/{participation.id}/review/discard")

    db.session.expire_all()
    assert db.session.get(Person, participation.person_id).full_name == "Idriss Elasri"
    assert "Changes to review" not in client.get(lineup_url(webinar)).get_data(as_text=True)


def test_a_trusted_speakers_changes_are_public_at_once(client, organizer, speaker):
    webinar, participation, path = speaker
    client.post(path + "/profile", data=profile(position="Directeur du CRI"))

    client.post(f"{lineup_url(webinar)}/{participation.id}/trust")  # also accepts what was waiting
    db.session.expire_all()
    assert db.session.get(Person, participation.person_id).position == "Directeur du CRI"

    client.post(path + "/profile", data=profile(position="Président"))

    db.session.expire_all()
    assert db.session.get(Person, participation.person_id).position == "Président"
    assert "Président" in client.get(f"/webinars/{webinar.slug}").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ProfileProposal)) == 0


def test_saving_the_profile_unchanged_leaves_nothing_to_review(client, organizer, speaker):
    webinar, participation, path = speaker
    client.post(f"{lineup_url(webinar)}/{participation.id}/trust")
    client.post(path + "/profile", data=profile())
    client.post(f"{lineup_url(webinar)}/{participation.id}/distrust")

    client.post(path + "/profile", data=profile())

    assert db.session.scalar(select(func.count()).select_from(ProfileProposal)) == 0


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"photo": (BytesIO(b"%PDF-1.4 not a photo"), "me.png")}, "not a readable image"),
        ({"photo": (BytesIO(image_bytes("GIF")), "me.gif")}, "format is not accepted"),
        ({"links": "javascript:alert(1)"}, "is not a web address"),
        ({"links": "\n".join(f"https://example.org/{n}" for n in range(6))}, "Five links at most."),
        ({"position": "Directeur\x00général"}, "invisible control character"),
        ({"full_name": ""}, "This field is required."),
        ({"bio": "x" * 1001}, "Field cannot be longer than 1000 characters."),
    ],
)
def test_bad_input_is_refused_where_it_was_typed(client, organizer, speaker, fields, message):
    webinar, participation, path = speaker

    response = client.post(path + "/profile", data=profile(**fields), content_type="multipart/form-data")

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ProfileProposal)) == 0


def test_a_declined_speaker_cannot_change_their_profile_any_more(client, organizer, speaker):
    webinar, participation, path = speaker
    client.post(path + "/decline", data={"reason": ""})

    client.post(path + "/profile", data=profile(position="Autre"))

    assert db.session.scalar(select(func.count()).select_from(ProfileProposal)) == 0
