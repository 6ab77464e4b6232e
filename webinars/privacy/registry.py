"""Where personal data lives, and what happens to it: one declaration per table of the schema.

STYLE.md, "Personal data": every table that holds it is registered here. The retention job
(retention.py), the registrant's download (download.py) and the erasures (erasure.py) read only
these declarations, so a table declared here is anonymized, downloaded and erased with the others,
and ``tests/privacy/test_registry.py`` fails for any table of the metadata that is not declared
(a later feature adding a table declares it here).

Each declaration says how the table is handled:

* ``ANONYMIZED``: the personal columns are blanked and the row stays, so that counts and figures
  stay (a registration keeps its state, attendance and minutes);
* ``DELETED``: the rows about the person go;
* ``LEGAL_RECORD``: kept as it is (signed agreements and their audit trail, the erasures' audit);
* ``ACCOUNT``: an organizer's own account, kept while the account exists;
* ``NO_PERSONAL_DATA``: nothing to do.

and how its rows are reached (the conditions are in rows.py): ``about_registrations`` (rows about given registrations: the
download, the registrant's deletion, an owner's erasure, and a webinar's retention through all its
registrations), ``webinar_column`` / ``of_webinar`` (a webinar's other rows, at the end of its
retention period), ``about_address`` (an owner's erasure of an address across the organization),
``past_retention`` (rows of an organization that are not a webinar's) and ``expired`` (rows of the
whole instance that have no use left).

Order matters: rows are erased in the order of ``DECLARATIONS``, registrations last, because the
other tables find their rows through the registrations' addresses.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from webinars.accounts.models import Invitation, PasswordReset, PasswordResetRequest
from webinars.agreements.models import Agreement, Signatory
from webinars.api_tokens.models import IdempotentRequest
from webinars.certificates.models import Certificate
from webinars.feedback.models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse
from webinars.joining.models import JoinClick
from webinars.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from webinars.messages.models import RegistrantMessage, RegistrantMessageDelivery
from webinars.people.models import Participation, Person
from webinars.personal_links.models import PersonalLink
from webinars.privacy import rows
from webinars.privacy.rows import RegistrationIds, in_ids
from webinars.registration.models import Answer, Registration, UnmatchedAttendance
from webinars.reminders.models import ReminderDelivery
from webinars.speakers.models import ProfileProposal, SpeakerSlides, SpeakerSpace
from webinars.summaries.models import FollowUp
from webinars.webhooks.models import EVENTS_KEPT, WebhookAttempt, WebhookDelivery, WebhookEvent

# A password reset link works one hour; the row is kept a day longer (its page says "expired"), then goes.
EXPIRED_RESET_KEPT = timedelta(days=1)
# The answers kept for retried API requests (``Idempotency-Key``) are replayed for 24 hours, then go.
IDEMPOTENT_ANSWER_KEPT = timedelta(hours=24)


class Handling(enum.StrEnum):
    ANONYMIZED = "anonymized"
    DELETED = "deleted"
    LEGAL_RECORD = "legal record"
    ACCOUNT = "account"
    NO_PERSONAL_DATA = "no personal data"

    @property
    def holds_personal_data(self) -> bool:
        return self is not Handling.NO_PERSONAL_DATA

    @property
    def is_erased(self) -> bool:
        return self in (Handling.ANONYMIZED, Handling.DELETED)


@dataclass(frozen=True)
class Declaration:
    table: str
    handling: Handling
    why: str  # for the reader of this file and of the README
    label: object = None  # what the rows are, in an owner's words (a lazy string)
    columns: tuple[str, ...] = ()  # the columns holding personal data that is erased (or kept, for records)
    kept_columns: tuple[str, ...] = ()  # personal columns kept on purpose when the others are erased (``why`` says why)
    about_registrations: Callable[[RegistrationIds], ColumnElement[bool]] | None = None
    webinar_column: str | None = None
    of_webinar: Callable[[int], ColumnElement[bool]] | None = None
    about_address: Callable[[int, str], ColumnElement[bool]] | None = None
    past_retention: Callable[[int, datetime], ColumnElement[bool]] | None = None
    expired: Callable[[datetime], ColumnElement[bool]] | None = None
    # ANONYMIZED: the new values of the personal columns, and the rows that still hold the old ones.
    anonymized_values: Callable[[datetime], dict] | None = None
    still_personal: Callable[[], ColumnElement[bool]] | None = None
    # Rows that may be erased now (a message a worker is sending at this moment is not).
    erasable: Callable[[], ColumnElement[bool]] | None = None
    # The registrant's download: a SELECT of labelled columns (never a token or its hash) under ``download_key``.
    download: Callable[[RegistrationIds], Select] | None = None
    download_key: str | None = None

    def rows_of_webinar(self, webinar_id: int, table) -> ColumnElement[bool] | None:
        if self.of_webinar is not None:
            return self.of_webinar(webinar_id)
        if self.webinar_column is not None:
            return table.c[self.webinar_column] == webinar_id
        return None


def _webhook_events_settled():
    """Events none of whose deliveries is waiting or being sent (erasing one mid-send would lose it)."""
    return ~WebhookEvent.id.in_(
        select(WebhookDelivery.event_id)
        .where(WebhookDelivery.status.in_([OutboxStatus.QUEUED, OutboxStatus.RETRYING, OutboxStatus.SENDING]))
        .scalar_subquery()
    )


def _attempts_of_events(events: ColumnElement[bool]) -> ColumnElement[bool]:
    return WebhookAttempt.delivery_id.in_(
        select(WebhookDelivery.id).join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id).where(events)
        .scalar_subquery()
    )


# --- The declarations -------------------------------------------------------------------------

NONE = Handling.NO_PERSONAL_DATA

DECLARATIONS: tuple[Declaration, ...] = (
    # Rows that hang off a registration or a message first: they are found through the
    # registrations' addresses, which the last declaration erases.
    Declaration(
        "answers",
        Handling.DELETED,
        "What registrants typed or chose; the summary's breakdowns are frozen before they go.",
        label=_l("Answers to the registration questions"),
        columns=("value",),
        about_registrations=lambda ids: Answer.registration_id.in_(in_ids(ids)),
        download=rows.download_answers,
        download_key="answers",
    ),
    Declaration(
        "join_clicks",
        Handling.DELETED,
        "When a registrant clicked \"Join now\" on their join page; the summary's figures are frozen before.",
        label=_l("Clicks on the join page"),
        about_registrations=lambda ids: JoinClick.registration_id.in_(in_ids(ids)),
        download=lambda ids: select(JoinClick.first_clicked_at, JoinClick.last_clicked_at, JoinClick.clicks)
        .where(JoinClick.registration_id.in_(in_ids(ids))),
        download_key="join_clicks",
    ),
    Declaration(
        "feedback_answers",
        Handling.DELETED,
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
        "feedback_responses",
        Handling.ANONYMIZED,
        "The rating and recommendation stay (they belong to an anonymized registration, and the summary's"
        " average and NPS read them); the free comment goes.",
        label=_l("Feedback"),
        columns=("comment",),
        kept_columns=("rating", "recommendation"),
        about_registrations=lambda ids: FeedbackResponse.registration_id.in_(in_ids(ids)),
        webinar_column="webinar_id",
        anonymized_values=lambda now: {"comment": None},
        still_personal=lambda: FeedbackResponse.comment.is_not(None),
        download=lambda ids: select(FeedbackResponse.rating, FeedbackResponse.recommendation, FeedbackResponse.comment)
        .where(FeedbackResponse.registration_id.in_(in_ids(ids))),
        download_key="feedback",
    ),
    Declaration(
        "certificates",
        Handling.DELETED,
        "A certificate of attendance: the holder's name as printed, minutes attended; it stops being verifiable"
        " when it goes with the registrant's data.",
        label=_l("Certificates of attendance"),
        columns=("holder_name",),
        about_registrations=lambda ids: Certificate.registration_id.in_(in_ids(ids)),
        webinar_column="webinar_id",
        download=lambda ids: select(
            Certificate.code, Certificate.holder_name, Certificate.minutes_attended, Certificate.issued_at,
            Certificate.revoked_at,
        ).where(Certificate.registration_id.in_(in_ids(ids))),
        download_key="certificates",
    ),
    Declaration(
        "personal_links",
        Handling.DELETED,
        "Registrants' links (hashed tokens) go with their data; signing links are kept with the "
        "signatory (a legal record), invitations' links with the invitation.",
        label=_l("Personal links"),
        columns=("token_hash",),
        about_registrations=lambda ids: PersonalLink.registration_id.in_(in_ids(ids)),
        download=rows.download_links,
        download_key="personal_links",
    ),
    Declaration(
        "registrant_message_deliveries",
        Handling.DELETED,
        "Which of the organizer's messages to a group a registrant was sent (the e-mail itself is in the outbox).",
        label=_l("Messages from the organizer received"),
        about_registrations=lambda ids: RegistrantMessageDelivery.registration_id.in_(in_ids(ids)),
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
        "registrant_messages",
        Handling.DELETED,
        "The organizer's messages to a group of registrants: their text may name people, and a filtered list's"
        " search may be a name; kept with the webinar until the end of its retention period.",
        label=_l("Messages to registrants"),
        columns=("filter_search", "subject_fr", "body_fr", "subject_en", "body_en"),
        webinar_column="webinar_id",
    ),
    Declaration(
        "webinar_email_texts",
        Handling.DELETED,
        "A webinar's own wording of its confirmations, reminders and follow-ups: written by the organizer, it may"
        " name people; it goes with the webinar's other rows at the end of its retention period.",
        label=_l("Texts of the e-mails"),
        columns=("subject", "body"),
        webinar_column="webinar_id",
    ),
    Declaration(
        "reminder_deliveries",
        Handling.DELETED,
        "Which reminders a registrant was sent.",
        label=_l("Reminders sent"),
        about_registrations=lambda ids: ReminderDelivery.registration_id.in_(in_ids(ids)),
        webinar_column="webinar_id",
        download=rows.download_reminders,
        download_key="reminders",
    ),
    Declaration(
        "summary_follow_ups",
        Handling.DELETED,
        "Which follow-up a registrant was sent after the webinar.",
        label=_l("Follow-ups sent"),
        about_registrations=lambda ids: FollowUp.registration_id.in_(in_ids(ids)),
        webinar_column="webinar_id",
        download=rows.download_follow_ups,
        download_key="follow_ups",
    ),
    Declaration(
        "attendance_imports",
        Handling.DELETED,
        "An uploaded attendance report (participants' names and addresses), kept until the worker has read it"
        " (its content is emptied then); the row, with the file's name, goes with the webinar's other rows.",
        label=_l("Uploaded attendance reports"),
        columns=("filename", "content", "error"),
        webinar_column="webinar_id",
    ),
    Declaration(
        "attendance_unmatched",
        Handling.DELETED,
        "Names and addresses from imported attendance reports.",
        label=_l("Rows of attendance reports"),
        columns=("match_key", "name", "email"),
        about_registrations=rows.report_rows_of_registrants,
        webinar_column="webinar_id",
        about_address=lambda organization_id, address: and_(
            UnmatchedAttendance.webinar_id.in_(rows.webinars_of(organization_id)),
            or_(func.lower(UnmatchedAttendance.email) == address, UnmatchedAttendance.match_key == address),
        ),
        download=rows.download_report_rows,
        download_key="attendance_report_rows",
    ),
    Declaration(
        "webhook_attempts",
        Handling.DELETED,
        "The first bytes of a webhook receiver's answers, which may repeat what it was sent; they go with the event.",
        label=_l("Answers of webhook receivers"),
        columns=("response_excerpt", "error"),
        about_registrations=lambda ids: _attempts_of_events(WebhookEvent.registration_id.in_(in_ids(ids))),
        of_webinar=lambda webinar_id: _attempts_of_events(WebhookEvent.webinar_id == webinar_id),
        expired=lambda now: _attempts_of_events(WebhookEvent.created_at < now - EVENTS_KEPT),
    ),
    Declaration(
        "webhook_events",
        Handling.DELETED,
        "Webhook payloads name registrants (name, address) and signatories: kept 30 days once delivered,"
        " erased with the registration or the webinar; their deliveries and attempts go with them.",
        label=_l("Events sent to the organization's webhooks"),
        columns=("payload",),
        about_registrations=lambda ids: WebhookEvent.registration_id.in_(in_ids(ids)),
        webinar_column="webinar_id",
        expired=lambda now: and_(WebhookEvent.created_at < now - EVENTS_KEPT, _webhook_events_settled()),
        download=lambda ids: select(
            WebhookEvent.type, WebhookEvent.sequence, WebhookEvent.occurred_at, WebhookEvent.payload
        ).where(WebhookEvent.registration_id.in_(in_ids(ids))).order_by(WebhookEvent.sequence),
        download_key="webhook_events",
    ),
    Declaration(
        "outbox_attachments",
        Handling.DELETED,
        "Files sent with an e-mail (calendar invites, an agreement's signed PDF: the agreement keeps its own).",
        label=_l("E-mail attachments"),
        columns=("filename", "content"),
        about_registrations=rows.attachments_of_messages,
        of_webinar=lambda webinar_id: OutboxAttachment.message_id.in_(
            select(OutboxMessage.id).where(OutboxMessage.webinar_id == webinar_id, rows.messages_settled()).scalar_subquery()
        ),
        about_address=lambda organization_id, address: OutboxAttachment.message_id.in_(
            select(OutboxMessage.id).where(rows.sent_to_address(organization_id, address), rows.messages_settled()).scalar_subquery()
        ),
        past_retention=lambda organization_id, cutoff: OutboxAttachment.message_id.in_(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.organization_id == organization_id,
                OutboxMessage.webinar_id.is_(None),
                OutboxMessage.created_at < cutoff,
                OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
            )
            .scalar_subquery()
        ),
        download=rows.download_attachments,
        download_key="message_attachments",
    ),
    Declaration(
        "outbox_messages",
        Handling.DELETED,
        "Every e-mail: address, name, text (with personal links), the server's answer.",
        label=_l("E-mails"),
        columns=("to_address", "to_name", "subject", "text_body", "html_body", "calendar", "link_token", "last_error"),
        about_registrations=rows.sent_to_registrants,
        webinar_column="webinar_id",
        about_address=rows.sent_to_address,
        # Invitations and other mail of the organization that is not about a webinar.
        past_retention=lambda organization_id, cutoff: and_(
            OutboxMessage.organization_id == organization_id,
            OutboxMessage.webinar_id.is_(None),
            OutboxMessage.created_at < cutoff,
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
        ),
        erasable=rows.messages_settled,
        download=rows.download_messages,
        download_key="messages",
    ),
    Declaration(
        "invitations",
        Handling.DELETED,
        "A colleague's address, until the invitation is accepted or expires.",
        label=_l("Invitations to join the organization"),
        columns=("email",),
        about_address=lambda organization_id, address: and_(
            Invitation.organization_id == organization_id, func.lower(Invitation.email) == address
        ),
        past_retention=lambda organization_id, cutoff: and_(
            Invitation.organization_id == organization_id,
            func.coalesce(Invitation.accepted_at, Invitation.expires_at) < cutoff,
        ),
    ),
    Declaration(
        "password_reset_requests",
        Handling.DELETED,
        "An address typed into \"Forgot your password?\", deleted by the worker once answered (seconds later);"
        " one left behind by a lost wake-up goes after a day.",
        label=_l("Password reset requests"),
        columns=("email",),
        expired=lambda now: PasswordResetRequest.requested_at < now - EXPIRED_RESET_KEPT,
    ),
    Declaration(
        "api_idempotent_requests",
        Handling.DELETED,
        "The first answer to an API request sent with an Idempotency-Key (it may name a registrant),"
        " replayed to retries for 24 hours, then deleted.",
        label=_l("Answers kept for retried API requests"),
        columns=("body",),
        expired=lambda now: IdempotentRequest.created_at < now - IDEMPOTENT_ANSWER_KEPT,
    ),
    Declaration(
        "password_resets",
        Handling.DELETED,
        "A reset link's hash, of no use once expired.",
        label=_l("Password reset links"),
        columns=("token_hash",),
        expired=lambda now: PasswordReset.expires_at < now - EXPIRED_RESET_KEPT,
    ),
    Declaration(
        "speaker_slides",
        Handling.DELETED,
        "A speaker's slides (their work, often with their name and photo), kept with the webinar until the end"
        " of its retention period.",
        label=_l("Speakers' slides"),
        columns=("filename", "content"),
        webinar_column="webinar_id",
        about_address=lambda organization_id, address: SpeakerSlides.participation_id.in_(
            select(Participation.id).join(Person, Person.id == Participation.person_id)
            .where(Person.organization_id == organization_id, func.lower(Person.email) == address)
            .scalar_subquery()
        ),
    ),
    Declaration(
        "profile_proposals",
        Handling.DELETED,
        "Profile changes a speaker made that wait for the organizer's review: name, position, organization,"
        " biographies, links, photo.",
        label=_l("Speakers' profile changes waiting for review"),
        columns=("full_name", "position", "affiliation", "bio", "bio_en", "links", "photo", "photo_content_type", "photo_hash"),
        about_address=lambda organization_id, address: ProfileProposal.person_id.in_(
            select(Person.id).where(Person.organization_id == organization_id, func.lower(Person.email) == address)
            .scalar_subquery()
        ),
        past_retention=lambda organization_id, cutoff: ProfileProposal.person_id.in_(
            select(Person.id).where(rows.people_past_retention(organization_id, cutoff)).scalar_subquery()
        ),
    ),
    Declaration(
        "speaker_spaces",
        Handling.DELETED,
        "A speaker's personal space in a webinar (their chosen time zone; their links point to it): it goes, with"
        " its links, with the webinar's other rows or when the speaker's data is erased.",
        label=_l("Speakers' personal spaces"),
        columns=("timezone",),
        webinar_column="webinar_id",
        about_address=lambda organization_id, address: SpeakerSpace.person_id.in_(
            select(Person.id).where(Person.organization_id == organization_id, func.lower(Person.email) == address)
            .scalar_subquery()
        ),
    ),
    Declaration(
        "people",
        Handling.ANONYMIZED,
        "Speakers and moderators: their e-mail, photo and biography go; their name, position and "
        "affiliation stay in the programme of the webinars they spoke at (public record).",
        label=_l("Speaker profiles"),
        columns=("email", "bio", "bio_en", "links", "photo", "photo_content_type", "photo_hash"),
        kept_columns=("full_name", "position", "affiliation"),
        about_address=lambda organization_id, address: and_(
            Person.organization_id == organization_id, func.lower(Person.email) == address
        ),
        past_retention=rows.people_past_retention,
        anonymized_values=lambda now: {
            "email": None, "bio": None, "bio_en": None, "links": None,
            "photo": None, "photo_content_type": None, "photo_hash": None,
        },
        still_personal=lambda: or_(
            Person.email.is_not(None), Person.bio.is_not(None), Person.bio_en.is_not(None),
            Person.links.is_not(None), Person.photo_hash.is_not(None),
        ),
    ),
    Declaration(
        "registrations",
        Handling.ANONYMIZED,
        "Names, address, organization, job title, country and city go; the row stays with its "
        "state, attendance and minutes, so counts and figures stay.",
        label=_l("Registrations"),
        columns=("email", "first_name", "last_name", "affiliation", "job_title", "country", "city"),
        about_registrations=rows.registration_rows,
        webinar_column="webinar_id",
        anonymized_values=rows.anonymized_registration,
        still_personal=lambda: Registration.anonymized_at.is_(None),
        download=rows.download_registration,
        download_key="registrations",
    ),
    # Kept as they are.
    Declaration(
        "agreement_signatories",
        Handling.LEGAL_RECORD,
        "Who signed or declined, when, from which address (IP) and browser: the proof of a signature.",
        label=_l("Signatures of agreements"),
        columns=("full_name", "position", "email", "typed_name", "signature_png", "decline_reason", "ip_address", "user_agent"),
        about_address=lambda organization_id, address: and_(
            Signatory.agreement_id.in_(
                select(Agreement.id).where(Agreement.organization_id == organization_id).scalar_subquery()
            ),
            func.lower(Signatory.email) == address,
        ),
    ),
    Declaration(
        "agreement_events",
        Handling.LEGAL_RECORD,
        "The agreements' hash-chained audit trail (actors' names and addresses).",
        columns=("actor", "details"),
    ),
    Declaration(
        "agreements",
        Handling.LEGAL_RECORD,
        "The signed document and its PDF name the signatories.",
        columns=("body", "pdf"),
    ),
    Declaration(
        "personal_data_erasures",
        Handling.LEGAL_RECORD,
        "The audit of erasures: who asked and when; the erased address only as a keyed hash.",
        columns=("user_name", "address_digest"),
    ),
    Declaration(
        "users",
        Handling.ACCOUNT,
        "Organizers' accounts: name, address, password hash, kept while the account exists.",
        columns=("email", "full_name", "password_hash"),
    ),
    Declaration("memberships", Handling.ACCOUNT, "Which organizer belongs to which organization."),
    Declaration(
        "api_tokens",
        Handling.ACCOUNT,
        "An organization's API tokens: the name an owner gave, the token's hash; kept while the organization exists.",
        columns=("name", "token_hash"),
    ),
    # No personal data.
    Declaration("organizations", NONE, "The organization's own name, address and notice."),
    Declaration("webinars", NONE, "The organizer's webinar."),
    Declaration("feedback_surveys", NONE, "Whether a webinar's survey is on, and its settings."),
    Declaration("feedback_questions", NONE, "The organizer's own survey questions."),
    Declaration("certificate_settings", NONE, "Whether a webinar issues certificates, and from how many minutes."),
    Declaration("webinar_partners", NONE, "Partner organizations."),
    Declaration("agenda_items", NONE, "The programme."),
    Declaration("agenda_item_speakers", NONE, "Which profile speaks in which agenda item (the programme)."),
    Declaration("participations", NONE, "The line-up: which profile appears in which webinar."),
    Declaration("agreement_templates", NONE, "Texts with placeholders."),
    Declaration("questions", NONE, "The organizer's questions (the answers are in ``answers``)."),
    Declaration("registration_tallies", NONE, "Counts per state."),
    Declaration("pending_calendar_updates", NONE, "A webinar's previous time and title."),
    Declaration("summaries", NONE, "The recap, and figures frozen as counts only."),
    Declaration("summary_highlights", NONE, "The organizer's highlights."),
    Declaration("summary_key_figures", NONE, "The organizer's key figures."),
    Declaration("summary_quotes", NONE, "Speakers' words in their public role, part of the published recap."),
    Declaration("summary_slide_links", NONE, "Links to slides."),
    Declaration("summary_follow_up_sendings", NONE, "A pending Send of follow-ups."),
    Declaration("retention_runs", NONE, "When the retention job last ran."),
    Declaration("webhook_endpoints", NONE, "The organization's own receivers: address, events, signing secret."),
    Declaration("webhook_sequences", NONE, "The last event number of each organization."),
    Declaration("webhook_deliveries", NONE, "Which event went to which endpoint, when, and how it went (no payload)."),
)

BY_TABLE = {declaration.table: declaration for declaration in DECLARATIONS}


def declaration_of(table: str) -> Declaration:
    return BY_TABLE[table]


def erased() -> list[Declaration]:
    """The declarations whose rows are anonymized or deleted, in the order they are erased."""
    return [declaration for declaration in DECLARATIONS if declaration.handling.is_erased]


def downloaded() -> list[Declaration]:
    return [declaration for declaration in DECLARATIONS if declaration.download is not None]
