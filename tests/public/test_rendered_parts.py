"""A webinar page's content is rendered once per content (webinars/rendered_parts.py), and any change of
what it shows is on the next request: the key is the rows themselves (the collections as the database
writes them: webinars/events/fingerprints.py), so no writer has to invalidate it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.factories import make_agenda_item, make_organization, make_partner, make_person, make_publishable_webinar
from webinars.events.models import WebinarStatus
from webinars.extensions import db
from webinars.people.models import Person


@pytest.fixture
def webinar(app, clock):
    webinar = make_publishable_webinar(
        make_organization("APEBI"),
        title="L'offshoring régionalisé",
        description="Une **matinée** d'échanges.",
        starts_at=clock.current + timedelta(days=10),
        status=WebinarStatus.PUBLISHED,
    )
    make_agenda_item(webinar, title="Mot d'ouverture", speakers=[make_person(webinar.organization, "Leila Amrani")])
    make_partner(webinar, "CRI Fès-Meknès")
    db.session.commit()
    return webinar


@pytest.fixture
def content_renders(rendered_templates):
    """How many times the page below the header (public/_webinar_article.html) was rendered."""
    return lambda: rendered_templates.count("public/_webinar_article.html")


def page(client, webinar, language="en", **options) -> str:
    response = client.get(f"/webinars/{webinar.slug}?lang={language}", **options)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_content_is_rendered_once_and_served_again_while_nothing_changes(client, webinar, content_renders):
    first = page(client, webinar)
    again = page(client, webinar)

    assert content_renders() == 1
    assert first == again
    assert "Mohamed Benabbou" in again and "Mot d&#39;ouverture" in again and "CRI Fès-Meknès" in again


def test_each_language_has_its_own_rendering(client, webinar, content_renders):
    english, french = page(client, webinar, "en"), page(client, webinar, "fr")

    assert content_renders() == 2
    assert "Moderator and speakers" in english and "Modérateur et intervenants" in french
    assert page(client, webinar, "en") == english
    assert content_renders() == 2


def test_an_app_mounted_under_a_path_links_under_it(client, webinar):
    """Relative links carry the mount point (SCRIPT_NAME): the same content under two mounts differs."""
    mounted = client.get(f"/webinars/{webinar.slug}?lang=en", base_url="http://localhost/events/")
    at_root = page(client, webinar)

    assert 'href="/events/organizations/' in mounted.get_data(as_text=True)
    assert 'href="/events/organizations/' not in at_root


@pytest.mark.parametrize(
    "change, shown",
    [
        (lambda w: setattr(w.participations[1].person, "full_name", "Amine Haddou"), "Amine Haddou"),
        (lambda w: setattr(w.participations[1].person, "bio", "Vingt ans dans l'offshoring."), "Vingt ans dans l&#39;offshoring."),
        (lambda w: setattr(w.agenda_items[0], "title", "Table ronde"), "Table ronde"),
        (lambda w: setattr(w.partners[0], "name", "Maroc PME"), "Maroc PME"),
        (lambda w: setattr(w.organization, "name", "Fédération des TI"), "Fédération des TI"),
        (lambda w: setattr(w, "description", "Un **après-midi** d'échanges."), "après-midi"),
        (lambda w: w.agenda_items[0].speakers.append(w.participations[1].person), "Yassine Tazi</span>"),
        (lambda w: setattr(w.agenda_items[0].speakers[0], "full_name", "Amine Haddou"), "Amine Haddou</span>"),
        (lambda w: setattr(w.partners[0], "website", "https://cri-fes.ma/"), "https://cri-fes.ma/"),
    ],
    ids=[
        "speaker's name", "speaker's biography", "agenda item", "partner", "organization", "description",
        "an agenda item's new speaker", "an agenda item's speaker renamed", "partner's website",
    ],
)
def test_a_change_of_any_row_shown_is_on_the_next_page(client, webinar, content_renders, change, shown):
    assert shown not in page(client, webinar)

    change(webinar)
    db.session.commit()

    assert shown in page(client, webinar)
    assert content_renders() == 2


def test_a_change_written_without_the_orm_is_seen_too(client, webinar):
    """No version to bump: even an UPDATE that no ORM event sees (a script, an erasure) shows at once."""
    assert "Anonyme" not in page(client, webinar)

    db.session.execute(update(Person).where(Person.full_name == "Yassine Tazi").values(full_name="Anonyme"))
    db.session.commit()
    db.session.expire_all()

    html = page(client, webinar)
    assert "Anonyme" in html
    assert "Yassine Tazi" not in html


def test_a_speaker_leaving_the_line_up_leaves_the_page(client, webinar):
    assert "Yassine Tazi" in page(client, webinar)

    db.session.delete(webinar.participations[1])
    db.session.commit()

    assert "Yassine Tazi" not in page(client, webinar)


def test_without_a_cache_size_every_request_renders(app, client, webinar, content_renders):
    app.config["RENDERED_PARTS_CACHE_SIZE"] = 0

    page(client, webinar)
    page(client, webinar)

    assert content_renders() == 2


def test_a_change_between_reading_the_key_and_loading_the_rows_is_not_kept(client, webinar, content_renders, monkeypatch):
    """The collections' texts are read with the webinar, the rows loaded after, to render: a writer in between
    must not leave the new rows' HTML under the old rows' key (the next visitor would see it after an undo)."""
    from webinars.events import fingerprints

    monkeypatch.setattr(fingerprints, "public_content_texts", lambda webinar_id: ("a writer came in between",))
    page(client, webinar)
    monkeypatch.undo()

    page(client, webinar)
    page(client, webinar)
    assert content_renders() == 2


def test_the_seats_left_and_the_registration_state_are_on_the_next_page(client, webinar, content_renders, clock):
    from tests.factories import make_registration

    webinar.capacity = 3
    db.session.commit()
    assert "3 places left" in page(client, webinar)

    make_registration(webinar)
    db.session.commit()
    assert "2 places left" in page(client, webinar)

    clock.current = webinar.ends_at
    assert "This webinar has ended." in page(client, webinar)
    assert content_renders() == 3
