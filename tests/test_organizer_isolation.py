"""An organizer of one organization can neither see nor change anything of another's.

Walks every organizer URL of the app (every rule under /manage/) as a member of
another organization, with GET and POST, and expects 404 (or 403), never a
page and never a change. New organizer routes are covered automatically: a
route whose parameters this test cannot fill makes it fail, so it must be
taught about them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from webinars.accounts.models import Invitation, Membership, Role
from webinars.accounts.invitations import invite
from webinars.agenda.models import AgendaItem
from webinars.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    Signatory,
)
from webinars.events.models import Webinar, WebinarPartner, WebinarStatus
from webinars.extensions import db
from webinars.personal_links.models import PersonalLink
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.messages.models import RegistrantMessage, WebinarEmailText
from webinars.people.models import Participation, Person
from webinars.privacy.models import ErasureRecord, ErasureRequester
from webinars.registration.models import (
    AttendanceImport,
    ImportStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationState,
    UnmatchedAttendance,
)
from webinars.speakers.models import ProfileProposal, SlidesSource, SpeakerSlides, SpeakerSpace
from webinars.api_tokens import service as api_tokens
from webinars.api_tokens.models import ApiScope
from webinars.certificates.models import Certificate, CertificateSettings
from webinars.feedback.models import FeedbackQuestion, FeedbackSurvey
from webinars.summaries.models import Highlight, Summary
from webinars.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


@pytest.fixture
def victim(app):
    """Another organization with one of everything."""
    organization = factories.make_organization(name="Victim Federation")
    owner = factories.make_user(organization, email="victim-owner@example.org")
    invitation, _token = invite(organization, "colleague@example.org", Role.ORGANIZER, owner)
    db.session.commit()
    webinar = factories.make_publishable_webinar(organization)
    item = factories.make_agenda_item(webinar, title="Opening address")
    partner = factories.make_partner(webinar)
    participation = webinar.participations[0]
    message = OutboxMessage(
        kind="received", organization_id=organization.id, webinar_id=webinar.id, sender_name=organization.name,
        to_address="registrant@example.org", language="fr", subject="Inscription", text_body="-", html_body="-",
        message_id="<victim@localhost>", status=OutboxStatus.FAILED, last_error="550 5.1.1 No such user",
    )
    db.session.add(message)
    # Registration: a question, a registrant pending approval, an unmatched row of an attendance report.
    webinar.status = WebinarStatus.PUBLISHED
    question = Question(webinar_id=webinar.id, label="Your sector?", kind=QuestionKind.SHORT_TEXT)
    registration = Registration(
        webinar=webinar, email="registrant@example.org", first_name="Rita", last_name="Registrant", language="fr",
        state=RegistrationState.PENDING, consented_at=webinar.created_at,
    )
    report_row = UnmatchedAttendance(webinar_id=webinar.id, match_key="guest@example.org", name="Guest", email="guest@example.org")
    attendance_import = AttendanceImport(
        webinar_id=webinar.id, language="fr", filename="rapport.csv", content=b"-", status=ImportStatus.QUEUED, rows_total=1
    )
    db.session.add_all([question, registration, report_row, attendance_import])
    db.session.commit()
    # Agreements: a template, and a convention waiting for one signature.
    template = AgreementTemplate(organization_id=organization.id, kind=AgreementKind.CONVENTION, title="Convention", body="Texte")
    agreement = Agreement(
        organization_id=organization.id, webinar=webinar, template=template, kind=AgreementKind.CONVENTION,
        status=AgreementStatus.SENT, language="fr", title="Convention", body="Texte", document_sha256="0" * 64,
    )
    signatory = Signatory(agreement=agreement, party_name="CRI Fès-Meknès", full_name="Yassine Tazi", email="tazi@example.org")
    db.session.add_all([template, agreement, signatory])
    # Summary: made directly (the webinar has not ended), with one highlight.
    summary = Summary(webinar=webinar, article="Texte", highlights=[Highlight(position=0, text="Point fort")])
    db.session.add(summary)
    # Personal data: a registrant's erasure in the audit.
    erasure = ErasureRecord(
        organization_id=organization.id, requested_by=ErasureRequester.REGISTRANT, erased_at=webinar.created_at,
        address_digest="0" * 64, erased_rows='{"registrations": 1}',
    )
    db.session.add(erasure)
    # Speaker spaces: the participant's space, profile changes waiting for review (with a photo), slides.
    space = SpeakerSpace(webinar=webinar, person=participation.person, participation=participation)
    proposal = ProfileProposal(person=participation.person, full_name="Changed", photo=b"jpeg", photo_content_type="image/jpeg", photo_hash="0" * 64)
    slides = SpeakerSlides(webinar_id=webinar.id, participation=participation, filename="victim.pdf", content=b"%PDF-1.7",
                           size_bytes=8, page_count=1, sha256="0" * 64, uploaded_by=SlidesSource.SPEAKER)
    db.session.add_all([space, proposal, slides])
    # Feedback survey with a question; certificates on, one issued.
    survey = FeedbackSurvey(webinar_id=webinar.id, enabled=True)
    feedback_question = FeedbackQuestion(webinar_id=webinar.id, label="Useful?", kind=QuestionKind.YES_NO)
    certificate_settings = CertificateSettings(webinar_id=webinar.id, enabled=True, minimum_minutes=30)
    certificate = Certificate(
        webinar_id=webinar.id, registration=registration, code="AAAA-BBBB-CCCC-DDDD", holder_name="Rita Registrant",
        issued_at=webinar.created_at,
    )
    db.session.add_all([survey, feedback_question, certificate_settings, certificate])
    # An API token of the organization.
    api_token = api_tokens.create_token(organization, "Victim's CRM", ApiScope.WRITE).token
    # Webhooks: an endpoint and one failed delivery of an event to it.
    endpoint = WebhookEndpoint(
        organization_id=organization.id, url="https://crm.victim.example/hooks", event_types="registration.created",
        secret="whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", enabled=True, language="fr",
    )
    webhook_event = WebhookEvent(
        organization_id=organization.id, sequence=1, type="registration.created", message_id="msg_victim",
        occurred_at=webinar.created_at, webinar_id=webinar.id, payload="{}",
    )
    delivery = WebhookDelivery(event=webhook_event, endpoint=endpoint, status=OutboxStatus.FAILED)
    db.session.add_all([endpoint, webhook_event, delivery])
    db.session.commit()
    return factories.Namespace(
        endpoint=endpoint, delivery=delivery,
        organization=organization, membership=owner.memberships[0], webinar=webinar, invitation=invitation, item=item, partner=partner, participation=participation,
        person=participation.person, message=message, question=question, registration=registration, report_row=report_row,
        template=template, agreement=agreement, signatory=signatory, highlight=summary.highlights[0],
        attendance_import=attendance_import, erasure=erasure,
        feedback_question=feedback_question, certificate=certificate, api_token=api_token,
    )


def organizer_urls(app, victim) -> list[tuple[str, str]]:
    values = {
        "org_slug": victim.organization.slug,
        "webinar_id": victim.webinar.id,
        "person_id": victim.person.id,
        "participation_id": victim.participation.id,
        "item_id": victim.item.id,
        "partner_id": victim.partner.id,
        "invitation_id": victim.invitation.id,
        "membership_id": victim.membership.id,
        "template_id": victim.template.id,
        "agreement_id": victim.agreement.id,
        "signatory_id": victim.signatory.id,
        "message_id": victim.message.id,
        "question_id": victim.question.id,
        "registration_id": victim.registration.id,
        "row_id": victim.report_row.id,
        "import_id": victim.attendance_import.id,
        "direction": "up",
        "section": "highlights",
        "entry_id": victim.highlight.id,
        "record_id": victim.erasure.id,
        "feedback_question_id": victim.feedback_question.id,
        "certificate_id": victim.certificate.id,
        "kind": "confirmation",  # a webinar's own e-mail texts (webinars/messages/texts.py)
        "group": "past",  # one of the dashboard's groups on its own pages
        "token_id": victim.api_token.id,
        "endpoint_id": victim.endpoint.id,
        "delivery_id": victim.delivery.id,
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/manage/") or rule.rule == "/manage/":
            continue
        missing = set(rule.arguments) - set(values)
        assert not missing, f"teach this test the parameters {missing} of {rule.rule}"
        path = rule.build({name: values[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            urls.append((method, path))
    assert len(urls) > 10, "the organizer routes were not found"
    return urls


def snapshot() -> tuple:
    """Everything an outsider could try to change."""
    webinar_rows = db.session.execute(
        select(Webinar.id, Webinar.title, Webinar.status, Webinar.starts_at, Webinar.slug).order_by(Webinar.id)
    ).all()
    counts = tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (
            Webinar, Person, Participation, AgendaItem, WebinarPartner, Invitation, Membership,
            AgreementTemplate, Agreement, AgreementEvent, Question, UnmatchedAttendance, ErasureRecord,
            SpeakerSpace, ProfileProposal, SpeakerSlides, RegistrantMessage, WebinarEmailText)
    )
    # An approved, cancelled, checked-in registrant or a resent link; a resolved report row.
    registrations = db.session.execute(
        select(Registration.id, Registration.state, Registration.attended, Registration.anonymized_at).order_by(Registration.id)
    ).all()
    report_rows = db.session.execute(select(UnmatchedAttendance.id, UnmatchedAttendance.resolution)).all()
    # A retried message or a resent invitation would show here.
    outbox = db.session.execute(select(OutboxMessage.id, OutboxMessage.status).order_by(OutboxMessage.id)).all()
    invitation_links = db.session.execute(
        select(PersonalLink.id, PersonalLink.revoked_at).order_by(PersonalLink.id)
    ).all()
    summaries = db.session.execute(select(Summary.id, Summary.article, Summary.published_at, Summary.recording_url)).all()
    highlights = db.session.execute(select(Highlight.id, Highlight.text, Highlight.position)).all()
    # An invitation, a trusted speaker, a published or replaced deck, new logistics.
    speakers = db.session.execute(
        select(Participation.id, Participation.status, Person.profile_trusted, Person.full_name)
        .join(Person, Participation.person_id == Person.id).order_by(Participation.id)
    ).all()
    slides = db.session.execute(select(SpeakerSlides.id, SpeakerSlides.is_public, SpeakerSlides.sha256)).all()
    logistics = db.session.execute(select(Webinar.speakers_join_url, Webinar.rehearsal_starts_at)).all()
    # A survey switched, a question changed; certificate settings changed, one issued or revoked.
    feedback = db.session.execute(
        select(FeedbackSurvey.webinar_id, FeedbackSurvey.enabled, FeedbackSurvey.rating_is_public)
    ).all() + db.session.execute(select(FeedbackQuestion.id, FeedbackQuestion.label, FeedbackQuestion.position)).all()
    certificates = db.session.execute(
        select(CertificateSettings.webinar_id, CertificateSettings.enabled, CertificateSettings.minimum_minutes)
    ).all() + db.session.execute(select(Certificate.id, Certificate.revoked_at, Certificate.holder_name)).all()
    # An endpoint enabled, disabled or changed; an event sent again.
    webhooks = db.session.execute(
        select(WebhookEndpoint.id, WebhookEndpoint.url, WebhookEndpoint.enabled, WebhookEndpoint.event_types)
    ).all() + db.session.execute(select(WebhookDelivery.id, WebhookDelivery.status)).all()
    return (
        tuple(webhooks), tuple(speakers), tuple(slides), tuple(logistics),
        tuple(webinar_rows), counts, tuple(outbox), tuple(invitation_links), tuple(registrations), tuple(report_rows),
        tuple(summaries), tuple(highlights), tuple(feedback), tuple(certificates),
    )


def test_outsider_gets_404_everywhere_and_changes_nothing(app, client, auth, victim):
    outsider_org = factories.make_organization(name="Outsider Org")
    outsider = factories.make_user(outsider_org, email="outsider@example.org")
    assert auth.login(outsider.email).status_code == 302
    before = snapshot()

    for method, path in organizer_urls(app, victim):
        response = client.open(path, method=method, data={"title": "Hacked", "full_name": "Hacked"})
        assert response.status_code in (403, 404), f"{method} {path} answered {response.status_code}"
        assert b"Victim Federation" not in response.data, f"{method} {path} leaked the organization's name"

    db.session.expire_all()
    assert snapshot() == before


def test_anonymous_visitor_is_sent_to_sign_in_or_gets_404(app, client, victim):
    for method, path in organizer_urls(app, victim):
        response = client.open(path, method=method)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], f"{method} {path}"
        else:
            assert response.status_code in (401, 403, 404), f"{method} {path} answered {response.status_code}"
