"""Certificates of attendance: who gets one, the PDF read back (text and QR code), the name corrected once,
/verify/<code> beside agreements, revocation, and fonts for Latin with accents and Arabic script."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.certificates.helpers import font_names, page_count, pdf_text, qr_codes
from tests.joining.helpers import START, registrant, webinar_on
from webinars.certificates import service
from webinars.certificates.models import Certificate
from webinars.extensions import db
from webinars.registration.models import RegistrationState

END = START + timedelta(hours=2)


@pytest.fixture
def webinar(organizer):
    webinar = webinar_on(
        organizer.organization, title="L'offshoring régionalisé : meilleure réponse aux opportunités post-Covid",
    )
    service.save_settings(webinar, enabled=True, minimum_minutes=30)
    db.session.commit()
    return webinar


def certificates() -> list[Certificate]:
    db.session.expire_all()
    return list(db.session.scalars(select(Certificate).order_by(Certificate.id)))


def download(client, token):
    return client.get(f"/r/{token}/certificate.pdf")


# --- Who gets one ----------------------------------------------------------------------------


def test_with_a_report_the_minutes_decide(webinar, clock):
    long_stay, _t1 = registrant(webinar, attended=True, minutes_in_session=95)
    exactly, _t2 = registrant(webinar, attended=True, minutes_in_session=30)
    short_stay, _t3 = registrant(webinar, attended=True, minutes_in_session=12)
    checked_in, _t4 = registrant(webinar, attended=True)  # by hand, no minutes: the organizers vouch
    absent, _t5 = registrant(webinar)
    clock.set(END)

    issued = service.issue_all(webinar, clock.now())
    db.session.commit()

    assert issued == 3
    assert sorted(c.registration_id for c in certificates()) == sorted([long_stay.id, exactly.id, checked_in.id])
    assert {c.registration_id: c.minutes_attended for c in certificates()}[long_stay.id] == 95
    assert not service.is_eligible(short_stay) and not service.is_eligible(absent)


def test_without_a_report_clicking_join_is_enough(client, webinar, clock):
    clicked, token = registrant(webinar)
    checked_in, _token = registrant(webinar, attended=True)
    registrant(webinar)
    cancelled_after_clicking, cancelled_token = registrant(webinar)
    clock.set(START)
    client.post(f"/r/{token}/join")
    client.post(f"/r/{cancelled_token}/join")
    cancelled_after_clicking.state = RegistrationState.CANCELLED
    db.session.commit()
    clock.set(END)

    assert service.issue_all(webinar, clock.now()) == 2
    assert sorted(c.registration_id for c in certificates()) == sorted([clicked.id, checked_in.id])
    assert all(c.minutes_attended is None for c in certificates())


def test_nothing_before_the_end_nor_when_off_nor_for_a_cancelled_webinar(client, webinar, clock):
    registration, token = registrant(webinar, attended=True, minutes_in_session=90)
    clock.set(END - timedelta(minutes=1))
    assert service.issue_all(webinar, clock.now()) == 0
    assert client.get(f"/r/{token}/certificate").status_code == 404

    clock.set(END)
    service.save_settings(webinar, enabled=False, minimum_minutes=30)
    assert service.issue_all(webinar, clock.now()) == 0
    service.save_settings(webinar, enabled=True, minimum_minutes=30)
    webinar.status = webinar.status.CANCELLED
    assert service.issue_all(webinar, clock.now()) == 0
    assert service.issue_for(registration, clock.now()) is None


# --- The PDF -----------------------------------------------------------------------------------


def test_the_certificate_reads_back_with_its_facts_and_a_qr_code_to_its_verification(client, webinar, clock):
    organization = webinar.organization  # moderator Mohamed Benabbou, speaker Yassine Tazi
    _registration, token = registrant(webinar, first_name="Zoé", last_name="Lefèvre-Ouazzani",
                                      attended=True, minutes_in_session=95, language="fr")
    clock.set(END + timedelta(days=1))

    response = download(client, token)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    [certificate] = certificates()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="certificate-{webinar.slug}-{certificate.code}.pdf"'
    )
    pdf = response.data
    text = pdf_text(pdf)
    assert page_count(pdf) == 1
    assert "Zoé Lefèvre-Ouazzani" in text  # accents kept, as registered
    assert "L'offshoring régionalisé : meilleure réponse aux opportunités post-Covid" in text
    assert "mardi 10 novembre 2026" in text  # the holder's language: French
    assert "95 minutes" in text
    assert "Mohamed Benabbou" in text and "Yassine Tazi" in text
    assert organization.name in text
    assert certificate.code in text
    assert qr_codes(pdf) == [f"http://localhost/verify/{certificate.code}"]
    assert "no-store" in response.headers["Cache-Control"]


def test_a_name_in_arabic_script_prints_with_a_font_that_has_it(client, webinar, clock, caplog):
    _registration, token = registrant(webinar, first_name="محمد", last_name="بنعبو", attended=True, minutes_in_session=60)
    clock.set(END)

    with caplog.at_level(logging.WARNING, logger="webinars.certificates"):
        pdf = download(client, token).data

    assert "محمد بنعبو" in pdf_text(pdf)
    assert not [record for record in caplog.records if "no certificate font has" in record.getMessage()]
    assert any(name.endswith("Noto-Sans-Arabic-Bold") for name in font_names(pdf))  # the embedded font with the glyphs
    assert qr_codes(pdf) == [f"http://localhost/verify/{certificates()[0].code}"]


def test_a_name_no_font_covers_is_logged(client, webinar, clock, caplog):
    _registration, token = registrant(webinar, first_name="ᚠᚢᚦ", last_name="Rune", attended=True, minutes_in_session=60)
    clock.set(END)

    with caplog.at_level(logging.WARNING, logger="webinars.certificates"):
        response = download(client, token)

    assert response.status_code == 200  # printed with a fallback, not refused
    [warning] = [record.getMessage() for record in caplog.records if "no certificate font has" in record.getMessage()]
    assert "ᚠ" in warning and "U+16A0" in warning


def test_missing_font_files_degrade_to_the_systems_fonts_with_a_warning(app, client, webinar, clock, caplog):
    app.config["CERTIFICATE_FONT_FILES"] = ("/nonexistent/NotoSans-Regular.ttf",)
    _registration, token = registrant(webinar, first_name="Zoé", last_name="Lefèvre", attended=True, minutes_in_session=60)
    clock.set(END)

    with caplog.at_level(logging.WARNING, logger="webinars.certificates"):
        pdf = download(client, token).data

    assert "Zoé Lefèvre" in pdf_text(pdf)
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "Certificate fonts not found: /nonexistent/NotoSans-Regular.ttf" in messages
    assert "fonts-noto-core" in messages


def test_the_pdf_fetches_nothing_but_its_fonts(app, webinar, clock):
    from webinars.certificates.pdf import _CertificateFetcher

    fetcher = _CertificateFetcher({"file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"})

    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:1/tracker.png")


# --- The holder's page: correcting the name once ----------------------------------------------


def test_the_holder_corrects_the_spelling_once_before_downloading(client, webinar, clock):
    _registration, token = registrant(webinar, first_name="Zoe", last_name="Lefevre", attended=True, minutes_in_session=60)
    clock.set(END)

    page = client.get(f"/r/{token}/certificate?lang=en").get_data(as_text=True)
    assert "Zoe Lefevre" in page and "Correct the spelling of your name" in page

    corrected = client.post(f"/r/{token}/certificate?lang=en", data={"name": "  Zoé   Lefèvre "})
    assert corrected.status_code == 302
    assert certificates()[0].holder_name == "Zoé Lefèvre"

    again = client.post(f"/r/{token}/certificate?lang=en", data={"name": "Someone Else"})
    assert again.status_code == 422
    assert "The name on the certificate was already corrected once." in again.get_data(as_text=True)
    assert "Zoé Lefèvre" in pdf_text(download(client, token).data)
    assert certificates()[0].holder_name == "Zoé Lefèvre"


def test_after_downloading_the_name_no_longer_changes(client, webinar, clock):
    registration, token = registrant(webinar, first_name="Zoe", last_name="Lefevre", attended=True, minutes_in_session=60)
    clock.set(END)
    download(client, token)

    page = client.get(f"/r/{token}/certificate?lang=en").get_data(as_text=True)
    refused = client.post(f"/r/{token}/certificate?lang=en", data={"name": "Zoé Lefèvre"})

    assert "Correct the spelling of your name" not in page
    assert refused.status_code == 422
    assert "The certificate was downloaded already" in refused.get_data(as_text=True)
    assert certificates()[0].holder_name == registration.full_name
    assert certificates()[0].first_downloaded_at == END


@pytest.mark.parametrize(("name", "message"), [("", "Write your name as it should appear."), ("Zoé\x00", "control character")])
def test_a_bad_name_gets_a_message(client, webinar, clock, name, message):
    _registration, token = registrant(webinar, attended=True, minutes_in_session=60)
    clock.set(END)

    response = client.post(f"/r/{token}/certificate?lang=en", data={"name": name})

    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert certificates()[0].name_corrected_at is None


def test_someone_not_eligible_is_told_so(client, webinar, clock):
    _registration, token = registrant(webinar, attended=True, minutes_in_session=5)
    registrant(webinar, attended=True, minutes_in_session=50)
    clock.set(END)

    page = client.get(f"/r/{token}/certificate?lang=en")

    assert page.status_code == 404 and "There is no certificate of attendance for you" in page.get_data(as_text=True)
    assert download(client, token).status_code == 302
    assert f"/r/{token}/certificate" not in client.get(f"/r/{token}").get_data(as_text=True)
    assert certificates() == []


def test_the_personal_page_offers_the_certificate(client, webinar, clock):
    _registration, token = registrant(webinar, attended=True, minutes_in_session=50)
    clock.set(END)

    assert f'href="/r/{token}/certificate"' in client.get(f"/r/{token}").get_data(as_text=True)


# --- Verification and revocation ---------------------------------------------------------------


def test_verify_confirms_holder_webinar_and_date(client, webinar, clock):
    _registration, token = registrant(webinar, first_name="Amina", last_name="Alaoui", attended=True, minutes_in_session=80)
    clock.set(END)
    client.get(f"/r/{token}/certificate")
    [certificate] = certificates()
    client.post("/logout")

    page = client.get(f"/verify/{certificate.code}?lang=en")
    looked_up = client.get(f"/verify?code={certificate.code.lower().replace('-', ' ')}")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Certificate of attendance" in html and "Amina Alaoui" in html
    assert "L&#39;offshoring régionalisé" in html
    assert "Tuesday, November 10, 2026" in html
    assert "80 minutes" in html
    assert "revoked" not in html
    assert looked_up.status_code == 302 and looked_up.headers["Location"].endswith(f"/verify/{certificate.code}")


def test_the_organizer_revokes_and_the_verification_page_says_so(client, webinar, clock):
    _registration, token = registrant(webinar, first_name="Amina", last_name="Alaoui", attended=True, minutes_in_session=80)
    clock.set(END)
    assert service.issue_all(webinar, clock.now()) == 1
    db.session.commit()
    [certificate] = certificates()

    listed = client.get(f"/manage/webinars/{webinar.id}/certificates?lang=en").get_data(as_text=True)
    revoked = client.post(f"/manage/certificates/{certificate.id}/revoke", data={"reason": "Attended under another name."})

    assert "Amina Alaoui" in listed and certificate.code in listed
    assert revoked.status_code == 302
    page = client.get(f"/verify/{certificate.code}?lang=en")
    assert page.status_code == 410
    assert "This certificate was revoked by the organizer on" in page.get_data(as_text=True)
    assert "Attended under another name." in page.get_data(as_text=True)
    assert client.get(f"/r/{token}/certificate").status_code == 410
    assert download(client, token).status_code == 302  # no PDF of a revoked certificate

    client.post(f"/manage/certificates/{certificate.id}/reinstate")
    assert client.get(f"/verify/{certificate.code}").status_code == 200


def test_agreements_and_certificates_share_one_verification_page(client, webinar, clock):
    agreement = factories.make_completed_convention(webinar)
    _registration, token = registrant(webinar, attended=True, minutes_in_session=80)
    clock.set(END)
    client.get(f"/r/{token}/certificate")
    [certificate] = certificates()

    assert "Signed agreement" in client.get(f"/verify/{agreement.verification_code}?lang=en").get_data(as_text=True)
    assert "Certificate of attendance" in client.get(f"/verify/{certificate.code}?lang=en").get_data(as_text=True)
    assert client.get("/verify/AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert client.post(f"/verify/{certificate.code}", data={}).status_code == 405


def test_the_organizer_turns_certificates_on_after_the_end_and_they_are_issued(client, organizer, clock):
    webinar = webinar_on(organizer.organization)
    registrant(webinar, attended=True, minutes_in_session=45)
    registrant(webinar, attended=True, minutes_in_session=20)
    clock.set(END)

    response = client.post(
        f"/manage/webinars/{webinar.id}/certificates?lang=en", data={"enabled": "y", "minimum_minutes": "40"}
    )
    refused = client.post(
        f"/manage/webinars/{webinar.id}/certificates?lang=en", data={"enabled": "y", "minimum_minutes": "-5"}
    )

    assert response.status_code == 302 and len(certificates()) == 1
    assert refused.status_code == 422 and "Between 0 and 1440 minutes." in refused.get_data(as_text=True)
    assert service.settings_of(webinar.id).minimum_minutes == 40


def test_codes_are_unique_and_shaped_like_agreements(webinar, clock):
    for _ in range(30):
        registrant(webinar, attended=True, minutes_in_session=50)
    clock.set(END)
    service.issue_all(webinar, clock.now())
    db.session.commit()

    codes = [certificate.code for certificate in certificates()]
    assert len(set(codes)) == 30
    assert all(len(code) == 19 and code.count("-") == 3 for code in codes)


def test_certificates_go_with_the_registration(webinar, clock):
    registration, _token = registrant(webinar, attended=True, minutes_in_session=50)
    clock.set(END)
    service.issue_all(webinar, clock.now())
    db.session.delete(registration)
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_the_thank_you_follow_up_links_the_certificate_of_eligible_attendees_only(client, webinar, clock, organizer):
    import re

    from webinars.mail.models import OutboxMessage
    from webinars.summaries import service as summaries
    from webinars.summaries.followup_sending import send_requested_follow_ups
    from webinars.summaries.followups import request_sending

    registrant(webinar, email="long@example.org", attended=True, minutes_in_session=90, language="en")
    registrant(webinar, email="short@example.org", attended=True, minutes_in_session=10, language="en")
    clock.set(END + timedelta(hours=1))
    summary = summaries.summary_for(webinar, clock.now())
    summaries.save_article(summary, "Retour", "Le webinaire a eu lieu.")
    summaries.publish(summary, clock.now())
    request_sending(webinar, organizer.user)
    db.session.commit()

    send_requested_follow_ups()

    long_mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "long@example.org"))
    short_mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "short@example.org"))
    path = re.search(r"http://localhost(/r/[A-Za-z0-9_-]{43}/certificate)", long_mail.text_body).group(1)
    assert "/certificate" not in short_mail.text_body
    assert client.get(path).status_code == 200
    assert qr_codes(client.get(f"{path}.pdf").data) == [f"http://localhost/verify/{certificates()[0].code}"]
