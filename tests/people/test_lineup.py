"""A webinar's line-up: one moderator, speakers in order, only the organization's own people."""

from __future__ import annotations

from html import unescape
from io import BytesIO

from sqlalchemy import func, select

from webinars.agenda.models import AgendaItem
from webinars.extensions import db
from webinars.people.models import Participation, ParticipationRole, Person
from tests import factories
from tests.people.images import image_bytes, open_image


def lineup_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/people"


def add_existing(client, webinar, person, role="speaker"):
    return client.post(f"{lineup_url(webinar)}/add", data={"person_id": person.id, "role": role})


def add_new(client, webinar, role="speaker", **fields):
    data = {
        "new-full_name": "Karim Alaoui",
        "new-position": "Directeur général",
        "new-affiliation": "Centre régional d'investissement Fès-Meknès",
        "new-email": "karim@example.org",
        "new-role": role,
    }
    data.update({f"new-{name}": value for name, value in fields.items()})
    return client.post(f"{lineup_url(webinar)}/new", data=data)


def participations(webinar) -> list[tuple[str, ParticipationRole]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Person.full_name, Participation.role)
        .join(Participation)
        .where(Participation.webinar_id == webinar.id)
        .order_by(Participation.position)
    )
    return [tuple(row) for row in rows]


def test_build_a_lineup_with_a_moderator_and_two_speakers(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    moderator = factories.make_person(organizer.organization, "Mohamed Benabbou", position="Modérateur")
    speaker = factories.make_person(organizer.organization, "Yassine Tazi")

    assert add_existing(client, webinar, moderator, "moderator").status_code == 302
    assert add_existing(client, webinar, speaker).status_code == 302
    response = add_new(client, webinar, photo=(BytesIO(image_bytes("WEBP", size=(1200, 1200))), "karim.webp"))

    assert response.status_code == 302
    assert participations(webinar) == [
        ("Mohamed Benabbou", ParticipationRole.MODERATOR),
        ("Yassine Tazi", ParticipationRole.SPEAKER),
        ("Karim Alaoui", ParticipationRole.SPEAKER),
    ]
    karim = db.session.scalar(select(Person).where(Person.full_name == "Karim Alaoui"))
    assert karim.organization_id == organizer.organization.id  # also in the library now
    assert open_image(karim.photo).size == (512, 512)

    page = client.get(lineup_url(webinar)).get_data(as_text=True)
    assert page.index("Mohamed Benabbou") < page.index("Yassine Tazi") < page.index("Karim Alaoui")
    assert "Centre régional d&#39;investissement Fès-Meknès" in page
    assert f"/people/{karim.id}/photo/{karim.photo_hash}" in page


def test_the_select_offers_only_own_people_not_yet_in_the_webinar(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    already = factories.make_person(organizer.organization, "Already In")
    factories.add_participant(webinar, already)
    factories.make_person(organizer.organization, "Free Speaker")
    factories.make_person(factories.make_organization(), "Foreign Speaker")

    page = client.get(lineup_url(webinar)).get_data(as_text=True)

    select_html = page[page.index('name="person_id"'):]
    select_html = select_html[: select_html.index("</select>")]
    assert "Free Speaker" in select_html
    assert "Already In" not in select_html and "Foreign Speaker" not in select_html


def test_a_second_moderator_is_refused_naming_the_current_one(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    current = factories.make_person(organizer.organization, "Mohamed Benabbou")
    factories.add_participant(webinar, current, ParticipationRole.MODERATOR)
    other = factories.make_person(organizer.organization, "Nadia Berrada")

    response = add_existing(client, webinar, other, "moderator")

    assert response.status_code == 422
    assert (
        "Mohamed Benabbou is already the moderator of this webinar. "
        "Remove them from the line-up first, then add the new moderator."
    ) in unescape(response.get_data(as_text=True))
    assert participations(webinar) == [("Mohamed Benabbou", ParticipationRole.MODERATOR)]


def test_a_new_person_as_second_moderator_is_refused_and_not_created(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    factories.add_participant(webinar, factories.make_person(organizer.organization, "Mohamed Benabbou"), ParticipationRole.MODERATOR)

    response = add_new(client, webinar, role="moderator")

    assert response.status_code == 422
    assert "Mohamed Benabbou is already the moderator" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(Person.full_name == "Karim Alaoui")) == 0
    assert len(participations(webinar)) == 1


def test_another_organizations_person_cannot_be_added(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    foreign = factories.make_person(factories.make_organization(), "Foreign Speaker")

    response = add_existing(client, webinar, foreign)

    assert response.status_code == 422
    assert "Choose a person from your organization&#39;s library." in response.get_data(as_text=True)
    assert participations(webinar) == []


def test_someone_already_in_the_lineup_is_not_added_twice(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    speaker = factories.make_person(organizer.organization, "Yassine Tazi")
    factories.add_participant(webinar, speaker)

    response = add_existing(client, webinar, speaker, "moderator")

    assert response.status_code == 422
    assert "Yassine Tazi is already in this webinar&#39;s line-up." in response.get_data(as_text=True)
    assert participations(webinar) == [("Yassine Tazi", ParticipationRole.SPEAKER)]


def test_new_person_with_a_bad_email_or_a_bad_photo_is_refused(client, organizer):
    webinar = factories.make_webinar(organizer.organization)

    bad_email = add_new(client, webinar, email="karim@")
    bad_photo = add_new(client, webinar, photo=(BytesIO(b"GIF89a not really"), "karim.jpg"))

    assert bad_email.status_code == 422 and 'id="new-email-error"' in bad_email.get_data(as_text=True)
    assert bad_photo.status_code == 422
    assert "This file is not a readable image." in bad_photo.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_remove_takes_someone_out_of_the_webinar_and_its_agenda_but_not_the_library(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    speaker = factories.make_person(organizer.organization, "Yassine Tazi")
    colleague = factories.make_person(organizer.organization, "Nadia Berrada")
    participation = factories.add_participant(webinar, speaker)
    factories.add_participant(webinar, colleague)
    item = factories.make_agenda_item(webinar, "Keynote", speakers=[speaker, colleague])
    elsewhere = factories.make_webinar(organizer.organization, title="Another one")
    factories.add_participant(elsewhere, speaker)
    other_item = factories.make_agenda_item(elsewhere, "Talk", speakers=[speaker])

    response = client.post(f"{lineup_url(webinar)}/{participation.id}/remove")

    assert response.status_code == 302
    assert participations(webinar) == [("Nadia Berrada", ParticipationRole.SPEAKER)]
    assert [p.full_name for p in db.session.get(AgendaItem, item.id).speakers] == ["Nadia Berrada"]
    assert [p.full_name for p in db.session.get(AgendaItem, other_item.id).speakers] == ["Yassine Tazi"]
    assert db.session.get(Person, speaker.id) is not None


def test_removing_the_moderator_frees_the_role(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    participation = factories.add_participant(
        webinar, factories.make_person(organizer.organization, "Mohamed Benabbou"), ParticipationRole.MODERATOR
    )
    successor = factories.make_person(organizer.organization, "Nadia Berrada")

    client.post(f"{lineup_url(webinar)}/{participation.id}/remove")
    response = add_existing(client, webinar, successor, "moderator")

    assert response.status_code == 302
    assert participations(webinar) == [("Nadia Berrada", ParticipationRole.MODERATOR)]


def test_speakers_move_up_and_down_and_the_moderator_stays_first(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    factories.add_participant(webinar, factories.make_person(organizer.organization, "Moderator"), ParticipationRole.MODERATOR)
    first = factories.add_participant(webinar, factories.make_person(organizer.organization, "First"))
    factories.add_participant(webinar, factories.make_person(organizer.organization, "Second"))
    third = factories.add_participant(webinar, factories.make_person(organizer.organization, "Third"))

    client.post(f"{lineup_url(webinar)}/{third.id}/move/up")
    client.post(f"{lineup_url(webinar)}/{first.id}/move/up")  # already the first speaker: no change

    assert [name for name, _ in participations(webinar)] == ["Moderator", "First", "Third", "Second"]

    client.post(f"{lineup_url(webinar)}/{first.id}/move/down")

    assert [name for name, _ in participations(webinar)] == ["Moderator", "Third", "First", "Second"]


def test_a_participation_of_another_webinar_gives_404(client, organizer):
    webinar = factories.make_webinar(organizer.organization)
    other = factories.make_webinar(organizer.organization, title="Other")
    participation = factories.add_participant(other, factories.make_person(organizer.organization))

    assert client.post(f"{lineup_url(webinar)}/{participation.id}/remove").status_code == 404
    assert client.post(f"{lineup_url(webinar)}/{participation.id}/move/up").status_code == 404
    assert len(participations(other)) == 1


def test_the_database_index_backs_the_one_moderator_rule(client, organizer, monkeypatch):
    """If two organizers add a moderator at the same moment, both checks pass; the index refuses one."""
    from webinars.people import service

    webinar = factories.make_webinar(organizer.organization)
    factories.add_participant(webinar, factories.make_person(organizer.organization, "Mohamed Benabbou"), ParticipationRole.MODERATOR)
    other = factories.make_person(organizer.organization, "Nadia Berrada")
    monkeypatch.setattr(service, "current_moderator", lambda webinar: None)  # the other request's view

    response = add_existing(client, webinar, other, "moderator")

    assert response.status_code == 422
    assert "The line-up was changed at the same moment by someone else. Please try again." in response.get_data(as_text=True)
    assert participations(webinar) == [("Mohamed Benabbou", ParticipationRole.MODERATOR)]
