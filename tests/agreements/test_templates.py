"""Agreement templates, written in the browser: unknown placeholders are refused with the list of valid ones."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.agreements.helpers import RELEASE_BODY
from webinars.agreements.models import AgreementKind, AgreementTemplate
from webinars.extensions import db


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(AgreementTemplate))


def new_template(client, organizer, **data):
    fields = {"kind": "release", "title": "Autorisation — {{ person.full_name }}", "body": RELEASE_BODY, **data}
    return client.post(f"/manage/{organizer.organization.slug}/agreement-templates/new", data=fields)


def test_an_organizer_writes_a_template_and_sees_a_preview(client, organizer):
    response = new_template(client, organizer)

    assert response.status_code == 302
    template = db.session.scalar(select(AgreementTemplate))
    assert template.organization_id == organizer.organization.id
    assert template.kind is AgreementKind.RELEASE
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Template saved." in page
    assert "Preview with example values" in page
    assert "December 18, 2020" in page  # the example webinar's date, in the page's language
    listing = client.get(f"/manage/{organizer.organization.slug}/agreement-templates").get_data(as_text=True)
    assert "Autorisation — {{ person.full_name }}" in listing


def test_an_unknown_placeholder_is_refused_with_the_valid_ones(client, organizer):
    response = new_template(client, organizer, body="Je soussigné {{ person.nom }}, le {{ webinar.date }}.")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Unknown placeholder: {{ person.nom }}." in html
    assert "{{ person.full_name }}" in html and "{{ webinar.title }}" in html
    assert count() == 0


def test_a_broken_template_is_refused(client, organizer):
    response = new_template(client, organizer, body="Bonjour {{ person.full_name")

    assert response.status_code == 422
    assert "This text cannot be read as a template" in response.get_data(as_text=True)
    assert count() == 0


def test_a_convention_template_cannot_use_the_release_placeholders(client, organizer):
    response = new_template(client, organizer, kind="convention", title="Convention", body="Entre {{ person.full_name }}")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Unknown placeholder: {{ person }}." in html
    assert "{{ party.name }}" in html


def test_editing_keeps_the_rules(client, organizer):
    new_template(client, organizer)
    template = db.session.scalar(select(AgreementTemplate))

    refused = client.post(
        f"/manage/agreement-templates/{template.id}/edit",
        data={"kind": "release", "title": "T", "body": "{{ webinar.secret }}"},
    )
    assert refused.status_code == 422
    db.session.expire_all()
    assert template.body == RELEASE_BODY

    saved = client.post(
        f"/manage/agreement-templates/{template.id}/edit",
        data={"kind": "release", "title": "Autorisation", "body": "Nouveau texte pour {{ person.full_name }}."},
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert template.body == "Nouveau texte pour {{ person.full_name }}.\n"


def test_a_template_can_be_deleted(client, organizer):
    new_template(client, organizer)
    template = db.session.scalar(select(AgreementTemplate))

    response = client.post(f"/manage/agreement-templates/{template.id}/delete", follow_redirects=True)

    assert "Template deleted." in response.get_data(as_text=True)
    assert count() == 0
