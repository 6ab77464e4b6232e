"""/verify/<code>: anyone holding the PDF sees what was signed, by whom and when, and can check the file."""

from __future__ import annotations

from io import BytesIO

import pytest

from webinars.agreements import drafting, sending, signing
from webinars.extensions import db

ACTOR = "Test User <owner@example.org>"


@pytest.fixture
def completed(webinar, convention_template, clock):
    agreement = drafting.create_convention_draft(
        webinar,
        convention_template,
        [
            drafting.PartyDetails("APEBI", "Karim Alaoui", "Président", "alaoui@apebi.example"),
            drafting.PartyDetails("CRI Fès-Meknès", "Yassine Tazi", "Directeur général", "tazi@cri.example"),
        ],
        ACTOR,
    )
    sending.send_agreement(agreement, ACTOR)
    for signatory in agreement.signatories:
        signing.sign(signatory, signing.SignatureDetails(signatory.full_name, agreement.document_sha256, None, "192.0.2.1", "Firefox"))
    db.session.commit()
    return agreement


def upload(client, code: str, content: bytes, filename: str = "convention.pdf"):
    return client.post(
        f"/verify/{code}", data={"pdf": (BytesIO(content), filename)}, content_type="multipart/form-data"
    )


def test_the_page_shows_title_parties_times_and_hash(client, completed):
    client.post("/logout")
    response = client.get(f"/verify/{completed.verification_code}?lang=en")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert completed.title.replace("'", "&#39;") in html
    assert "Karim Alaoui" in html and "CRI Fès-Meknès" in html
    assert completed.document_sha256 in html
    assert "(Morocco time, UTC" in html
    assert "not a qualified electronic signature" in html
    assert "192.0.2.1" not in html  # the signers' addresses stay private


def test_the_authentic_pdf_is_recognized(client, completed):
    response = upload(client, completed.verification_code, completed.pdf)

    assert response.status_code == 200
    assert "Authentic: this file is exactly the PDF produced" in response.get_data(as_text=True)


def test_a_modified_pdf_is_rejected(client, completed):
    middle = len(completed.pdf) // 2
    modified = completed.pdf[:middle] + bytes([completed.pdf[middle] ^ 1]) + completed.pdf[middle + 1:]

    response = upload(client, completed.verification_code, modified)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Not authentic: this file differs from the PDF" in html
    assert "Authentic: this file" not in html


def test_no_file_is_a_form_error(client, completed):
    response = client.post(f"/verify/{completed.verification_code}", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the PDF file to check." in response.get_data(as_text=True)


def test_codes_are_read_in_any_case_and_spacing(client, completed):
    messy = completed.verification_code.lower().replace("-", " ")
    response = client.get(f"/verify?code={messy}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{completed.verification_code}")


def test_unknown_codes_are_not_found(client, completed):
    assert client.get("/verify/AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert client.get("/verify/nonsense").status_code == 404
    response = client.get("/verify?code=AAAA-BBBB-CCCC-DDDD")
    assert response.status_code == 404
    assert "No signed agreement nor certificate has this verification code." in response.get_data(as_text=True)


def test_an_agreement_not_yet_complete_has_no_verification_page(client, webinar, convention_template):
    agreement = drafting.create_convention_draft(
        webinar,
        convention_template,
        [
            drafting.PartyDetails("APEBI", "Karim Alaoui", None, "alaoui@apebi.example"),
            drafting.PartyDetails("CRI", "Yassine Tazi", None, "tazi@cri.example"),
        ],
        ACTOR,
    )
    sending.send_agreement(agreement, ACTOR)
    db.session.commit()
    assert agreement.verification_code is None
    assert client.get("/verify").status_code == 200
