"""A webinar's "E-mails" page: what the outbox holds for it, and a retry for failed messages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import load_only, selectinload

from webinars.events.access import webinar_for_organizer_or_404
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import format_local_date, format_local_time
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.mail.labels import STATUS_LABELS
from webinars.mail.models import OutboxAttachment
from webinars.mail.service import resend as resend_message
from webinars.mail.service import retry_failed
from webinars.mail.viewing import mask_personal_links, sanitized_email_html
from webinars.messages import service as messages_service
from webinars.timezones import to_local, utc_offset_label

bp = Blueprint("mail", __name__)

PER_PAGE = 50

# What each kind of message is called on the page; an unknown kind is shown as stored.
KIND_LABELS = {
    "received": _l("Registration confirmation"),
    "link_again": _l("Personal link again"),
    "promoted": _l("Waitlist promotion"),
    "approved": _l("Registration approved"),
    "waitlisted": _l("Placed on the waitlist"),
    "rejected": _l("Registration rejected"),
    "cancelled": _l("Registration cancelled"),
    "reminder": _l("Reminder"),
    "calendar_update": _l("Calendar update"),
    "webinar_cancelled": _l("Calendar cancellation"),
    # Kinds of later features (agreements, recap), named here so their rows read well from day one.
    "agreement_request": _l("Agreement signing request"),
    "follow_up": _l("Follow-up"),
    "invitation": _l("Invitation"),
    "password_reset": _l("Password reset"),
    "registrant_message": _l("Message to registrants"),
    "registrant_message_test": _l("Test of a message to registrants"),
}


# The page never needs the bodies (or the calendar part): only these columns are read.
LISTED_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.kind,
    OutboxMessage.to_address,
    OutboxMessage.to_name,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.next_attempt_at,
    OutboxMessage.sent_at,
    OutboxMessage.last_error,
    OutboxMessage.created_at,
    OutboxMessage.resent_from_id,
)


@dataclass(frozen=True)
class EmailRow:
    """One message as the page shows it, its times already in the webinar's zone."""

    id: int
    recipient: str
    kind: str
    status: OutboxStatus
    status_text: str
    error: str | None
    created: str
    is_resend: bool = False

    @property
    def can_retry(self) -> bool:
        return self.status is OutboxStatus.FAILED


def local_moment(moment: datetime, zone_name: str) -> str:
    """'2 Nov 2026 10:00 (UTC+1)': compact enough for a table; the zone's name is in the page's heading."""
    return (
        f"{format_local_date(moment, zone_name)} {format_local_time(moment, zone_name)}"
        f" ({utc_offset_label(to_local(moment, zone_name))})"
    )


def describe_status(message: OutboxMessage, zone_name: str) -> str:
    if message.status is OutboxStatus.SENT and message.sent_at:
        return _("Sent at %(time)s", time=local_moment(message.sent_at, zone_name))
    if message.status is OutboxStatus.RETRYING:
        return _(
            "Retrying — attempt %(number)s failed; next attempt at %(time)s",
            number=message.attempts,
            time=local_moment(message.next_attempt_at, zone_name),
        )
    return str(STATUS_LABELS.get(message.status, message.status))


def email_row(message: OutboxMessage, zone_name: str) -> EmailRow:
    recipient = f"{message.to_name} <{message.to_address}>" if message.to_name else message.to_address
    return EmailRow(
        id=message.id,
        recipient=recipient,
        kind=str(KIND_LABELS.get(message.kind, message.kind)),
        status=message.status,
        status_text=describe_status(message, zone_name),
        error=message.last_error if message.status in (OutboxStatus.RETRYING, OutboxStatus.FAILED) else None,
        created=local_moment(message.created_at, zone_name),
        is_resend=message.resent_from_id is not None,
    )


def status_counts(webinar: Webinar) -> dict[OutboxStatus, int]:
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.webinar_id == webinar.id)
            .group_by(OutboxMessage.status)
        ).all()
    )
    return {status: counts.get(status, 0) for status in STATUS_LABELS}


@dataclass(frozen=True)
class Page:
    number: int
    pages: int

    @property
    def exists(self) -> bool:
        return 1 <= self.number <= self.pages

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def messages_page(webinar: Webinar, page: Page) -> list[OutboxMessage]:
    """One page of the webinar's messages, newest first, without their bodies."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .options(load_only(*LISTED_COLUMNS))
            .where(OutboxMessage.webinar_id == webinar.id)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(PER_PAGE)
            .offset((page.number - 1) * PER_PAGE)
        )
    )


def message_of_webinar_or_404(webinar: Webinar, message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.webinar_id != webinar.id:
        abort(404)
    return message


@bp.route("/manage/webinars/<int:webinar_id>/emails")
@login_required
def webinar_emails(webinar_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    counts = status_counts(webinar)
    # The counts give the total: no second count query over the messages.
    pages = max(1, math.ceil(sum(counts.values()) / PER_PAGE))
    page = Page(request.args.get("page", 1, type=int), pages)
    if not page.exists:
        abort(404)
    return render_template(
        "mail/webinar_emails.html",
        webinar=webinar,
        page=page,
        rows=[email_row(message, webinar.timezone) for message in messages_page(webinar, page)],
        counts=[(str(STATUS_LABELS[status]), count) for status, count in counts.items()],
        group_messages=messages_service.messages_of(webinar) if page.number == 1 else [],
    )


@bp.post("/manage/webinars/<int:webinar_id>/emails/<int:message_id>/retry")
@login_required
def retry(webinar_id: int, message_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    message = message_of_webinar_or_404(webinar, message_id)
    if message.status is OutboxStatus.FAILED:
        address = message.to_address
        retry_failed(message)
        db.session.commit()
        flash(_("The message to %(address)s will be sent again.", address=address), "success")
    else:
        flash(_("Only a failed message can be retried."), "info")
    return redirect(url_for("mail.webinar_emails", webinar_id=webinar.id))


@dataclass(frozen=True)
class AttachmentRow:
    filename: str
    content_type: str
    size: str


def attachment_rows(message: OutboxMessage) -> list[AttachmentRow]:
    """The files sent with the message, by name, type and size (their content is not read)."""
    rows = [
        AttachmentRow(filename, content_type, format_size(size or 0))
        for filename, content_type, size in db.session.execute(
            select(OutboxAttachment.filename, OutboxAttachment.content_type, func.length(OutboxAttachment.content))
            .where(OutboxAttachment.message_id == message.id)
            .order_by(OutboxAttachment.id)
        )
    ]
    if message.calendar:
        rows.insert(0, AttachmentRow("invite.ics", "text/calendar", format_size(len(message.calendar.encode("utf-8")))))
    return rows


def format_size(size: int) -> str:
    if size < 1024:
        return _("%(size)s bytes", size=size)
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(round(size / 1024, 1)))
    return _("%(size)s MB", size=format_decimal(round(size / (1024 * 1024), 1)))


@bp.get("/manage/webinars/<int:webinar_id>/emails/<int:message_id>")
@login_required
def show(webinar_id: int, message_id: int):
    """One message as it was sent: subject, text, HTML (sanitized), attachments; personal links masked."""
    webinar = webinar_for_organizer_or_404(webinar_id, options=[selectinload(Webinar.organization)])
    message = message_of_webinar_or_404(webinar, message_id)
    return render_template(
        "mail/message.html",
        webinar=webinar,
        message=message,
        row=email_row(message, webinar.timezone),
        subject=mask_personal_links(message.subject),
        text_body=mask_personal_links(message.text_body),
        html_body=sanitized_email_html(message.html_body) if message.html_body else None,
        attachments=attachment_rows(message),
        can_resend=message.text_body is not None and message.status in (OutboxStatus.SENT, OutboxStatus.FAILED),
    )


@bp.post("/manage/webinars/<int:webinar_id>/emails/<int:message_id>/resend")
@login_required
def resend(webinar_id: int, message_id: int):
    webinar = webinar_for_organizer_or_404(webinar_id)
    message = message_of_webinar_or_404(webinar, message_id)
    if message.text_body is None or message.status not in (OutboxStatus.SENT, OutboxStatus.FAILED):
        flash(_("Only a message that was sent (or failed) can be sent again."), "info")
        return redirect(url_for("mail.show", webinar_id=webinar.id, message_id=message.id))
    address = message.to_address
    copy = resend_message(message)
    db.session.commit()
    flash(_("The message to %(address)s was queued again.", address=address), "success")
    return redirect(url_for("mail.show", webinar_id=webinar.id, message_id=copy.id))
