"""The speaker signs their release in place, from their space, through the agreements' signing service."""

from __future__ import annotations

from sqlalchemy import select

from tests.speakers.helpers import add_speaker, last_space_path, lineup_url, published_webinar
from webinars.agreements import audit, drafting, sending
from webinars.agreements.models import AgreementKind, AgreementStatus, AgreementTemplate, AuditKind
from webinars.extensions import db


def sent_release(organizer, webinar):
    template = AgreementTemplate(organization_id=organizer.organization.id, kind=AgreementKind.RELEASE,
                                 title="Autorisation d'enregistrement", body="J'autorise l'enregistrement de mon intervention.")
    db.session.add(template)
    db.session.flush()
    actor = audit.organizer_actor(organizer.user)
    [release] = [a for a in drafting.create_release_drafts(webinar, template, actor).created
                 if a.person.email == "elasri@example.org"]
    sending.send_agreement(release, actor)
    db.session.commit()
    return release


def test_the_speaker_signs_the_release_from_their_space(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = add_speaker(webinar, organizer.organization)
    release = sent_release(organizer, webinar)
    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")
    path = last_space_path("elasri@example.org")

    page = client.get(path).get_data(as_text=True)
    assert "J'autorise l'enregistrement de mon intervention." in page
    assert "Release waiting for signature" in client.get(lineup_url(webinar)).get_data(as_text=True)

    response = client.post(path + "/release/sign", data={
        "typed_name": "Idriss Elasri", "agree": "y", "document_sha256": release.document_sha256,
    })

    assert response.status_code == 302
    db.session.expire_all()
    release = db.session.get(type(release), release.id)
    assert release.status is AgreementStatus.COMPLETED
    assert [event.kind for event in release.events][-3:] == [AuditKind.OPENED, AuditKind.SIGNED, AuditKind.COMPLETED]
    assert "You signed your release." in client.get(path).get_data(as_text=True)
    assert "Release signed" in client.get(lineup_url(webinar)).get_data(as_text=True)


def test_a_signature_without_the_box_ticked_is_refused_on_the_page(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = add_speaker(webinar, organizer.organization)
    release = sent_release(organizer, webinar)
    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")

    response = client.post(last_space_path("elasri@example.org") + "/release/sign", data={
        "typed_name": "Idriss Elasri", "document_sha256": release.document_sha256,
    })

    assert response.status_code == 422
    assert "Tick the box to confirm" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(release), release.id).status is AgreementStatus.SENT


def test_a_release_changed_since_the_page_was_loaded_is_not_signed(client, organizer):
    webinar = published_webinar(organizer.organization)
    participation = add_speaker(webinar, organizer.organization)
    release = sent_release(organizer, webinar)
    client.post(f"{lineup_url(webinar)}/{participation.id}/send-link")

    client.post(last_space_path("elasri@example.org") + "/release/sign", data={
        "typed_name": "Idriss Elasri", "agree": "y", "document_sha256": "0" * 64,
    })

    db.session.expire_all()
    assert db.session.scalar(select(type(release)).where(type(release).id == release.id)).status is AgreementStatus.SENT
