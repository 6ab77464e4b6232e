"""A webinar page's content is rendered once per content (webinars/rendered_parts.py), and any change of
what it shows is on the next request: the key is the rows themselves, so no writer has to invalidate it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.factories import make_agenda_item, make_organization, make_partner, make_publishable_webinar
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
    make_agenda_item(webinar, title="Mot d'ouverture")
    make_partner(webinar, "CRI Fès-Meknès")
    db.session.commit()
    return webinar


@pytest.fixture
def content_renders(rendered_templates):
    """How many times public/_webinar_content.html was rendered."""
    return lambda: rendered_templates.count("public/_webinar_content.html")


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
    ],
    ids=["speaker's name", "speaker's biography", "agenda item", "partner", "organization", "description"],
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
