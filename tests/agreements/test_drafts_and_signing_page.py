"""A convention's parties change while it is a draft; the signing page asks a signer to confirm a name
that is not theirs on record, keeps the fingerprint for the end, and offers the signed PDF once complete."""

from __future__ import annotations

from sqlalchemy import select

from tests.agreements.helpers import hidden_hash, latest_link, messages_to
from tests.agreements.test_convention import convention_data, the_agreement
from webinars.agreements.models import AgreementStatus, AuditKind, SignatoryState
from webinars.agreements.signing import same_name
from webinars.extensions import db

TWO_PARTIES = [
    ("APEBI", "Sofia Amrani", "Présidente", "amrani@apebi.example"),
    ("CRI Fès-Meknès", "Yassine Tazi", "Directeur général", "tazi@cri.example"),
]


def draft_convention(client, webinar, template, parties=TWO_PARTIES):
    response = client.post(
        f"/manage/webinars/{webinar.id}/agreements/convention", data=convention_data(template, parties)
    )
    assert response.status_code == 302
    return the_agreement()


def test_the_parties_of_a_draft_can_change_and_the_preview_follows(client, webinar, convention_template):
    agreement = draft_convention(client, webinar, convention_template)
    detail = client.get(f"/manage/agreements/{agreement.id}?lang=en").get_data(as_text=True)
    assert "Change the parties" in detail
    form = client.get(f"/manage/agreements/{agreement.id}/parties?lang=en").get_data(as_text=True)
    assert 'value="Sofia Amrani"' in form

    changed = [TWO_PARTIES[0], ("Altran Maroc", "Idriss Elasri", "Directeur", "elasri@altran.example"), TWO_PARTIES[1]]
    response = client.post(
        f"/manage/agreements/{agreement.id}/parties?lang=en",
        data={k: v for k, v in convention_data(convention_template, changed).items() if k != "template_id"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Parties saved." in html
    assert "représenté(e) par Idriss Elasri, Directeur" in html
    agreement = the_agreement()
    assert [s.party_name for s in agreement.signatories] == ["APEBI", "Altran Maroc", "CRI Fès-Meknès"]
    assert agreement.events[-1].kind is AuditKind.PARTIES_CHANGED
    assert messages_to("elasri@altran.example") == []  # nothing goes out before Send

    # Once sent, the parties are frozen with the text.
    client.post(f"/manage/agreements/{agreement.id}/send")
    refused = client.post(
        f"/manage/agreements/{agreement.id}/parties?lang=en",
        data={k: v for k, v in convention_data(convention_template).items() if k != "template_id"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Only the parties of a draft convention can be changed." in refused
    assert len(the_agreement().signatories) == 3


def test_one_party_is_not_enough(client, webinar, convention_template):
    agreement = draft_convention(client, webinar, convention_template)
    data = {k: v for k, v in convention_data(convention_template, TWO_PARTIES[:1]).items() if k != "template_id"}
    response = client.post(f"/manage/agreements/{agreement.id}/parties?lang=en", data=data)
    assert response.status_code == 422
    assert "Enter at least two parties." in response.get_data(as_text=True)
    assert len(the_agreement().signatories) == 2


def test_names_compare_without_case_accents_or_spacing():
    assert same_name("sofia  AMRANI", "Sofia Amrani")
    assert same_name("Helene Benani", "Hélène Benani")
    assert same_name("Jean-Marc Dupuis", "Jean Marc Dupuis")
    assert not same_name("S. Amrani", "Sofia Amrani")


def test_a_name_that_differs_is_signed_only_after_the_signer_confirms_it(app, client, webinar, convention_template):
    agreement = draft_convention(client, webinar, convention_template)
    client.post(f"/manage/agreements/{agreement.id}/send")
    signer = app.test_client()
    link = latest_link("amrani@apebi.example")
    page = signer.get(link + "?lang=en").get_data(as_text=True)
    # The fingerprint is there for the verification page, after the document and the form.
    assert page.index("agreement-document") < page.index("sign-form") < page.index("SHA-256 fingerprint")
    assert "Yes, I sign under the name I typed." not in page

    data = {"typed_name": "S. Amrani", "agree": "y", "document_sha256": hidden_hash(page)}
    step = signer.post(link + "?lang=en", data=data)
    html = step.get_data(as_text=True)
    assert step.status_code == 422
    assert "You typed S. Amrani; the document names Sofia Amrani." in html
    assert "Yes, I sign under the name I typed." in html
    assert the_agreement().signatories[0].state is SignatoryState.OPENED

    # Ticking the box for another name than the one typed now does not count.
    other = signer.post(link, data={**data, "typed_name": "Sofia A.", "confirm_name": "y", "name_to_confirm": "S. Amrani"})
    assert other.status_code == 422

    confirmed = signer.post(link, data={**data, "confirm_name": "y", "name_to_confirm": "S. Amrani"})
    assert confirmed.status_code == 302
    signatory = the_agreement().signatories[0]
    assert signatory.state is SignatoryState.SIGNED
    assert signatory.typed_name == "S. Amrani"


def test_the_same_name_written_differently_needs_no_confirmation(app, client, webinar, convention_template):
    agreement = draft_convention(client, webinar, convention_template)
    client.post(f"/manage/agreements/{agreement.id}/send")
    signer = app.test_client()
    link = latest_link("amrani@apebi.example")
    page = signer.get(link).get_data(as_text=True)
    response = signer.post(link, data={"typed_name": "sofia amrani", "agree": "y", "document_sha256": hidden_hash(page)})
    assert response.status_code == 302


def test_each_signer_gets_the_signed_pdf_from_their_page_once_everyone_signed(app, client, webinar, convention_template):
    agreement = draft_convention(client, webinar, convention_template)
    client.post(f"/manage/agreements/{agreement.id}/send")
    links = {}
    for email, name in (("amrani@apebi.example", "Sofia Amrani"), ("tazi@cri.example", "Yassine Tazi")):
        signer = app.test_client()
        links[email] = link = latest_link(email)
        page = signer.get(link).get_data(as_text=True)
        signer.post(link, data={"typed_name": name, "agree": "y", "document_sha256": hidden_hash(page)})
        if email == "amrani@apebi.example":  # the other party has not signed yet
            waiting = signer.get(link + "?lang=en").get_data(as_text=True)
            assert "Download the signed PDF" not in waiting
            assert signer.get(link + "/signed.pdf").status_code == 404

    assert the_agreement().status is AgreementStatus.COMPLETED
    signer = app.test_client()
    done = signer.get(links["amrani@apebi.example"] + "?lang=en").get_data(as_text=True)
    assert "Download the signed PDF" in done
    pdf = signer.get(links["amrani@apebi.example"] + "/signed.pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    assert signer.get("/sign/not-a-real-token/signed.pdf").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count()).select_from(type(the_agreement()))) == 1
