"""Building the MIME message for an outbox row: a pure function, tested without the app."""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from datetime import datetime


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message."""

    filename: str
    content_type: str  # "application/pdf"
    content: bytes


@dataclass(frozen=True)
class Envelope:
    """What the message needs, taken from the outbox row."""

    message_id: str
    sender_address: str
    sender_name: str
    to_address: str
    to_name: str | None
    language: str
    subject: str
    text_body: str
    html_body: str
    created_at: datetime
    calendar: str | None = None
    calendar_method: str | None = None
    attachments: tuple[Attachment, ...] = ()


def build_message(envelope: Envelope) -> EmailMessage:
    """multipart/alternative (text, HTML, and the invite as text/calendar when there is one),
    wrapped in multipart/mixed with the invite attached as ``invite.ics``.

    Outlook and Gmail read the text/calendar alternative as an invitation; Apple
    Mail and Thunderbird also like the attachment. The ``method=`` parameter of
    the part always repeats the file's METHOD, or clients ignore the update.
    """
    message = EmailMessage()
    message["Subject"] = envelope.subject
    message["From"] = Address(envelope.sender_name, addr_spec=envelope.sender_address)
    message["To"] = Address(envelope.to_name or "", addr_spec=envelope.to_address)
    message["Date"] = format_datetime(envelope.created_at)
    message["Message-ID"] = envelope.message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(envelope.text_body, subtype="plain", charset="utf-8")
    message.add_alternative(envelope.html_body, subtype="html", charset="utf-8")
    if envelope.calendar:
        method = envelope.calendar_method or "PUBLISH"
        message.add_alternative(
            envelope.calendar, subtype="calendar", charset="utf-8", params={"method": method}
        )
        message.add_attachment(
            envelope.calendar.encode("utf-8"),
            maintype="application",
            subtype="ics",
            filename="invite.ics",
            params={"method": method},
        )
    for attachment in envelope.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype or "octet-stream", filename=attachment.filename
        )
    # After the parts: set_content() drops Content-* headers set before it.
    message["Content-Language"] = envelope.language
    return message
