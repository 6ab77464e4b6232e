"""A three-party convention: entered by the organizer, signed by each party, and every party gets the PDF."""

from __future__ import annotations

from io import BytesIO

import pypdf
from sqlalchemy import func, select

from tests.agreements.helpers import drawn_signature, hidden_hash, latest_link
from webinars.agreements.models import Agreement, AgreementStatus, AuditKind
from webinars.extensions import db

PARTIES = [
    ("APEBI — Fédération des technologies de l'information", "Karim Alaoui", "Président", "alaoui@apebi.example"),
    ("CRI Fès-Meknès", "Yassine Tazi", "Directeur général", "tazi@cri.example"),
    ("Altran Maroc", "Idriss Elasri", "Directeur général", "elasri@altran.example"),
]


def convention_data(template, parties=PARTIES) -> dict:
    data = {"template_id": template.id}
    for index, (name, full_name, position, email) in enumerate(parties):
        data.update(
            {
                f"parties-{index}-name": name,
                f"parties-{index}-full_name": full_name,
                f"parties-{index}-position": position,
                f"parties-{index}-email": email,
            }
        )
    return data


def the_agreement() -> Agreement:
    db.session.expire_all()
    return db.session.scalar(select(Agreement))


def sign_as(app, email: str, name: str, **extra) -> None:
    signer = app.test_client()
    link = latest_link(email)
    html = signer.get(link).get_data(as_text=True)
    response = signer.post(
        link, data={"typed_name": name, "agree": "y", "document_sha256": hidden_hash(html), **extra}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_organizer_drafts_reads_and_sends_a_convention(client, webinar, convention_template, clock):
    response = client.post(f"/manage/webinars/{webinar.id}/agreements/convention", data=convention_data(convention_template))
    assert response.status_code == 302
    agreement = the_agreement()
    assert agreement.status is AgreementStatus.DRAFT
    assert [s.full_name for s in agreement.signatories] == ["Karim Alaoui", "Yassine Tazi", "Idriss Elasri"]

    draft = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "représenté(e) par Yassine Tazi, Directeur général" in draft
    assert "Convention de partenariat — L&#39;offshoring régionalisé" in draft

    # A draft follows the webinar until it is sent; then the text is frozen.
    webinar.title = "L'offshoring régionalisé (nouveau titre)"
    db.session.commit()
    client.post(f"/manage/agreements/{agreement.id}/send")
    agreement = the_agreement()
    assert agreement.status is AgreementStatus.SENT
    assert "nouveau titre" in agreement.title
    frozen_body, frozen_hash = agreement.body, agreement.document_sha256

    webinar.title = "Encore un autre titre"
    convention_template.body = "Un tout autre texte."
    db.session.commit()
    page = client.get(f"/manage/agreements/{agreement.id}").get_data(as_text=True)
    assert "Un tout autre texte." not in page
    agreement = the_agreement()
    assert (agreement.body, agreement.document_sha256) == (frozen_body, frozen_hash)


def test_a_convention_needs_two_complete_parties(client, webinar, convention_template):
    data = convention_data(convention_template, PARTIES[:1])
    data["parties-1-name"] = "CRI Fès-Meknès"  # a second party without signatory

    response = client.post(f"/manage/webinars/{webinar.id}/agreements/convention", data=data)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter the name of the person who signs." in html
    assert "Enter the e-mail address the signing link goes to." in html

    alone = client.post(
        f"/manage/webinars/{webinar.id}/agreements/convention", data=convention_data(convention_template, PARTIES[:1])
    )
    assert alone.status_code == 422
    assert "Enter at least two parties." in alone.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0


def test_three_parties_sign_and_each_receives_the_pdf_by_smtp(app, client, webinar, convention_template, mail_via_smtp, clock):
    client.post(f"/manage/webinars/{webinar.id}/agreements/convention", data=convention_data(convention_template))
    agreement = the_agreement()
    client.post(f"/manage/agreements/{agreement.id}/send")
    for _name, _full_name, _position, email in PARTIES:
        [request] = mail_via_smtp.messages_to(email)
        assert "/sign/" in request.get_body(("plain",)).get_content()

    sign_as(app, "alaoui@apebi.example", "Karim Alaoui", signature=drawn_signature())
    clock.advance(minutes=2)
    sign_as(app, "tazi@cri.example", "Yassine Tazi", signature=drawn_signature())
    assert the_agreement().status is AgreementStatus.SENT  # one party still to sign
    clock.advance(minutes=2)
    sign_as(app, "elasri@altran.example", "Idriss Elasri")

    agreement = the_agreement()
    assert agreement.status is AgreementStatus.COMPLETED
    assert agreement.events[-1].kind is AuditKind.COMPLETED
    for _name, _full_name, _position, email in PARTIES:
        final = mail_via_smtp.messages_to(email)[-1]
        assert final["Subject"].startswith("Signed by every party")
        [attachment] = list(final.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename().endswith("-signed.pdf")
        pdf = attachment.get_content()
        assert pdf == agreement.pdf

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(agreement.pdf)).pages)
    for _name, full_name, position, _email in PARTIES:
        assert full_name in text
    assert "Directeur général" in text
    assert "CRI Fès-Meknès" in text
    assert agreement.document_sha256 in text
    assert agreement.verification_code in text
    assert "not a qualified electronic signature" in text
    assert "(Morocco time, UTC" in " ".join(text.split())  # signature times in the event's zone
    assert "Audit trail" in text
    assert "127.0.0.1" in text
