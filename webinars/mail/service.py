"""Queueing e-mail: render it in the recipient's language and write it to the outbox,
inside the caller's transaction. Nothing is sent here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import insert, select

from webinars import clock
from webinars.accounts.models import Organization
from webinars.extensions import db
from webinars.mail.compose import Attachment
from webinars.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from webinars.organizations.brand import brand_for

# Set on the session when a message is queued; the commit hook (webinars/jobs.py)
# then wakes a worker. If waking fails, the periodic sweep still finds the row.
PENDING_FLAG = "outbox_has_new_messages"


def queue_email(
    *,
    kind: str,
    template: str,
    to_address: str,
    language: str,
    context: dict,
    to_name: str | None = None,
    sender_name: str | None = None,
    organization_id: int | None = None,
    webinar_id: int | None = None,
    calendar: str | None = None,
    calendar_method: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> OutboxMessage:
    """Render ``templates/emails/<template>.{subject.txt,txt,html}`` and add the message to the outbox."""
    subject, text_body, html_body = render_email(template, language, context)
    message = add_to_outbox(
        kind=kind,
        organization_id=organization_id,
        webinar_id=webinar_id,
        sender_name=sender_name or "Webinars",
        to_address=to_address,
        to_name=to_name,
        language=language,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        calendar=calendar,
        calendar_method=calendar_method,
    )
    # No flush for a message without attachments: a fan-out's thousands of rows then go
    # to the database in a few multi-row INSERTs at the next flush instead of one each.
    if attachments:
        db.session.flush()  # the attachments need the message's id
    for attachment in attachments:
        db.session.add(
            OutboxAttachment(
                message_id=message.id,
                filename=attachment.filename,
                content_type=attachment.content_type,
                content=attachment.content,
            )
        )
    return message


def add_to_outbox(**fields) -> OutboxMessage:
    """A new queued row, due now, with its Message-ID; the commit will wake a worker."""
    now = clock.now()
    message = OutboxMessage(
        **fields, message_id=new_message_id(), status=OutboxStatus.QUEUED, queued_at=now, next_attempt_at=now
    )
    db.session.add(message)
    db.session.info[PENDING_FLAG] = True
    return message


def add_row_to_outbox(**fields) -> None:
    """``add_to_outbox`` as one INSERT, without an object, for a message nobody reads again in the request
    (``registration_id`` instead of ``registration``)."""
    now = clock.now()
    values = dict(fields, message_id=new_message_id(), status=OutboxStatus.QUEUED, queued_at=now, next_attempt_at=now)
    db.session.execute(_outbox_insert(), values)
    db.session.info[PENDING_FLAG] = True


@cache
def _outbox_insert():
    return insert(OutboxMessage.__table__)


def render_email(template: str, language: str, context: dict) -> tuple[str, str, str]:
    """The subject, text and HTML of ``templates/emails/<template>.*`` in ``language``.

    A message about an organization's webinar carries its brand (``email_brand``: logo, colour,
    address and privacy notice in ``emails/_layout.html``)."""
    context = with_brand(context)
    with force_locale(language):
        # A webinar's own subject (webinars/messages/texts.py) replaces the built-in one.
        subject = context.get("custom_subject") or " ".join(
            render_template(f"emails/{template}.subject.txt", **context).split()
        )
        text_body = with_text_footer(render_template(f"emails/{template}.txt", **context), context)
        html_body = render_template(f"emails/{template}.html", **context)
    return subject, text_body, html_body


def with_brand(context: dict) -> dict:
    """``context`` with the brand of the organization it is about (``emails/_layout.html``)."""
    organization = _organization_of(context)
    if organization is None or "email_brand" in context:
        return context
    return {**context, "email_brand": brand_for(organization)}


def with_text_footer(text_body: str, context: dict) -> str:
    """The text version's footer, the same as the HTML version's: who sends it, where, the privacy notice."""
    if not context.get("email_brand"):
        return text_body
    return text_body.rstrip("\n") + "\n\n" + render_template("emails/_footer.txt", **context)


def _organization_of(context: dict) -> Organization | None:
    organization = context.get("organization")
    if not isinstance(organization, Organization):
        organization = getattr(context.get("webinar"), "organization", None)
    return organization if isinstance(organization, Organization) else None


def new_message_id() -> str:
    """A Message-ID fixed when the row is written, so every retry carries the same one."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<webinars.{uuid.uuid4().hex}@{host}>"


def resend(message: OutboxMessage) -> OutboxMessage:
    """The organizer's "Resend": a new outbox row with the same text and attachments, marked as a resend.

    Only a written message can be resent (``text_body`` set); the caller checks it.
    """
    copy = add_to_outbox(
        kind=message.kind,
        organization_id=message.organization_id,
        webinar_id=message.webinar_id,
        sender_name=message.sender_name,
        to_address=message.to_address,
        to_name=message.to_name,
        language=message.language,
        subject=message.subject,
        text_body=message.text_body,
        html_body=message.html_body,
        calendar=message.calendar,
        calendar_method=message.calendar_method,
        registration_id=message.registration_id,
        resent_from_id=message.id,
    )
    attachments = db.session.scalars(
        select(OutboxAttachment).where(OutboxAttachment.message_id == message.id).order_by(OutboxAttachment.id)
    ).all()
    if attachments:
        db.session.flush()
    for attachment in attachments:
        db.session.add(
            OutboxAttachment(
                message_id=copy.id,
                filename=attachment.filename,
                content_type=attachment.content_type,
                content=attachment.content,
            )
        )
    return copy


def retry_failed(message: OutboxMessage) -> None:
    """The organizer's "retry" on a failed message: due again now."""
    message.status = OutboxStatus.QUEUED
    message.queued_at = message.next_attempt_at = clock.now()
    message.last_error = None
    message.claimed_by = None
    db.session.info[PENDING_FLAG] = True
