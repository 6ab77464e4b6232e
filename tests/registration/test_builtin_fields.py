"""The built-in fields of the registration form (organization, job title, country, city): each
required, optional or hidden per webinar, on the organizer's page, the public form, the service and the exports."""

from __future__ import annotations

import csv
import io

import pytest

from tests.registration.attendees import form, open_webinar, register_url, registrations
from tests.registration.fixtures.registrants import make_registration
from webinars.extensions import db
from webinars.registration import service
from webinars.registration.builtin_fields import FieldMode


def fields_form(**modes) -> dict:
    return {"affiliation": "optional", "job_title": "optional", "country": "optional", "city": "optional", **modes}


def test_the_organizer_chooses_required_optional_or_hidden(client, organizer, clock):
    webinar = open_webinar(organizer.organization)

    page = client.get(f"/manage/webinars/{webinar.id}/questions?lang=en").get_data(as_text=True)
    assert "Registrant's details" in page
    response = client.post(
        f"/manage/webinars/{webinar.id}/questions/fields?lang=en", data=fields_form(job_title="required", city="hidden")
    )

    assert response.status_code == 302
    db.session.refresh(webinar)
    assert webinar.registrant_fields == {"job_title": "required", "city": "hidden"}
    page = client.get(f"/manage/webinars/{webinar.id}/questions?lang=en").get_data(as_text=True)
    assert '<option selected value="required">Required</option>' in page


def test_the_public_form_follows_the_choice(client, clock):
    webinar = open_webinar(registrant_fields={"job_title": "required", "city": "hidden"})
    db.session.commit()

    page = client.get(register_url(webinar) + "?lang=en").get_data(as_text=True)
    assert 'name="city"' not in page
    assert 'id="job_title" maxlength="200" name="job_title" required' in page

    refused = client.post(register_url(webinar) + "?lang=en", data=form(job_title=""))
    assert refused.status_code == 422
    assert registrations(webinar) == []

    accepted = client.post(register_url(webinar) + "?lang=en", data=form(city="Fès"))
    assert accepted.status_code == 302
    (registration,) = registrations(webinar)
    assert registration.job_title == "Chargée d'investissement"
    assert registration.city is None  # a hidden field is not taken, even when posted


def test_the_service_refuses_a_missing_required_detail_whoever_calls_it(app, clock):
    webinar = open_webinar(registrant_fields={"affiliation": "required"})
    details = service.RegistrantDetails(email="karim@example.org", first_name="Karim", last_name="Bennani")

    with app.test_request_context("/?lang=en"):
        with pytest.raises(service.MissingDetails, match="Please fill in: Organization."):
            service.register(webinar, details, "en")


def test_hidden_fields_leave_the_exports(client, organizer, clock):
    webinar = open_webinar(organizer.organization, registrant_fields={"city": FieldMode.HIDDEN.value, "country": "hidden"})
    make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui", affiliation="CRI Fès")
    db.session.commit()

    response = client.get(f"/manage/webinars/{webinar.id}/registrations.csv?lang=en")

    header, row = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert "Organization" in header and "City" not in header and "Country" not in header
    assert len(row) == len(header)
    assert row[header.index("Organization")] == "CRI Fès"
