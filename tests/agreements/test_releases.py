"""Speaker releases: one click sends one to each speaker; one signs with a drawn signature, one declines."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.agreements.helpers import drawn_signature, hidden_hash, latest_link, messages_to
from webinars.agreements.models import Agreement, AgreementStatus, AuditKind, Signatory, SignatoryState
from webinars.extensions import db

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}


def draft_releases(client, webinar, template):
    return client.post(
        f"/manage/webinars/{webinar.id}/agreements/releases", data={"template_id": template.id}, follow_redirects=True
    )


def send_releases(client, webinar, template):
    """Drafted, read, then sent: nothing goes out before the organizer has seen it."""
    draft_releases(client, webinar, template)
    return client.post(f"/manage/webinars/{webinar.id}/agreements/send-drafts", follow_redirects=True)


def agreement_of(email: str) -> Agreement:
    db.session.expire_all()
    return db.session.scalar(select(Agreement).join(Signatory).where(Signatory.email == email))


def test_each_release_is_previewed_before_it_goes_out(client, webinar, release_template):
    html = draft_releases(client, webinar, release_template).get_data(as_text=True)
    assert "2 releases drafted. Read each one, then send them for signature." in html
    assert "Send the 2 drafts for signature" in html
    assert messages_to("tazi@example.org") == []

    tazi = agreement_of("tazi@example.org")
    assert tazi.status is AgreementStatus.DRAFT
    preview = client.get(f"/manage/agreements/{tazi.id}").get_data(as_text=True)
    assert "nothing has been sent yet" in preview
    assert "<strong>Yassine Tazi</strong>, Directeur général, speaker du webinaire" in preview
    assert "{{" not in preview


def test_one_click_sends_a_release_to_each_speaker_with_an_e_mail(client, webinar, release_template):
    html = draft_releases(client, webinar, release_template).get_data(as_text=True)
    assert "No e-mail address, so no release for: Mohamed Benabbou" in html
    html = client.post(f"/manage/webinars/{webinar.id}/agreements/send-drafts", follow_redirects=True).get_data(
        as_text=True
    )
    assert "2 agreements sent for signature." in html
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 2
    [request] = messages_to("tazi@example.org")
    assert request.subject == "Please sign: Autorisation d'enregistrement — Yassine Tazi"
    assert "/sign/" in request.text_body and "/sign/" in request.html_body
    assert "not a qualified electronic signature" in request.text_body

    tazi = agreement_of("tazi@example.org")
    assert tazi.status is AgreementStatus.SENT
    assert "Je soussigné(e) **Yassine Tazi**, Directeur général, speaker du webinaire" in tazi.body
    assert len(tazi.document_sha256) == 64
    assert [event.kind for event in tazi.events] == [AuditKind.CREATED, AuditKind.SENT]

    # A second click skips the speakers who already have one.
    again = draft_releases(client, webinar, release_template).get_data(as_text=True)
    assert "Already have a release in progress or signed: Yassine Tazi, Idriss Elasri." in again
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 2


def test_one_speaker_signs_with_a_drawing_and_the_other_declines(app, client, webinar, release_template, clock):
    send_releases(client, webinar, release_template)
    signer, decliner = app.test_client(), app.test_client()

    # Yassine Tazi opens his link, reads, draws and signs.
    page = signer.get(latest_link("tazi@example.org"), headers=BROWSER)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<strong>Yassine Tazi</strong>" in html
    tazi = agreement_of("tazi@example.org")
    assert tazi.document_sha256 in html
    assert "not a qualified electronic signature" in html
    assert tazi.signatories[0].state is SignatoryState.OPENED

    clock.advance(minutes=5)
    response = signer.post(
        latest_link("tazi@example.org"),
        data={"typed_name": "Yassine Tazi", "agree": "y", "signature": drawn_signature(), "document_sha256": hidden_hash(html)},
        headers=BROWSER,
    )
    assert response.status_code == 302
    confirmation = signer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you: your signature is recorded." in confirmation
    assert "You signed this document on" in confirmation

    tazi = agreement_of("tazi@example.org")
    signature = tazi.signatories[0]
    assert signature.state is SignatoryState.SIGNED
    assert signature.typed_name == "Yassine Tazi"
    assert signature.signature_png.startswith(b"\x89PNG")
    assert signature.ip_address == "127.0.0.1"
    assert signature.user_agent == BROWSER["User-Agent"]
    assert signature.answered_at == clock.now()
    assert signature.answered_document_sha256 == tazi.document_sha256
    # The release has one signer: it is complete, and its PDF was e-mailed to him.
    assert tazi.status is AgreementStatus.COMPLETED
    assert tazi.pdf.startswith(b"%PDF")
    completed = messages_to("tazi@example.org")[-1]
    assert completed.subject.startswith("Signed by every party")
    assert tazi.verification_code in completed.text_body

    # Idriss Elasri declines, with a reason.
    decliner.get(latest_link("elasri@example.org"))
    response = decliner.post(
        latest_link("elasri@example.org") + "/decline",
        data={"decline-reason": "Je ne souhaite pas être enregistré.", "decline-document_sha256": agreement_of("elasri@example.org").document_sha256},
    )
    assert response.status_code == 302
    assert "you declined" in decliner.get(response.headers["Location"]).get_data(as_text=True)
    elasri = agreement_of("elasri@example.org")
    assert elasri.status is AgreementStatus.DECLINED
    assert elasri.signatories[0].decline_reason == "Je ne souhaite pas être enregistré."
    assert elasri.events[-1].kind is AuditKind.DECLINED

    # The organizer sees each one's state.
    listing = client.get(f"/manage/webinars/{webinar.id}/agreements").get_data(as_text=True)
    assert "signatory-signed" in listing and "signatory-declined" in listing
    detail = client.get(f"/manage/agreements/{elasri.id}").get_data(as_text=True)
    assert "Je ne souhaite pas être enregistré." in detail
    detail = client.get(f"/manage/agreements/{tazi.id}").get_data(as_text=True)
    assert 'src="data:image/png;base64,' in detail  # the drawn signature
    pdf = client.get(f"/manage/agreements/{tazi.id}/signed.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data == tazi.pdf


def test_a_signature_needs_the_typed_name_and_the_checkbox(client, webinar, release_template):
    send_releases(client, webinar, release_template)
    link = latest_link("tazi@example.org")
    html = client.get(link).get_data(as_text=True)

    response = client.post(link, data={"typed_name": "", "document_sha256": hidden_hash(html)})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Type your full name to sign." in page
    assert "Tick the box to confirm that you have read the document and agree." in page
    assert agreement_of("tazi@example.org").signatories[0].state is SignatoryState.OPENED


def test_a_bad_drawing_is_refused_without_signing(client, webinar, release_template):
    send_releases(client, webinar, release_template)
    link = latest_link("tazi@example.org")
    html = client.get(link).get_data(as_text=True)

    response = client.post(
        link,
        data={"typed_name": "Yassine Tazi", "agree": "y", "signature": "data:image/png;base64,AAAA", "document_sha256": hidden_hash(html)},
    )

    assert response.status_code == 422
    assert "The drawn signature could not be read." in response.get_data(as_text=True)
    assert agreement_of("tazi@example.org").signatories[0].state is SignatoryState.OPENED


def test_declining_needs_a_reason(client, webinar, release_template):
    send_releases(client, webinar, release_template)

    response = client.post(latest_link("elasri@example.org") + "/decline", data={"decline-reason": ""})

    assert response.status_code == 422
    assert "Tell the organizer why you decline." in response.get_data(as_text=True)
    assert agreement_of("elasri@example.org").status is AgreementStatus.SENT


def test_reminding_pending_signers_sends_new_links(client, webinar, release_template, clock):
    send_releases(client, webinar, release_template)
    tazi = agreement_of("tazi@example.org")
    first_link = latest_link("tazi@example.org")

    clock.advance(days=3)
    response = client.post(f"/manage/agreements/{tazi.id}/remind", follow_redirects=True)

    assert "Reminder sent to 1 signatory, with a new link." in response.get_data(as_text=True)
    reminder = messages_to("tazi@example.org")[-1]
    assert reminder.subject.startswith("Reminder, please sign")
    assert latest_link("tazi@example.org") != first_link
    assert client.get(first_link).status_code == 200  # the link of the first e-mail still works
    assert client.get(latest_link("tazi@example.org")).status_code == 200
    assert agreement_of("tazi@example.org").events[-2].kind is AuditKind.REMINDED


def test_the_overview_warns_about_releases_not_signed_before_the_event(client, webinar, release_template):
    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert "Releases not signed yet" in overview
    assert "Mohamed Benabbou: no release sent: no e-mail address" in overview

    send_releases(client, webinar, release_template)
    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert "Yassine Tazi: release sent, not signed yet" in overview


def test_no_warning_for_organizations_without_release_templates(client, webinar):
    overview = client.get(f"/manage/webinars/{webinar.id}").get_data(as_text=True)
    assert "Releases not signed yet" not in overview
