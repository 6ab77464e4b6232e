"""The data the hostile walk stands on, and how each URL parameter of the app is filled from it.

The demo (webinars/demo) gives an organization with a past webinar (summary, feedback,
certificates, a signed convention) and an upcoming published one (agenda, partners, speakers, one
invited to her speaker space, an amendment waiting for signatures). ``seed`` adds what the demo
leaves out and what a walk needs a personal link for: a draft, registrants holding links, a
signer's and a speaker's link, an open invitation, a password reset, an attendance report,
registration and feedback questions, slides, photos, an erasure in the audit.

Read ``url_values`` to see which row each URL parameter points at; ``ENDPOINT_VALUES`` says where
one route needs another row than the rest (the speaker's link on /s/, the past webinar for the
summary...). ``SKIPPED`` lists the rules the walk does not take, each with its reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from tests import factories
from tests.people.images import image_bytes
from webinars import clock
from webinars.personal_links import service as personal_links
from webinars.accounts.models import PasswordReset, Role
from webinars.accounts.invitations import invite
from webinars.agreements.models import Agreement, AgreementStatus, AgreementTemplate
from webinars.certificates.models import Certificate
from webinars.demo import data as demo_data
from webinars.demo.service import load_demo
from webinars.events.models import Webinar, WebinarStatus
from webinars.feedback import service as feedback
from webinars.extensions import db
from webinars.feedback.models import FeedbackQuestion
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.people.models import Participation, ParticipationRole, Person
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
from webinars.questions.editor import QuestionDetails
from webinars.speakers import service as speakers
from webinars.speakers.models import ProfileProposal, SlidesSource, SpeakerSlides, SpeakerSpace
from webinars.summaries import service as summaries
from webinars.tokens import new_token
from webinars.api_tokens import service as api_tokens
from webinars.api_tokens.models import ApiScope
from webinars.public.service import lineup
from webinars.sharing.service import share_card
from webinars.sharing.share_image import share_image_key
from webinars.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookSequence

ORGANIZER_EMAIL = demo_data.ORGANIZER.email
ORGANIZER_PASSWORD = demo_data.ORGANIZER.password
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# Rules the walk does not take, and why. Everything else in app.url_map is walked with GET and POST.
SKIPPED: dict[str, str] = {
    "static": "serves files from static/ by path: no form, no query string read, no database",
}

# Routes walked last, in this order: each ends or changes what the routes before it stand on
# (signs the organizer out, deletes the registrant or the webinar's rows, withdraws, revokes).
WALKED_LAST: tuple[str, ...] = (
    "registration.forget_links",
    "registration.cancel",
    "privacy.delete",
    "privacy.erase",
    "registration_admin.delete_question",
    "feedback.delete_question",
    "summaries.delete_entry",
    "agenda.delete",
    "events.delete_partner",
    "speakers.delete_slides",
    "people.remove_participant",
    "agreements.delete_template",
    "agreements.withdraw",
    "accounts.revoke_invitation",
    "accounts.remove_member",
    "summaries.unpublish",
    "events.unpublish",
    "events.cancel",
    "accounts.sign_out_everywhere",
    "accounts.logout",
)


@dataclass
class Dataset:
    """What ``seed`` made: URL parameter values, per-route exceptions, and who may open what."""

    url_values: dict[str, object]
    endpoint_values: dict[str, dict[str, object]] = field(default_factory=dict)
    # Several URLs for one rule (summary sections: each with one of its entries).
    variants: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    def paths(self, rule, replaced: dict[str, object] | None = None) -> list[str]:
        values = {**self.url_values, **self.endpoint_values.get(rule.endpoint, {}), **(replaced or {})}
        missing = set(rule.arguments) - set(values)
        if missing:
            raise KeyError(f"tests/hostile/dataset.py has no value for {sorted(missing)} of {rule.rule}")
        paths = []
        for variant in self.variants.get(rule.endpoint, [{}]):
            chosen = {**values, **variant, **(replaced or {})}
            paths.append(rule.build({name: chosen[name] for name in rule.arguments}, append_unknown=False)[1])
        return paths


def _webinar(slug: str) -> Webinar:
    return db.session.scalar(select(Webinar).where(Webinar.slug == slug))


def _registrant(webinar: Webinar, **fields) -> tuple[Registration, str]:
    registration = factories.make_registration(webinar, **fields)
    token = personal_links.issue(registration)
    db.session.commit()
    return registration, token


def _person_with_photo(organization, full_name: str) -> Person:
    content = image_bytes("JPEG", size=(64, 64))
    return factories.make_person(
        organization,
        full_name,
        photo=content,
        photo_content_type="image/jpeg",
        photo_hash=hashlib.sha256(content).hexdigest(),
    )


def seed() -> Dataset:
    """Load the demo and add the rest (see the module's docstring); returns the URL values."""
    result = load_demo(clock.now())
    db.session.commit()
    organization, organizer = result.organization, result.organizer
    past = _webinar(demo_data.OFFSHORING_2020.slug)
    upcoming = _webinar(demo_data.TERRITOIRE_DIGITAL.slug)
    draft = factories.make_publishable_webinar(organization, title="Brouillon du prochain webinaire")

    # Another member (their membership can be removed; their password reset link is walked) and an invitation.
    member = factories.make_user(organization, email="member@example.org", role=Role.ORGANIZER, full_name="Nadia Member")
    invitation, invitation_token = invite(organization, "invitee@example.org", Role.ORGANIZER, organizer, "fr")
    reset_token, reset_hash = new_token()
    db.session.add(PasswordReset(user=member, token_hash=reset_hash, expires_at=clock.now() + timedelta(days=365)))

    # Registrants holding links: one for the upcoming webinar, one who attended the past one (certificate, feedback).
    registrant, registrant_token = _registrant(upcoming, first_name="Amina", last_name="Alaoui")
    leaving, leaving_token = _registrant(upcoming, first_name="Karim", last_name="Partant")
    managed, _ = _registrant(upcoming, first_name="Rita", last_name="Gérée")
    pending, _ = _registrant(upcoming, first_name="Paul", last_name="Attente", state=RegistrationState.PENDING)
    certificates = list(db.session.scalars(select(Certificate).where(Certificate.webinar_id == past.id).order_by(Certificate.id)))
    holder = certificates[0].registration
    holder_token = personal_links.issue(holder)
    other_past_registrant = db.session.scalar(
        select(Registration).where(Registration.webinar_id == past.id, Registration.id != holder.id).order_by(Registration.id)
    )

    # A webinar that ended yesterday: its attendee answers the feedback survey, still open.
    recent = factories.make_publishable_webinar(
        organization, title="Webinaire d'hier", starts_at=clock.now() - timedelta(days=1), status=WebinarStatus.PUBLISHED
    )
    feedback.save_settings(recent, enabled=True, rating_is_public=True)
    feedback.add_question(recent, QuestionDetails("Votre avis ?", QuestionKind.SINGLE_CHOICE, choices=("Utile", "Trop court")))
    _, attendee_token = _registrant(recent, first_name="Salim", last_name="Présent", attended=True)

    # Registration questions and the attendance report of the past webinar.
    question = Question(webinar_id=upcoming.id, label="Votre secteur ?", kind=QuestionKind.SHORT_TEXT)
    choice_question = Question(
        webinar_id=upcoming.id, label="Votre taille ?", kind=QuestionKind.SINGLE_CHOICE, choices_text="PME\nGrande entreprise"
    )
    report_row = UnmatchedAttendance(
        webinar_id=past.id, match_key="invite@example.org", name="Invité Inconnu", email="invite@example.org",
        minutes_in_session=42,
    )
    attendance_import = AttendanceImport(
        webinar_id=past.id, language="fr", filename="rapport.csv", content=None, status=ImportStatus.DONE,
        rows_total=1, rows_read=1, matched=0, unmatched=1,
    )
    message = OutboxMessage(
        kind="received", organization_id=organization.id, webinar_id=upcoming.id, sender_name=organization.name,
        to_address=registrant.email, language="fr", subject="Inscription", text_body="-", html_body="-",
        message_id="<hostile-walk@localhost>", status=OutboxStatus.FAILED, last_error="550 5.1.1 No such user",
    )
    erasure = ErasureRecord(
        organization_id=organization.id, requested_by=ErasureRequester.REGISTRANT, erased_at=clock.now(),
        address_digest="0" * 64, erased_rows='{"registrations": 1}',
    )
    db.session.add_all([question, choice_question, report_row, attendance_import, message, erasure])

    # People: one with a photo on the upcoming line-up; the invited speaker's space, link, proposal and slides.
    pictured = _person_with_photo(organization, "Hajar Photographiée")
    factories.add_participant(upcoming, pictured, ParticipationRole.SPEAKER)
    space = db.session.scalar(
        select(SpeakerSpace).where(SpeakerSpace.webinar_id == upcoming.id).order_by(SpeakerSpace.id)
    )
    speaker_token = personal_links.issue(space)
    speakers.accept(space)  # her calendar files exist once she has accepted
    proposal_photo = image_bytes("JPEG", size=(48, 48))
    proposal = ProfileProposal(
        person=space.person, space=space, full_name=space.person.full_name, position="Directrice",
        photo=proposal_photo, photo_content_type="image/jpeg", photo_hash=hashlib.sha256(proposal_photo).hexdigest(),
    )
    speaker_slides = SpeakerSlides(
        webinar_id=upcoming.id, participation_id=space.participation_id, filename="slides.pdf", content=PDF,
        size_bytes=len(PDF), page_count=1, sha256=hashlib.sha256(PDF).hexdigest(), uploaded_by=SlidesSource.SPEAKER,
    )
    past_participation = db.session.scalar(
        select(Participation).where(Participation.webinar_id == past.id).order_by(Participation.id)
    )
    public_slides = SpeakerSlides(
        webinar_id=past.id, participation_id=past_participation.id, filename="public.pdf", content=PDF,
        size_bytes=len(PDF), page_count=1, sha256=hashlib.sha256(PDF + b"public").hexdigest(),
        uploaded_by=SlidesSource.ORGANIZER, is_public=True,
    )
    db.session.add_all([proposal, speaker_slides, public_slides])
    partner = upcoming.partners[0] if upcoming.partners else factories.make_partner(upcoming)

    # Agreements: the amendment waiting for signatures (a signer's link), the signed 2020 convention.
    waiting = db.session.scalar(select(Agreement).where(Agreement.status == AgreementStatus.SENT).order_by(Agreement.id))
    signed = db.session.scalar(select(Agreement).where(Agreement.status == AgreementStatus.COMPLETED).order_by(Agreement.id))
    signatory = waiting.signatories[0]
    signer_token = personal_links.issue(signatory)
    template = db.session.scalar(
        select(AgreementTemplate).where(AgreementTemplate.organization_id == organization.id).order_by(AgreementTemplate.id)
    )

    # The past webinar's summary: one entry of each section.
    summary = summaries.summary_for(past)
    slide_link = summaries.add_slide_link(summary, "Présentation", "https://example.org/slides.pdf")
    feedback_question = db.session.scalar(
        select(FeedbackQuestion).where(FeedbackQuestion.webinar_id == past.id).order_by(FeedbackQuestion.id)
    )
    # Integrations: an API token, and a webhook endpoint with one failed delivery (the owner's pages).
    api_token = api_tokens.create_token(organization, "CRM", ApiScope.WRITE).token
    endpoint = WebhookEndpoint(
        organization_id=organization.id, url="https://crm.example.org/hooks", event_types="registration.created",
        secret="whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", enabled=True, language="fr",
    )
    webhook_event = WebhookEvent(
        organization_id=organization.id, sequence=1_000, type="registration.created", message_id="msg_walk",
        occurred_at=upcoming.created_at, webinar_id=upcoming.id, payload="{}",
    )
    delivery = WebhookDelivery(event=webhook_event, endpoint=endpoint, status=OutboxStatus.FAILED)
    # The organization's counter knows the number given, as the service's own numbering would leave it.
    sequence = db.session.get(WebhookSequence, organization.id) or WebhookSequence(organization_id=organization.id)
    sequence.last_sequence = max(sequence.last_sequence or 0, webhook_event.sequence)
    db.session.add_all([endpoint, webhook_event, delivery, sequence])
    db.session.commit()
    share_key = share_image_key(share_card(upcoming, lineup(upcoming)))

    item = sorted(upcoming.agenda_items, key=lambda entry: entry.starts_at)[0]
    organizer_membership = next(m for m in member.memberships if m.organization_id == organization.id)
    return Dataset(
        url_values={
            # Organizer side (the owner signed in).
            "org_slug": organization.slug,
            "webinar_id": upcoming.id,
            "person_id": pictured.id,
            "participation_id": space.participation_id,
            "item_id": item.id,
            "partner_id": partner.id,
            "invitation_id": invitation.id,
            "membership_id": organizer_membership.id,
            "template_id": template.id,
            "agreement_id": waiting.id,
            "signatory_id": signatory.id,
            "message_id": message.id,
            "question_id": question.id,
            "registration_id": managed.id,
            "row_id": report_row.id,
            "import_id": attendance_import.id,
            "record_id": erasure.id,
            "feedback_question_id": feedback_question.id,
            "certificate_id": certificates[-1].id,
            "direction": "down",
            "section": "highlights",
            "entry_id": summary.highlights[0].id,
            "group": "past",  # the dashboard's groups (upcoming, drafts, past) on their own pages
            # Public side (anonymous).
            "slug": upcoming.slug,
            "slides_id": public_slides.id,
            "photo_hash": pictured.photo_hash,
            "code": signed.verification_code,
            "which": "webinar",
            "token": registrant_token,
            "token_id": api_token.id,
            "endpoint_id": endpoint.id,
            "delivery_id": delivery.id,
            "key": share_key,
            # No cover nor partner logo in the data set: their routes answer 404 to any hash.
            "cover_hash": "0" * 16,
            "logo_hash": "0" * 16,
            "filename": "swagger-ui.css",
            "colour": "0b6e4f",  # the demo organization's brand stylesheet
        },
        endpoint_values={
            "messages.edit_email_text": {"kind": "confirmation"},
            "messages.reset_email_text": {"kind": "confirmation"},
            "sharing.qr_code": {"kind": "svg"},
            # The signed convention's PDF; the past webinar's summary, feedback, certificates, follow-ups.
            "agreements.download_pdf": {"agreement_id": signed.id},
            **{
                endpoint: {"webinar_id": past.id}
                for endpoint in (
                    "summaries.index", "summaries.add_entry", "summaries.delete_entry", "summaries.edit_entry",
                    "summaries.move_entry", "summaries.article", "summaries.redraft", "summaries.content",
                    "summaries.publish", "summaries.recording", "summaries.unpublish", "followups.index",
                    "followups.send", "feedback.settings", "feedback.answers", "feedback.add_question",
                    "certificates.index", "certificates.issue", "registration_admin.attendance_index",
                    "registration_admin.import_attendance",
                )
            },
            "registration_admin.approve": {"registration_id": pending.id},
            "registration_admin.reject": {"registration_id": pending.id},
            "registration_admin.attach_report_row": {"registration_id": other_past_registrant.id},
            "registration_admin.questions_index": {},
            "registration_admin.edit_question": {"question_id": choice_question.id},
            "events.publish": {"webinar_id": draft.id},
            "events.cancel": {"webinar_id": draft.id},
            "events.unpublish": {"webinar_id": draft.id},
            "public_summaries.summary": {"slug": past.slug},
            "public_summaries.markdown": {"slug": past.slug},
            "public_summaries.pdf": {"slug": past.slug},
            "speaker_space.public_slides": {"slug": past.slug},
            "invites.organization_feed": {"slug": organization.slug},
            "speaker_space.proposed_photo": {"token": speaker_token, "photo_hash": proposal.photo_hash},
            "speakers.proposed_photo": {},
            # Personal links: the attendee of the past webinar, the registrant who leaves, the others.
            **{
                endpoint: {"token": holder_token}
                for endpoint in (
                    "certificates.holder", "certificates.download", "privacy.download_data",
                )
            },
            "feedback.answer": {"token": attendee_token},
            **{endpoint: {"token": leaving_token} for endpoint in ("registration.forget_links", "privacy.delete")},
            "accounts.accept_invitation": {"token": invitation_token},
            "accounts.reset_password": {"token": reset_token},
            "signing.sign": {"token": signer_token},
            "signing.decline": {"token": signer_token},
            **{
                endpoint: {"token": speaker_token}
                for endpoint in (
                    "speaker_space.space", "speaker_space.calendar_file", "speaker_space.accept",
                    "speaker_space.decline", "speaker_space.profile", "speaker_space.decline_release",
                    "speaker_space.sign_release", "speaker_space.upload_slides", "speaker_space.download_slides",
                    "speaker_space.timezone",
                )
            },
        },
        variants={
            endpoint: [
                {"section": "highlights", "entry_id": summary.highlights[0].id},
                {"section": "quotes", "entry_id": summary.quotes[0].id},
                {"section": "key-figures", "entry_id": summary.key_figures[0].id},
                {"section": "slides", "entry_id": slide_link.id},
            ]
            for endpoint in ("summaries.edit_entry", "summaries.move_entry", "summaries.delete_entry")
        }
        | {
            "summaries.add_entry": [{"section": section} for section in ("highlights", "quotes", "key-figures", "slides")],
            "speaker_space.calendar_file": [{"which": "webinar"}, {"which": "rehearsal"}],
        },
    )
