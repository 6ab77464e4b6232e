"""Signing links: wrong, revoked and used links are refused, earlier links keep working; so is a signature on an outdated document refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.agreements.helpers import hidden_hash, latest_link, messages_to
from webinars.agreements.models import Agreement, AgreementStatus, AuditKind, Signatory, SignatoryState
from webinars.extensions import db
from webinars.personal_links.models import PersonalLink


@pytest.fixture
def sent_release(client, webinar, release_template):
    client.post(f"/manage/webinars/{webinar.id}/agreements/releases", data={"template_id": release_template.id})
    client.post(f"/manage/webinars/{webinar.id}/agreements/send-drafts")
    return release_of("tazi@example.org")


def release_of(email: str) -> Agreement:
    db.session.expire_all()
    return db.session.scalar(select(Agreement).join(Signatory).where(Signatory.email == email))


def signature(html: str, **overrides) -> dict:
    return {"typed_name": "Yassine Tazi", "agree": "y", "document_sha256": hidden_hash(html), **overrides}


def test_a_wrong_token_is_refused(client, sent_release):
    for path in ("/sign/not-a-real-token", "/sign/" + "x" * 43, "/sign/" + "a" * 500):
        response = client.get(path)
        assert response.status_code == 404
        assert "This signing link is not valid" in response.get_data(as_text=True)
    assert client.post("/sign/not-a-real-token", data={"typed_name": "X", "agree": "y"}).status_code == 404


def test_only_the_hash_of_the_token_is_stored(client, sent_release):
    token = latest_link("tazi@example.org").rsplit("/", 1)[1]
    [stored] = db.session.scalars(
        select(PersonalLink.token_hash).where(PersonalLink.signatory_id == sent_release.signatories[0].id)
    ).all()
    assert token not in stored and len(stored) == 64


def test_a_link_keeps_working_for_weeks(client, sent_release, clock):
    link = latest_link("tazi@example.org")

    clock.advance(days=60)

    assert client.get(link).status_code == 200
    html = client.get(link).get_data(as_text=True)
    assert client.post(link, data=signature(html)).status_code == 302
    assert release_of("tazi@example.org").signatories[0].state is SignatoryState.SIGNED


def test_a_used_link_cannot_sign_again(client, sent_release):
    link = latest_link("tazi@example.org")
    html = client.get(link).get_data(as_text=True)
    assert client.post(link, data=signature(html)).status_code == 302

    again = client.post(link, data=signature(html, typed_name="Someone Else"))

    assert again.status_code == 409
    assert "You already answered: this link cannot be used again." in again.get_data(as_text=True)
    assert client.post(link + "/decline", data={"decline-reason": "Changed my mind"}).status_code == 409
    signer = release_of("tazi@example.org").signatories[0]
    assert signer.typed_name == "Yassine Tazi" and signer.state is SignatoryState.SIGNED
    assert [e.kind for e in release_of("tazi@example.org").events].count(AuditKind.SIGNED) == 1
    # Opening the link again shows what was signed, nothing to sign.
    page = client.get(link)
    assert page.status_code == 200 and "You signed this document on" in page.get_data(as_text=True)


def test_a_signature_posted_against_an_outdated_hash_is_refused(client, sent_release):
    link = latest_link("tazi@example.org")
    html = client.get(link).get_data(as_text=True)

    response = client.post(link, data=signature(html, document_sha256="0" * 64))

    assert response.status_code == 409
    assert "The document changed since this page was loaded. Nothing was signed" in response.get_data(as_text=True)
    agreement = release_of("tazi@example.org")
    assert agreement.signatories[0].state is SignatoryState.OPENED
    assert agreement.status is AgreementStatus.SENT
    assert AuditKind.SIGNED not in [e.kind for e in agreement.events]


def test_a_withdrawn_agreement_cannot_be_signed(client, sent_release):
    link = latest_link("tazi@example.org")
    html = client.get(link).get_data(as_text=True)

    response = client.post(
        f"/manage/agreements/{sent_release.id}/withdraw", data={"reason": "Mauvaise date"}, follow_redirects=True
    )
    assert "The agreement is withdrawn: its links no longer work." in response.get_data(as_text=True)

    refused = client.post(link, data=signature(html))
    assert refused.status_code == 410
    assert "The organizer withdrew this agreement" in refused.get_data(as_text=True)
    agreement = release_of("tazi@example.org")
    assert agreement.status is AgreementStatus.WITHDRAWN
    assert agreement.events[-1].kind is AuditKind.WITHDRAWN
    # The signer is told there is nothing to sign any more.
    assert messages_to("tazi@example.org")[-1].subject.startswith("Withdrawn, no need to sign")


def test_a_new_link_leaves_the_earlier_ones_working(client, sent_release):
    old_link = latest_link("tazi@example.org")
    signatory = sent_release.signatories[0]

    response = client.post(
        f"/manage/agreements/{sent_release.id}/signatories/{signatory.id}/resend", follow_redirects=True
    )

    assert "A new link was sent to tazi@example.org. The links sent before still work." in response.get_data(as_text=True)
    new_link = latest_link("tazi@example.org")
    assert new_link != old_link
    assert client.get(old_link).status_code == 200
    assert client.get(new_link).status_code == 200


def test_resending_with_revocation_ends_the_earlier_links_and_the_trail_says_so(client, sent_release):
    old_link = latest_link("tazi@example.org")
    signatory = sent_release.signatories[0]

    response = client.post(
        f"/manage/agreements/{sent_release.id}/signatories/{signatory.id}/resend",
        data={"revoke_earlier": "1"},
        follow_redirects=True,
    )

    assert "A new link was sent to tazi@example.org. The links sent before no longer work." in response.get_data(as_text=True)
    new_link = latest_link("tazi@example.org")
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200
    [reminded] = [e for e in release_of("tazi@example.org").events if e.kind is AuditKind.REMINDED]
    assert '"earlier_links_revoked":1' in reminded.details.replace(" ", "")


def test_a_signed_agreement_cannot_be_withdrawn(client, sent_release):
    link = latest_link("tazi@example.org")
    client.post(link, data=signature(client.get(link).get_data(as_text=True)))

    response = client.post(f"/manage/agreements/{sent_release.id}/withdraw", data={}, follow_redirects=True)

    assert "A signed, declined or withdrawn agreement cannot be withdrawn." in response.get_data(as_text=True)
    assert release_of("tazi@example.org").status is AgreementStatus.COMPLETED


def test_the_signing_page_is_kept_out_of_caches_and_referers(app, sent_release):
    signatory = app.test_client()  # not the organizer's browser

    response = signatory.get(latest_link("tazi@example.org"))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
