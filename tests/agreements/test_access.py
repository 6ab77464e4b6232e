"""Agreements belong to their organization: another organization's organizer sees none of them."""

from __future__ import annotations

import pytest

from tests import factories
from tests.agreements.helpers import RELEASE_BODY, make_template
from webinars.agreements import drafting
from webinars.agreements.models import AgreementKind
from webinars.extensions import db


@pytest.fixture
def agreement(webinar, convention_template):
    agreement = drafting.create_convention_draft(
        webinar,
        convention_template,
        [
            drafting.PartyDetails("APEBI", "Karim Alaoui", None, "alaoui@apebi.example"),
            drafting.PartyDetails("CRI Fès-Meknès", "Yassine Tazi", None, "tazi@cri.example"),
        ],
        "Test User <owner@example.org>",
    )
    db.session.commit()
    return agreement


def pages(agreement, template) -> list[str]:
    return [
        f"/manage/webinars/{agreement.webinar_id}/agreements",
        f"/manage/agreements/{agreement.id}",
        f"/manage/agreements/{agreement.id}/signed.pdf",
        f"/manage/agreement-templates/{template.id}/edit",
        f"/manage/{agreement.webinar.organization.slug}/agreement-templates",
    ]


def test_the_organization_s_members_see_its_agreements(client, agreement, convention_template):
    listing = client.get(f"/manage/webinars/{agreement.webinar_id}/agreements").get_data(as_text=True)
    assert "Karim Alaoui" in listing and "Not sent yet" in listing


def test_another_organization_s_organizer_cannot_see_them(client, auth, agreement, convention_template):
    auth.logout()
    outsider = factories.make_user(factories.make_organization("Other Federation"), email="outsider@example.org")
    auth.login(outsider.email)

    for path in pages(agreement, convention_template):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Karim Alaoui" not in response.get_data(as_text=True)
    assert client.post(f"/manage/agreements/{agreement.id}/send").status_code == 404
    db.session.expire_all()
    assert agreement.is_draft


def test_anonymous_visitors_are_sent_to_sign_in(client, auth, agreement, convention_template):
    auth.logout()
    for path in pages(agreement, convention_template):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_a_template_of_another_organization_cannot_be_used(client, webinar, release_template):
    other = factories.make_organization("Other Federation")
    foreign = make_template(other, AgreementKind.RELEASE, "Autre", RELEASE_BODY)

    response = client.post(f"/manage/webinars/{webinar.id}/agreements/releases", data={"template_id": foreign.id})

    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
