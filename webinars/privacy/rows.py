"""How the declarations (registry.py) reach the rows about someone, and what of them a registrant downloads.

Each function returns a condition on one table (``about_*``: rows about given registrations or an
address; ``*_past_retention``: rows due at a cutoff) or, for the download, a SELECT of labelled
columns (never a token or its hash).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, String, and_, cast, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from webinars.events.models import Webinar
from webinars.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from webinars.people.models import Participation, Person
from webinars.registration.models import Answer, Question, Registration, UnmatchedAttendance
from webinars.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent

# Registrations, as a list of ids or a SELECT of ids.
RegistrationIds = Sequence[int] | Select

# The domain anonymized registrations' addresses are moved to: reserved, never delivered (RFC 2606).
ERASED_DOMAIN = "erased.invalid"


def in_ids(ids: RegistrationIds):
    """For ``IN``: a SELECT as a subquery, ids as a list."""
    return ids.scalar_subquery() if isinstance(ids, Select) else list(ids)


# --- Building blocks of the declarations -------------------------------------------------------


def of_registrations(column) -> Callable[[RegistrationIds], ColumnElement[bool]]:
    """Rows whose ``column`` (a key of registrations) is one of the given registrations."""
    return lambda ids: column.in_(in_ids(ids))


def download_of_registrations(column, *selected, order_by=()) -> Callable[[RegistrationIds], Select]:
    """The download of the ``selected`` columns of the rows whose ``column`` is one of the registrations."""

    def download(ids: RegistrationIds) -> Select:
        query = select(*selected).where(column.in_(in_ids(ids)))
        return query.order_by(*order_by) if order_by else query

    return download


def at_address(organization_column, email_column) -> Callable[[int, str], ColumnElement[bool]]:
    """Rows of the organization that hold the address (given lower-cased)."""
    return lambda organization_id, address: and_(
        organization_column == organization_id, func.lower(email_column) == address
    )


def blanked(*columns: str) -> Callable[[datetime], dict]:
    """Anonymized values that empty the columns."""
    return lambda now: dict.fromkeys(columns)


def older_than(column, kept: timedelta) -> Callable[[datetime], ColumnElement[bool]]:
    """Rows whose ``column`` is further in the past than ``kept``."""
    return lambda now: column < now - kept


def any_set(*columns) -> Callable[[], ColumnElement[bool]]:
    """Rows in which one of the columns still holds something."""
    return lambda: or_(*(column.is_not(None) for column in columns))


# --- How rows are reached ---------------------------------------------------------------------


def registration_rows(ids: RegistrationIds) -> ColumnElement[bool]:
    return Registration.id.in_(in_ids(ids))


def sent_to_registrants(ids: RegistrationIds) -> ColumnElement[bool]:
    """Messages about these registrations, and the others sent to their address for their webinar
    (reminders, calendar updates and follow-ups are written without a link to the registration)."""
    registrant = aliased(Registration)
    return or_(
        OutboxMessage.registration_id.in_(in_ids(ids)),
        exists().where(
            registrant.id.in_(in_ids(ids)),
            registrant.webinar_id == OutboxMessage.webinar_id,
            registrant.email == func.lower(OutboxMessage.to_address),
        ),
    )


def sent_to_address(organization_id: int, address: str) -> ColumnElement[bool]:
    return and_(OutboxMessage.organization_id == organization_id, func.lower(OutboxMessage.to_address) == address)


def report_rows_of_registrants(ids: RegistrationIds) -> ColumnElement[bool]:
    """Attendance report rows attached to these registrations, or naming their address for their webinar."""
    registrant = aliased(Registration)
    return or_(
        UnmatchedAttendance.registration_id.in_(in_ids(ids)),
        exists().where(
            registrant.id.in_(in_ids(ids)),
            registrant.webinar_id == UnmatchedAttendance.webinar_id,
            registrant.email == func.lower(UnmatchedAttendance.email),
        ),
    )


def webinars_of(organization_id: int):
    return select(Webinar.id).where(Webinar.organization_id == organization_id).scalar_subquery()


def messages_settled() -> ColumnElement[bool]:
    return OutboxMessage.status != OutboxStatus.SENDING


def organization_mail_past_retention(organization_id: int, cutoff: datetime) -> ColumnElement[bool]:
    """Invitations and the organization's other mail that is not about a webinar, settled before the cutoff."""
    return and_(
        OutboxMessage.organization_id == organization_id,
        OutboxMessage.webinar_id.is_(None),
        OutboxMessage.created_at < cutoff,
        OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
    )


def attachments_of(messages: ColumnElement[bool]) -> ColumnElement[bool]:
    return OutboxAttachment.message_id.in_(select(OutboxMessage.id).where(messages).scalar_subquery())


def people_at_address(organization_id: int, address: str):
    """The ids of the organization's speaker profiles with this address (given lower-cased)."""
    return (
        select(Person.id)
        .where(Person.organization_id == organization_id, func.lower(Person.email) == address)
        .scalar_subquery()
    )


def webhook_events_settled() -> ColumnElement[bool]:
    """Events none of whose deliveries is waiting or being sent (erasing one mid-send would lose it)."""
    return ~WebhookEvent.id.in_(
        select(WebhookDelivery.event_id)
        .where(WebhookDelivery.status.in_([OutboxStatus.QUEUED, OutboxStatus.RETRYING, OutboxStatus.SENDING]))
        .scalar_subquery()
    )


def attempts_of_events(events: ColumnElement[bool]) -> ColumnElement[bool]:
    return WebhookAttempt.delivery_id.in_(
        select(WebhookDelivery.id).join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id).where(events)
        .scalar_subquery()
    )


def anonymized_registration(now: datetime) -> dict:
    return {
        # Unique per webinar, and on a reserved domain that no message is ever sent to.
        "email": cast(Registration.id, String) + literal("@" + ERASED_DOMAIN),
        "first_name": "",
        "last_name": "",
        "affiliation": None,
        "job_title": None,
        "country": None,
        "city": None,
        "wants_future_events": False,
        "anonymized_at": now,
    }


def people_past_retention(organization_id: int, cutoff: datetime) -> ColumnElement[bool]:
    """Speakers not edited since the cutoff who took part in no webinar ending after it."""
    recent = (
        select(Participation.id)
        .join(Webinar, Webinar.id == Participation.webinar_id)
        .where(Participation.person_id == Person.id, Webinar.ends_at >= cutoff)
    )
    return and_(Person.organization_id == organization_id, Person.updated_at < cutoff, ~recent.exists())


# --- The registrant's download -----------------------------------------------------------------


def download_registration(ids: RegistrationIds) -> Select:
    return select(
        Webinar.title.label("webinar"),
        Webinar.starts_at.label("webinar_starts_at"),
        Registration.email,
        Registration.first_name,
        Registration.last_name,
        Registration.affiliation.label("organization"),
        Registration.job_title,
        Registration.country,
        Registration.city,
        Registration.language,
        Registration.state,
        Registration.consented_at,
        Registration.wants_future_events,
        Registration.created_at,
        Registration.updated_at,
        Registration.confirmed_at,
        Registration.cancelled_at,
        Registration.invite_sent_at,
        Registration.attended,
        Registration.joined_at,
        Registration.left_at,
        Registration.minutes_in_session,
    ).join(Webinar, Webinar.id == Registration.webinar_id).where(registration_rows(ids)).order_by(Registration.id)


def download_answers(ids: RegistrationIds) -> Select:
    return (
        select(Question.label.label("question"), Answer.value.label("answer"))
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.registration_id.in_(in_ids(ids)))
        .order_by(Question.position, Question.id, Answer.id)
    )


def download_messages(ids: RegistrationIds) -> Select:
    # The text as sent; the personal links in it are taken out by download.py (they still work).
    return (
        select(
            OutboxMessage.id.label("message"),
            OutboxMessage.kind,
            OutboxMessage.to_address,
            OutboxMessage.to_name,
            OutboxMessage.subject,
            OutboxMessage.text_body,
            OutboxMessage.status,
            OutboxMessage.created_at,
            OutboxMessage.sent_at,
            OutboxMessage.last_error,
        )
        .where(sent_to_registrants(ids))
        .order_by(OutboxMessage.id)
    )


def attachments_of_messages(ids: RegistrationIds) -> ColumnElement[bool]:
    return attachments_of(sent_to_registrants(ids))


def download_attachments(ids: RegistrationIds) -> Select:
    return (
        select(OutboxAttachment.message_id.label("message"), OutboxAttachment.filename, OutboxAttachment.content_type)
        .where(attachments_of_messages(ids))
        .order_by(OutboxAttachment.id)
    )


def download_report_rows(ids: RegistrationIds) -> Select:
    return (
        select(
            UnmatchedAttendance.name,
            UnmatchedAttendance.email,
            UnmatchedAttendance.role,
            UnmatchedAttendance.joined_at,
            UnmatchedAttendance.left_at,
            UnmatchedAttendance.minutes_in_session,
            UnmatchedAttendance.resolution,
        )
        .where(report_rows_of_registrants(ids))
        .order_by(UnmatchedAttendance.id)
    )
