"""Where each person of the line-up stands, reminders to those missing something, and the warning
about unconfirmed speakers on the webinar's overview."""

from __future__ import annotations

from io import BytesIO

from tests import factories
from tests.people.images import image_bytes, in_memory_upload
from tests.speakers.helpers import (
    add_speaker,
    invite_new_speaker,
    last_space_path,
    lineup_url,
    messages,
    pdf_bytes,
    published_webinar,
)
from webinars.agreements.models import AgreementKind, AgreementTemplate
from webinars.events.models import Language
from webinars.extensions import db
from webinars.people.models import ParticipationRole
from webinars.speakers.service import unconfirmed_speakers


def complete_profile(client, path: str) -> None:
    client.post(path + "/profile", content_type="multipart/form-data", data={
        "full_name": "Idriss Elasri", "position": "Directeur général", "affiliation": "CRI Fès-Meknès",
        "bio": "Il dirige le CRI.", "photo": (BytesIO(image_bytes("PNG", size=(400, 400))), "me.png"),
    })


def test_the_line_up_shows_each_persons_status(client, organizer):
    webinar = published_webinar(organizer.organization)
    db.session.add(AgreementTemplate(organization_id=organizer.organization.id, kind=AgreementKind.RELEASE,
                                     title="Autorisation", body="J'autorise."))
    db.session.commit()
    invite_new_speaker(client, webinar)  # invited, no answer
    tazi = add_speaker(webinar, organizer.organization, bio=None)
    client.post(f"{lineup_url(webinar)}/{tazi.id}/trust")
    client.post(f"{lineup_url(webinar)}/{tazi.id}/send-link")
    path = last_space_path("elasri@example.org")
    complete_profile(client, path)
    client.post(path + "/slides", **in_memory_upload({"slides": (BytesIO(pdf_bytes()), "talk.pdf")}))

    page = client.get(lineup_url(webinar)).get_data(as_text=True)
    page = page[page.index('<ol class="lineup">'):]

    salma = page[page.index("Salma Berrada"):page.index("Idriss Elasri")]
    assert "Invited, no answer yet" in salma
    assert "Profile incomplete: organization, biography, photo" in salma
    tazi_part = page[page.index("Idriss Elasri"):page.index('id="logistics"')]
    for status in ("Confirmed by the organizer", "Profile complete", "Slides received", "No release sent", "Trusted"):
        assert status in tazi_part


def test_a_reminder_goes_to_everyone_missing_something_with_what_is_missing(client, organizer):
    webinar = published_webinar(organizer.organization)
    invite_new_speaker(client, webinar)
    tazi = add_speaker(webinar, organizer.organization)
    client.post(f"{lineup_url(webinar)}/{tazi.id}/trust")
    client.post(f"{lineup_url(webinar)}/{tazi.id}/send-link")
    path = last_space_path("elasri@example.org")
    complete_profile(client, path)
    client.post(path + "/slides", **in_memory_upload({"slides": (BytesIO(pdf_bytes()), "talk.pdf")}))
    declined = invite_new_speaker(client, webinar, full_name="Karim Alaoui", email="karim@example.org")
    client.post(last_space_path("karim@example.org") + "/decline", data={})
    # Someone added without a space is the organizer's to handle: no reminder.
    factories.add_participant(webinar, factories.make_person(organizer.organization, "Karim Bennani"))
    assert declined

    page = client.get(lineup_url(webinar)).get_data(as_text=True)
    assert "Remind the 1 person missing something" in page
    response = client.post(f"{lineup_url(webinar)}/remind", follow_redirects=True)

    assert "A reminder was sent to 1 person." in response.get_data(as_text=True)
    [reminder] = messages(kind="speaker_reminder")
    assert reminder.to_address == "salma@example.org"
    for missing in ("answer the invitation", "complete your profile (organization, biography, photo)", "send your slides"):
        assert missing in reminder.text_body
    assert client.get(last_space_path("salma@example.org")).status_code == 200


def test_the_overview_warns_about_speakers_who_have_not_confirmed(client, organizer):
    webinar = published_webinar(organizer.organization)
    invite_new_speaker(client, webinar)
    invite_new_speaker(client, webinar, full_name="Karim Alaoui", email="karim@example.org", role="speaker")
    client.post(last_space_path("karim@example.org") + "/decline", data={"reason": "Pas disponible"})

    page = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)

    assert "Speakers not confirmed" in page
    assert "Salma Berrada (speaker): invited, no answer yet" in page
    assert "Karim Alaoui (speaker): declined" in page
    db.session.expire_all()
    assert [(p.full_name, p.role) for p in unconfirmed_speakers(webinar)] == [
        ("Salma Berrada", "Speaker"), ("Karim Alaoui", "Speaker"),
    ]


def test_a_draft_whose_only_speaker_is_invited_can_be_published_with_the_warning(client, organizer):
    webinar = factories.make_webinar(organizer.organization, language=Language.EN)
    factories.add_participant(webinar, factories.make_person(organizer.organization, "Mohamed Benabbou"),
                              ParticipationRole.MODERATOR)
    invite_new_speaker(client, webinar)

    page = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)

    assert "Add at least one speaker." not in page
    assert "Salma Berrada (speaker): invited, no answer yet" in page


def test_a_copy_of_the_webinar_leaves_out_who_declined(client, organizer):
    webinar = published_webinar(organizer.organization)
    invite_new_speaker(client, webinar)
    declined = invite_new_speaker(client, webinar, full_name="Karim Alaoui", email="karim@example.org")
    factories.make_agenda_item(webinar, title="Table ronde", speakers=[declined.person])
    client.post(last_space_path("karim@example.org") + "/decline", data={})

    response = client.post(f"/manage/webinars/{webinar.id}/duplicate")

    db.session.expire_all()
    copy = db.session.get(type(webinar), int(response.headers["Location"].split("/")[-2]))
    assert sorted(p.person.full_name for p in copy.participations) == ["Mohamed Benabbou", "Salma Berrada", "Yassine Tazi"]
    assert {p.status.value for p in copy.participations} == {"added"}
    assert copy.agenda_items[0].speakers == []
