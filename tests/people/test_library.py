"""The organization's people library: list, create, edit, photos."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import func, select

from webinars.extensions import db
from webinars.people.models import Person
from tests import factories
from tests.people.images import image_bytes, in_memory_upload, noisy_png, open_image, png_declaring


def person_form(**overrides) -> dict:
    data = {
        "full_name": "Amina El Idrissi",
        "position": "Directrice générale",
        "affiliation": "Centre régional d'investissement Fès-Meknès",
        "email": "amina@example.org",
        "bio": "Twenty years in investment promotion.",
    }
    data.update(overrides)
    return data


def people_count() -> int:
    return db.session.scalar(select(func.count(Person.id)))


def test_library_lists_the_organizations_people_with_their_webinar_count(client, organizer):
    amina = factories.make_person(organizer.organization, "Amina El Idrissi", email="amina@example.org")
    factories.make_person(organizer.organization, "Yassine Tazi")
    factories.make_person(factories.make_organization(), "Someone Elsewhere")
    factories.add_participant(factories.make_webinar(organizer.organization), amina)

    response = client.get(f"/manage/{organizer.organization.slug}/people")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Amina El Idrissi" in page and "Yassine Tazi" in page
    assert "amina@example.org" in page  # organizers see the private e-mail
    assert "Someone Elsewhere" not in page
    assert '<td>1</td>' in page and '<td>0</td>' in page


def test_create_a_person_with_a_photo(client, organizer):
    data = person_form(photo=(BytesIO(image_bytes("PNG", size=(2000, 1500))), "amina.png"))

    response = client.post(f"/manage/{organizer.organization.slug}/people/new", data=data)

    assert response.status_code == 302
    person = db.session.scalar(select(Person))
    assert person.organization_id == organizer.organization.id
    assert person.full_name == "Amina El Idrissi"
    assert person.affiliation == "Centre régional d'investissement Fès-Meknès"
    assert person.photo_content_type == "image/jpeg"
    assert open_image(person.photo).size == (512, 384)
    assert len(person.photo_hash) == 64


def test_full_name_is_required_and_nothing_is_saved(client, organizer):
    response = client.post(f"/manage/{organizer.organization.slug}/people/new", data=person_form(full_name="  "))

    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert people_count() == 0


def test_bad_email_is_refused(client, organizer):
    response = client.post(
        f"/manage/{organizer.organization.slug}/people/new", data=person_form(email="amina@example")
    )

    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert people_count() == 0


def test_bio_longer_than_1000_characters_is_refused(client, organizer):
    response = client.post(f"/manage/{organizer.organization.slug}/people/new", data=person_form(bio="x" * 1001))

    assert response.status_code == 422
    assert 'id="bio-error"' in response.get_data(as_text=True)
    assert people_count() == 0


def test_a_pdf_renamed_jpg_is_refused_on_the_photo_field(client, organizer):
    data = person_form(photo=(BytesIO(b"%PDF-1.7\n%%EOF\n"), "portrait.jpg"))

    response = client.post(f"/manage/{organizer.organization.slug}/people/new", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This file is not a readable image. Please send a JPEG, PNG or WebP photo." in page
    assert 'id="photo-error"' in page
    assert people_count() == 0


def test_a_photo_with_too_many_pixels_says_so_and_gives_the_limit(client, organizer):
    data = person_form(photo=(BytesIO(png_declaring(20_000, 10_000)), "huge.png"))

    response = client.post(f"/manage/{organizer.organization.slug}/people/new?lang=en", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This image has too many pixels (more than 40 megapixels). Please send a smaller photo." in page
    assert "not a readable image" not in page
    assert people_count() == 0


def test_a_gif_is_refused(client, organizer):
    data = person_form(photo=(BytesIO(image_bytes("GIF", mode="P", color=1)), "portrait.gif"))

    response = client.post(f"/manage/{organizer.organization.slug}/people/new", data=data)

    assert response.status_code == 422
    assert "This image format is not accepted" in response.get_data(as_text=True)
    assert people_count() == 0


def test_a_photo_over_2_mb_is_refused(client, organizer):
    big = noisy_png((1000, 800))  # ~2.4 MB of incompressible pixels
    assert len(big) > 2 * 1024 * 1024

    response = client.post(
        f"/manage/{organizer.organization.slug}/people/new",
        **in_memory_upload(person_form(photo=(BytesIO(big), "big.png"))),
    )

    assert response.status_code == 422
    assert "The photo is larger than 2 MB. Please send a smaller file." in response.get_data(as_text=True)
    assert people_count() == 0


def test_a_request_over_the_upload_limit_gets_the_413_page(client, organizer):
    # A raw body (not a file) so the test client keeps it in memory.
    body = b"-" * (8 * 1024 * 1024 + 1)

    response = client.post(
        f"/manage/{organizer.organization.slug}/people/new",
        data=body,
        content_type="multipart/form-data; boundary=limit",
    )

    assert response.status_code == 413
    assert "Please send a smaller file." in response.get_data(as_text=True)
    assert people_count() == 0


def test_edit_details_keeps_the_photo_when_no_new_file_is_sent(client, organizer):
    person = factories.make_person(organizer.organization, "Amina El Idrissi")
    client.post(f"/manage/people/{person.id}/edit", data=person_form(photo=(BytesIO(image_bytes("WEBP")), "a.webp")))
    photo_hash = db.session.get(Person, person.id).photo_hash

    response = client.post(f"/manage/people/{person.id}/edit", data=person_form(position="Présidente"))

    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert person.position == "Présidente"
    assert person.photo_hash == photo_hash


def test_edit_form_shows_current_values(client, organizer):
    person = factories.make_person(organizer.organization, "Amina El Idrissi", position="Directrice générale")

    page = client.get(f"/manage/people/{person.id}/edit").get_data(as_text=True)

    assert 'value="Amina El Idrissi"' in page and 'value="Directrice générale"' in page
    assert 'enctype="multipart/form-data"' in page


def test_remove_photo_on_edit(client, organizer):
    person = factories.make_person(organizer.organization, "Amina El Idrissi")
    client.post(f"/manage/people/{person.id}/edit", data=person_form(photo=(BytesIO(image_bytes("JPEG")), "a.jpg")))
    assert db.session.get(Person, person.id).has_photo

    response = client.post(f"/manage/people/{person.id}/edit", data=person_form(remove_photo="y"))

    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert person.photo is None and person.photo_hash is None and person.photo_content_type is None


def test_invalid_new_photo_on_edit_changes_nothing(client, organizer):
    person = factories.make_person(organizer.organization, "Amina El Idrissi", position="Directrice générale")

    response = client.post(
        f"/manage/people/{person.id}/edit",
        data=person_form(position="Changed", photo=(BytesIO(b"not an image"), "a.png")),
    )

    assert response.status_code == 422
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert person.position == "Directrice générale" and not person.has_photo
