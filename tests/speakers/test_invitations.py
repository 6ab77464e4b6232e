"""Inviting the moderator and speakers to their space: the e-mail, the answer, and what a link
shows once the person declined or was taken out of the line-up."""

from __future__ import annotations

from sqlalchemy import select

from tests import factories
from tests.speakers.helpers import (
    add_speaker,
    invite_new_speaker,
    last_space_path,
    lineup_url,
    messages,
    participation_of,
    published_webinar,
    space_path,
)
from webinars.events.models import Language
from webinars.extensions import db
from webinars.people.models import ParticipationStatus
from webinars.personal_links.models import PersonalLink


def test_an_invited_speaker_gets_a_personal_link_and_stays_off_the_public_page_until_they_accept(
    app, client, organizer
):
    webinar = published_webinar(organizer.organization)

    participation = invite_new_speaker(client, webinar)

    assert participation.status is ParticipationStatus.INVITED
    [invitation] = messages(to="salma@example.org")
    assert invitation.kind == "speaker_invitation"
    assert "invites you to speak" in invitation.text_body
    link = db.session.scalar(select(PersonalLink).where(PersonalLink.speaker_space_id.is_not(None)))
    assert space_path(invitation).split("/")[-1] not in link.token_hash  # only the hash is stored
    client.post("/logout")
    assert "Salma Berrada" not in client.get(f"/webinars/{webinar.slug}").get_data(as_text=True)
    assert "Salma Berrada" not in client.get(f"/webinars/{webinar.slug}.ics").get_data(as_text=True)
    page = client.get(space_path(invitation))
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Will you speak at this webinar?" in page.get_data(as_text=True)

    assert client.post(space_path(invitation) + "/accept").status_code == 302

    assert participation_of(webinar, "Salma Berrada").status is ParticipationStatus.ACCEPTED
    public = client.get(f"/webinars/{webinar.slug}").get_data(as_text=True)
    assert "Salma Berrada" in public


def test_an_existing_person_can_be_invited_as_moderator(client, organizer):
    webinar = factories.make_webinar(organizer.organization, language=Language.EN)
    person = factories.make_person(organizer.organization, "Mohamed Benabbou", email="benabbou@example.org")

    response = client.post(
        f"{lineup_url(webinar)}/add", data={"person_id": person.id, "role": "moderator", "invite": "y"}
    )

    assert response.status_code == 302
    [invitation] = messages(to="benabbou@example.org")
    assert "invites you to moderate" in invitation.text_body
    assert "Invitation to moderate" in invitation.subject


def test_an_invitation_needs_an_e_mail_address_said_under_the_box(client, organizer):
    webinar = factories.make_webinar(organizer.organization, language=Language.EN)

    response = client.post(
        f"{lineup_url(webinar)}/new",
        data={"new-full_name": "Idriss Elasri", "new-role": "speaker", "new-invite": "y"},
    )

    assert response.status_code == 422
    assert "has no e-mail address" in response.get_data(as_text=True)
    db.session.expire_all()
    assert webinar.participations == []  # nothing half-saved
    assert messages() == []


def test_a_decline_tells_the_organizer_and_the_link_then_shows_the_answer(app, client, organizer):
    webinar = published_webinar(organizer.organization)
    invite_new_speaker(client, webinar)
    path = last_space_path("salma@example.org")
    client.post("/logout")

    response = client.post(path + "/decline", data={"reason": "Je serai en déplacement ce jour-là."})

    assert response.status_code == 302
    participation = participation_of(webinar, "Salma Berrada")
    assert participation.status is ParticipationStatus.DECLINED
    assert participation.decline_reason == "Je serai en déplacement ce jour-là."
    [notice] = messages(to=organizer.user.email)
    assert notice.kind == "speaker_declined"
    assert "Salma Berrada declined" in notice.subject
    assert "Je serai en déplacement ce jour-là." in notice.text_body
    page = client.get(path).get_data(as_text=True)
    assert "You declined to take part on" in page
    assert "Yes, I accept" not in page and "Save my profile" not in page
    assert client.post(path + "/accept").status_code == 302  # refused, with a message
    assert participation_of(webinar, "Salma Berrada").status is ParticipationStatus.DECLINED


def test_a_person_taken_out_of_the_line_up_finds_that_behind_their_link(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = invite_new_speaker(client, webinar)
    path = last_space_path("salma@example.org")

    client.post(f"{lineup_url(webinar)}/{participation.id}/remove")

    page = client.get(path)
    assert page.status_code == 410
    assert "You are no longer on the line-up" in page.get_data(as_text=True)
    assert client.post(path + "/accept").status_code == 410


def test_every_link_mailed_keeps_working_until_the_organizer_revokes_them(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = invite_new_speaker(client, webinar)
    first = last_space_path("salma@example.org")

    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")
    second = last_space_path("salma@example.org")
    assert second != first
    assert client.get(first).status_code == 200
    assert client.get(second).status_code == 200
    assert "invites you to speak" in messages(to="salma@example.org")[-1].text_body  # the invitation again

    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link-and-revoke")
    third = last_space_path("salma@example.org")

    for old in (first, second):
        page = client.get(old)
        assert page.status_code == 410
        assert "This link no longer works" in page.get_data(as_text=True)
    assert client.get(third).status_code == 200
    assert client.get("/s/" + "x" * 43).status_code == 404


def test_someone_added_directly_gets_their_space_without_being_asked_again(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = add_speaker(webinar, organizer.organization)

    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")

    [message] = [m for m in messages(to="elasri@example.org") if m.kind == "speaker_space_link"]
    assert "Here is your personal speaker space" in message.text_body
    assert participation_of(webinar, "Idriss Elasri").status is ParticipationStatus.ADDED
    page = client.get(space_path(message)).get_data(as_text=True)
    assert "Yes, I accept" not in page
    assert "Save my profile" in page
    # Confirmed already: their calendar invite for the webinar goes with the link.
    assert [m.calendar_method for m in messages(to="elasri@example.org", kind="speaker_calendar")] == ["REQUEST"]


def test_a_declined_person_is_not_sent_anything_more(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = invite_new_speaker(client, webinar)
    client.post(last_space_path("salma@example.org") + "/decline", data={})
    count = len(messages(to="salma@example.org"))

    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")

    assert len(messages(to="salma@example.org")) == count
    page = client.get(lineup_url(webinar)).get_data(as_text=True)
    assert "Declined" in page
