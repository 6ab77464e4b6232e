"""The declarations of the privacy registry (registry.py) whose rows are erased: anonymized or deleted,
in the order the erasure goes through them.

Order matters: rows that hang off a registration, a message, an event or a speaker's profile come
before it, since they are found through it (an attachment through its message, an attempt through
its event, a slide through the profile's address), and registrations come last, because the other
tables find their rows through the registrations' addresses.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from webinars.accounts.models import Invitation, PasswordReset, PasswordResetRequest
from webinars.api_tokens.models import IdempotentRequest
from webinars.certificates.models import Certificate
from webinars.feedback.models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse
from webinars.joining.models import JoinClick
from webinars.mail.models import OutboxMessage
from webinars.messages.models import RegistrantMessage, RegistrantMessageDelivery
from webinars.people.models import Participation, Person
from webinars.personal_links.models import PersonalLink
from webinars.privacy import rows
from webinars.privacy.declarations import Declaration, Handling
from webinars.privacy.rows import (
    any_set,
    at_address,
    attachments_of,
    attempts_of_events,
    blanked,
    download_of_registrations,
    in_ids,
    of_registrations,
    older_than,
)
from webinars.registration.models import Answer, Registration, UnmatchedAttendance
from webinars.reminders.models import ReminderDelivery
from webinars.speakers.models import ProfileProposal, SpeakerSlides, SpeakerSpace
from webinars.summaries.models import FollowUp
from webinars.webhooks.models import EVENTS_KEPT, WebhookEvent

# A password reset link works one hour; the row is kept a day longer (its page says "expired"), then goes.
EXPIRED_RESET_KEPT = timedelta(days=1)
# The answers kept for retried API requests (``Idempotency-Key``) are replayed for 24 hours, then go.
IDEMPOTENT_ANSWER_KEPT = timedelta(hours=24)

DELETED = Handling.DELETED
ANONYMIZED = Handling.ANONYMIZED

# The personal columns of a speaker profile that go when it is anonymized (the name, position and
# affiliation stay in the programme).
PROFILE_PERSONAL_COLUMNS = ("email", "bio", "bio_en", "links", "photo", "photo_content_type", "photo_hash")


# --- Erased, in this order --------------------------------------------------------------------
# Rows that hang off a registration or a message first: they are found through the
# registrations' addresses, which the last declaration erases.

ERASED: tuple[Declaration, ...] = (
    Declaration(
        "answers", DELETED,
        "What registrants typed or chose; the summary's breakdowns are frozen before they go.",
        label=_l("Answers to the registration questions"),
        columns=("value",),
        about_registrations=of_registrations(Answer.registration_id),
        download=rows.download_answers, download_key="answers",
    ),
    Declaration(
        "join_clicks", DELETED,
        "When a registrant clicked \"Join now\" on their join page; the summary's figures are frozen before.",
        label=_l("Clicks on the join page"),
        about_registrations=of_registrations(JoinClick.registration_id),
        download=download_of_registrations(
            JoinClick.registration_id, JoinClick.first_clicked_at, JoinClick.last_clicked_at, JoinClick.clicks
        ),
        download_key="join_clicks",
    ),
    Declaration(
        "feedback_answers", DELETED,
        "A registrant's answers to the organizer's own feedback questions.",
        label=_l("Answers to the feedback survey's questions"),
        columns=("value",),
        about_registrations=lambda ids: FeedbackAnswer.response_id.in_(
            select(FeedbackResponse.id).where(FeedbackResponse.registration_id.in_(in_ids(ids))).scalar_subquery()
        ),
        download=lambda ids: select(FeedbackQuestion.label.label("question"), FeedbackAnswer.value.label("answer"))
        .join(FeedbackQuestion, FeedbackQuestion.id == FeedbackAnswer.question_id)
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .where(FeedbackResponse.registration_id.in_(in_ids(ids)))
        .order_by(FeedbackQuestion.position, FeedbackQuestion.id),
        download_key="feedback_answers",
    ),
    Declaration(
        "feedback_responses", ANONYMIZED,
        "The rating and recommendation stay (they belong to an anonymized registration, and the summary's"
        " average and NPS read them); the free comment goes.",
        label=_l("Feedback"),
        columns=("comment",),
        kept_columns=("rating", "recommendation"),
        about_registrations=of_registrations(FeedbackResponse.registration_id),
        webinar_column="webinar_id",
        anonymized_values=blanked("comment"),
        still_personal=any_set(FeedbackResponse.comment),
        download=download_of_registrations(
            FeedbackResponse.registration_id,
            FeedbackResponse.rating, FeedbackResponse.recommendation, FeedbackResponse.comment,
        ),
        download_key="feedback",
    ),
    Declaration(
        "certificates", DELETED,
        "A certificate of attendance: the holder's name as printed, minutes attended; it stops being verifiable"
        " when it goes with the registrant's data.",
        label=_l("Certificates of attendance"),
        columns=("holder_name",),
        about_registrations=of_registrations(Certificate.registration_id),
        webinar_column="webinar_id",
        download=download_of_registrations(
            Certificate.registration_id,
            Certificate.code, Certificate.holder_name, Certificate.minutes_attended, Certificate.issued_at,
            Certificate.revoked_at,
        ),
        download_key="certificates",
    ),
    Declaration(
        "personal_links", DELETED,
        "Registrants' links (hashed tokens) go with their data; signing links are kept with the "
        "signatory (a legal record), invitations' links with the invitation.",
        label=_l("Personal links"),
        columns=("token_hash",),
        about_registrations=of_registrations(PersonalLink.registration_id),
        download=download_of_registrations(
            PersonalLink.registration_id, PersonalLink.created_at, PersonalLink.revoked_at, order_by=[PersonalLink.id]
        ),
        download_key="personal_links",
    ),
    Declaration(
        "registrant_message_deliveries", DELETED,
        "Which of the organizer's messages to a group a registrant was sent (the e-mail itself is in the outbox).",
        label=_l("Messages from the organizer received"),
        about_registrations=of_registrations(RegistrantMessageDelivery.registration_id),
        webinar_column="webinar_id",
        download=lambda ids: select(
            func.coalesce(RegistrantMessage.subject_fr, RegistrantMessage.subject_en).label("subject"),
            RegistrantMessageDelivery.created_at,
        )
        .join(RegistrantMessage, RegistrantMessage.id == RegistrantMessageDelivery.message_id)
        .where(RegistrantMessageDelivery.registration_id.in_(in_ids(ids)))
        .order_by(RegistrantMessageDelivery.id),
        download_key="messages_from_the_organizer",
    ),
    Declaration(
        "registrant_messages", DELETED,
        "The organizer's messages to a group of registrants: their text may name people, and a filtered list's"
        " search may be a name; kept with the webinar until the end of its retention period.",
        label=_l("Messages to registrants"),
        columns=("filter_search", "subject_fr", "body_fr", "subject_en", "body_en"),
        webinar_column="webinar_id",
    ),
    Declaration(
        "webinar_email_texts", DELETED,
        "A webinar's own wording of its confirmations, reminders and follow-ups: written by the organizer, it may"
        " name people; it goes with the webinar's other rows at the end of its retention period.",
        label=_l("Texts of the e-mails"),
        columns=("subject", "body"),
        webinar_column="webinar_id",
    ),
    Declaration(
        "reminder_deliveries", DELETED,
        "Which reminders a registrant was sent.",
        label=_l("Reminders sent"),
        about_registrations=of_registrations(ReminderDelivery.registration_id),
        webinar_column="webinar_id",
        download=download_of_registrations(
            ReminderDelivery.registration_id,
            ReminderDelivery.minutes_before, ReminderDelivery.for_starts_at, ReminderDelivery.sent,
            ReminderDelivery.created_at,
            order_by=[ReminderDelivery.id],
        ),
        download_key="reminders",
    ),
    Declaration(
        "summary_follow_ups", DELETED,
        "Which follow-up a registrant was sent after the webinar.",
        label=_l("Follow-ups sent"),
        about_registrations=of_registrations(FollowUp.registration_id),
        webinar_column="webinar_id",
        download=download_of_registrations(
            FollowUp.registration_id, FollowUp.kind, FollowUp.sent_at, order_by=[FollowUp.id]
        ),
        download_key="follow_ups",
    ),
    Declaration(
        "attendance_imports", DELETED,
        "An uploaded attendance report (participants' names and addresses), kept until the worker has read it"
        " (its content is emptied then); the row, with the file's name, goes with the webinar's other rows.",
        label=_l("Uploaded attendance reports"),
        columns=("filename", "content", "error"),
        webinar_column="webinar_id",
    ),
    Declaration(
        "attendance_unmatched", DELETED,
        "Names and addresses from imported attendance reports.",
        label=_l("Rows of attendance reports"),
        columns=("match_key", "name", "email"),
        about_registrations=rows.report_rows_of_registrants,
        webinar_column="webinar_id",
        about_address=lambda organization_id, address: and_(
            UnmatchedAttendance.webinar_id.in_(rows.webinars_of(organization_id)),
            or_(func.lower(UnmatchedAttendance.email) == address, UnmatchedAttendance.match_key == address),
        ),
        download=rows.download_report_rows, download_key="attendance_report_rows",
    ),
    Declaration(
        "webhook_attempts", DELETED,
        "The first bytes of a webhook receiver's answers, which may repeat what it was sent; they go with the event.",
        label=_l("Answers of webhook receivers"),
        columns=("response_excerpt", "error"),
        about_registrations=lambda ids: attempts_of_events(WebhookEvent.registration_id.in_(in_ids(ids))),
        of_webinar=lambda webinar_id: attempts_of_events(WebhookEvent.webinar_id == webinar_id),
        expired=lambda now: attempts_of_events(WebhookEvent.created_at < now - EVENTS_KEPT),
    ),
    Declaration(
        "webhook_events", DELETED,
        "Webhook payloads name registrants (name, address) and signatories: kept 30 days once delivered,"
        " erased with the registration or the webinar; their deliveries and attempts go with them.",
        label=_l("Events sent to the organization's webhooks"),
        columns=("payload",),
        about_registrations=of_registrations(WebhookEvent.registration_id),
        webinar_column="webinar_id",
        expired=lambda now: and_(WebhookEvent.created_at < now - EVENTS_KEPT, rows.webhook_events_settled()),
        download=download_of_registrations(
            WebhookEvent.registration_id,
            WebhookEvent.type, WebhookEvent.sequence, WebhookEvent.occurred_at, WebhookEvent.payload,
            order_by=[WebhookEvent.sequence],
        ),
        download_key="webhook_events",
    ),
    Declaration(
        "outbox_attachments", DELETED,
        "Files sent with an e-mail (calendar invites, an agreement's signed PDF: the agreement keeps its own).",
        label=_l("E-mail attachments"),
        columns=("filename", "content"),
        about_registrations=rows.attachments_of_messages,
        of_webinar=lambda webinar_id: attachments_of(
            and_(OutboxMessage.webinar_id == webinar_id, rows.messages_settled())
        ),
        about_address=lambda organization_id, address: attachments_of(
            and_(rows.sent_to_address(organization_id, address), rows.messages_settled())
        ),
        past_retention=lambda organization_id, cutoff: attachments_of(
            rows.organization_mail_past_retention(organization_id, cutoff)
        ),
        download=rows.download_attachments, download_key="message_attachments",
    ),
    Declaration(
        "outbox_messages", DELETED,
        "Every e-mail: address, name, text (with personal links), the server's answer.",
        label=_l("E-mails"),
        columns=("to_address", "to_name", "subject", "text_body", "html_body", "calendar", "link_token", "last_error"),
        about_registrations=rows.sent_to_registrants,
        webinar_column="webinar_id",
        about_address=rows.sent_to_address,
        past_retention=rows.organization_mail_past_retention,
        erasable=rows.messages_settled,
        download=rows.download_messages, download_key="messages",
    ),
    Declaration(
        "invitations", DELETED,
        "A colleague's address, until the invitation is accepted or expires.",
        label=_l("Invitations to join the organization"),
        columns=("email",),
        about_address=at_address(Invitation.organization_id, Invitation.email),
        past_retention=lambda organization_id, cutoff: and_(
            Invitation.organization_id == organization_id,
            func.coalesce(Invitation.accepted_at, Invitation.expires_at) < cutoff,
        ),
    ),
    # Rows of no use once old enough: table, why, label, personal columns, the time they are counted from, how long kept.
    *(
        Declaration(table, DELETED, why, label=label, columns=columns, expired=older_than(since, kept))
        for table, why, label, columns, since, kept in (
            (
                "password_reset_requests",
                "An address typed into \"Forgot your password?\", deleted by the worker once answered (seconds"
                " later); one left behind by a lost wake-up goes after a day.",
                _l("Password reset requests"), ("email",), PasswordResetRequest.requested_at, EXPIRED_RESET_KEPT,
            ),
            (
                "api_idempotent_requests",
                "The first answer to an API request sent with an Idempotency-Key (it may name a registrant),"
                " replayed to retries for 24 hours, then deleted.",
                _l("Answers kept for retried API requests"), ("body",), IdempotentRequest.created_at,
                IDEMPOTENT_ANSWER_KEPT,
            ),
            (
                "password_resets", "A reset link's hash, of no use once expired.",
                _l("Password reset links"), ("token_hash",), PasswordReset.expires_at, EXPIRED_RESET_KEPT,
            ),
        )
    ),
    Declaration(
        "speaker_slides", DELETED,
        "A speaker's slides (their work, often with their name and photo), kept with the webinar until the end"
        " of its retention period.",
        label=_l("Speakers' slides"),
        columns=("filename", "content"),
        webinar_column="webinar_id",
        about_address=lambda organization_id, address: SpeakerSlides.participation_id.in_(
            select(Participation.id).where(Participation.person_id.in_(rows.people_at_address(organization_id, address)))
            .scalar_subquery()
        ),
    ),
    Declaration(
        "profile_proposals", DELETED,
        "Profile changes a speaker made that wait for the organizer's review: name, position, organization,"
        " biographies, links, photo.",
        label=_l("Speakers' profile changes waiting for review"),
        columns=("full_name", "position", "affiliation", "bio", "bio_en", "links", "photo", "photo_content_type", "photo_hash"),
        about_address=lambda organization_id, address: ProfileProposal.person_id.in_(
            rows.people_at_address(organization_id, address)
        ),
        past_retention=lambda organization_id, cutoff: ProfileProposal.person_id.in_(
            select(Person.id).where(rows.people_past_retention(organization_id, cutoff)).scalar_subquery()
        ),
    ),
    Declaration(
        "speaker_spaces", DELETED,
        "A speaker's personal space in a webinar (their chosen time zone; their links point to it): it goes, with"
        " its links, with the webinar's other rows or when the speaker's data is erased.",
        label=_l("Speakers' personal spaces"),
        columns=("timezone",),
        webinar_column="webinar_id",
        about_address=lambda organization_id, address: SpeakerSpace.person_id.in_(
            rows.people_at_address(organization_id, address)
        ),
    ),
    Declaration(
        "people", ANONYMIZED,
        "Speakers and moderators: their e-mail, photo and biography go; their name, position and "
        "affiliation stay in the programme of the webinars they spoke at (public record).",
        label=_l("Speaker profiles"),
        columns=PROFILE_PERSONAL_COLUMNS,
        kept_columns=("full_name", "position", "affiliation"),
        about_address=at_address(Person.organization_id, Person.email),
        past_retention=rows.people_past_retention,
        anonymized_values=blanked(*PROFILE_PERSONAL_COLUMNS),
        # The photo's hash stands for the photo and its type, which are blanked with it.
        still_personal=any_set(Person.email, Person.bio, Person.bio_en, Person.links, Person.photo_hash),
    ),
    Declaration(
        "registrations", ANONYMIZED,
        "Names, address, organization, job title, country and city go; the row stays with its "
        "state, attendance and minutes, so counts and figures stay.",
        label=_l("Registrations"),
        columns=("email", "first_name", "last_name", "affiliation", "job_title", "country", "city"),
        about_registrations=rows.registration_rows,
        webinar_column="webinar_id",
        anonymized_values=rows.anonymized_registration,
        still_personal=lambda: Registration.anonymized_at.is_(None),
        download=rows.download_registration, download_key="registrations",
    ),
)
