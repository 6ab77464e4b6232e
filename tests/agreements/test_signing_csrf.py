"""The public signing forms carry CSRF tokens: a page of another site cannot sign or decline for someone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests import factories
from tests.agreements.helpers import hidden_hash, latest_link
from webinars.agreements import audit, drafting, sending
from webinars.agreements.models import AgreementStatus, Signatory, SignatoryState
from webinars.extensions import db


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def organizer(app):
    """The organizer, not signed in: this test's client is the signatory (and signing in would need a token)."""
    organization = factories.make_organization(name="Test Organization", timezone="Africa/Casablanca")
    return factories.Namespace(user=factories.make_user(organization, email="owner@example.org"), organization=organization)


@pytest.fixture
def link(webinar, release_template, organizer):
    actor = audit.organizer_actor(organizer.user)
    for agreement in drafting.create_release_drafts(webinar, release_template, actor).created:
        sending.send_agreement(agreement, actor)
    db.session.commit()
    return latest_link("tazi@example.org")


def token(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


def test_signing_needs_the_page_s_token(app, link):
    signer = app.test_client()
    html = signer.get(link).get_data(as_text=True)
    data = {"typed_name": "Yassine Tazi", "agree": "y", "document_sha256": hidden_hash(html)}

    assert signer.post(link, data=data).status_code == 400  # refused before the view runs
    assert signer.post(link + "/decline", data={"decline-reason": "Non"}).status_code == 400
    db.session.expire_all()
    assert db.session.scalar(select(Signatory).where(Signatory.email == "tazi@example.org")).state is SignatoryState.OPENED

    response = signer.post(link, data={**data, "csrf_token": token(html, "csrf_token")})
    assert response.status_code == 302
    db.session.expire_all()
    signer_row = db.session.scalar(select(Signatory).where(Signatory.email == "tazi@example.org"))
    assert signer_row.state is SignatoryState.SIGNED
    assert signer_row.agreement.status is AgreementStatus.COMPLETED


def test_declining_with_the_page_s_token(app, link):
    signer = app.test_client()
    html = signer.get(link).get_data(as_text=True)

    response = signer.post(
        link + "/decline", data={"decline-reason": "Non merci", "decline-csrf_token": token(html, "decline-csrf_token")}
    )

    assert response.status_code == 302
