"""Building the MIME message for an outbox row: a pure function, tested without the app."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy, default
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


class RepeatedHeadersPolicy(EmailPolicy):
    """Python's default e-mail policy, remembering the header values it has parsed and folded.

    A fan-out sends thousands of messages with the same From, Subject and part headers, and the
    email package parses and folds each one again, which is most of the cost of a message: on
    Python 3.11 folding a From with a long non-ASCII display name ("Fédération des entreprises —
    ...") alone takes about 5 ms (bench/README.md). Header objects are immutable, so what was
    computed for one message serves the next; the bytes are the same as the default policy's.
    """

    def header_store_parse(self, name, value):
        if type(value) is str:
            return _parsed_header(name, value)
        return super().header_store_parse(name, value)

    def fold_binary(self, name, value):
        # Generators fold with a clone of the policy (another line separator...): those settings are in the key.
        key = (id(value), name, self.linesep, self.max_line_length, self.utf8, self.cte_type)
        with _FOLDED_LOCK:
            known = _FOLDED.get(key)
        if known is not None and known[0] is value:
            return known[1]
        folded = super().fold_binary(name, value)
        with _FOLDED_LOCK:
            if len(_FOLDED) >= _FOLDED_LIMIT:
                _FOLDED.clear()
            # The header is kept alive with its result, so its id is not reused while the entry exists.
            _FOLDED[key] = (value, folded)
        return folded


@functools.lru_cache(maxsize=4096)
def _parsed_header(name: str, value: str):
    return default.header_store_parse(name, value)


_FOLDED: dict[tuple, tuple[object, bytes]] = {}
_FOLDED_LOCK = threading.Lock()
_FOLDED_LIMIT = 4096
# refold_source="none": a value set raw (``_set_address``) is already folded and stays as written.
POLICY = RepeatedHeadersPolicy(refold_source="none")


# Characters that make a display name a quoted-string in an address header (RFC 5322 "specials").
_SPECIALS = frozenset('()<>@,;:\\".[]')


def _set_address(message: EmailMessage, header: str, name: str, address: str) -> None:
    """``Name <address>``, which must stay ONE address however the header is folded.

    Python's folder (3.11) drops the quotes of a long display name with commas or quotes when it
    splits it across lines, so "A, b@c.example, and a long tail" turns into three recipients. An
    ASCII name with such characters is written here as a quoted-string and folded at its spaces
    (folding inside a quoted-string is allowed, RFC 5322 §3.2.4); the policy keeps that value as
    it is (``refold_source="none"``). Other names go through the header registry, whose folding
    is right for them (non-ASCII names become encoded words).
    """
    if not (name.isascii() and _SPECIALS.intersection(name)):
        message[header] = str(Address(name, addr_spec=address))  # as a string, the policy's cache knows it
        return
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    message.set_raw(header, _folded(f"{quoted} <{address}>", first_line_room=78 - len(header) - 2))


def _folded(value: str, first_line_room: int, width: int = 78) -> str:
    """``value`` split at spaces into lines that fit, continuation lines starting with the space."""
    lines, current, room = [], "", first_line_room
    for word in value.split(" "):
        if current and len(current) + 1 + len(word) > room:
            lines.append(current)
            current, room = word, width - 1
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n ".join(lines)


def build_message(envelope: Envelope) -> EmailMessage:
    """multipart/alternative (text, HTML, and the invite as text/calendar when there is one),
    wrapped in multipart/mixed with the invite attached as ``invite.ics`` (text/calendar too).

    Outlook and Gmail read the text/calendar alternative as an invitation; Apple
    Mail and Thunderbird also like the attachment. The ``method=`` parameter of
    the part always repeats the file's METHOD, or clients ignore the update.

    Raises ``ValueError`` when the envelope cannot make a message that SMTP can carry.
    """
    if not (envelope.to_address.isascii() and envelope.sender_address.isascii()):
        # Plain SMTP carries only ASCII addresses (forms accept no others: webinars/mail/addresses.py).
        raise ValueError(f"{envelope.to_address!r} is not an ASCII address")
    message = EmailMessage(policy=POLICY)
    message["Subject"] = envelope.subject
    # As strings, so that the policy recognizes a From it has seen before.
    _set_address(message, "From", envelope.sender_name, envelope.sender_address)
    _set_address(message, "To", envelope.to_name or "", envelope.to_address)
    message["Date"] = format_datetime(envelope.created_at)
    message["Message-ID"] = envelope.message_id
    message["Auto-Submitted"] = "auto-generated"
    # Every part is 7-bit (quoted-printable or base64), so a relay without 8BITMIME passes it intact.
    message.set_content(envelope.text_body, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(envelope.html_body, subtype="html", charset="utf-8", cte="quoted-printable")
    if envelope.calendar:
        method = envelope.calendar_method or "PUBLISH"
        calendar_params = {"charset": "utf-8", "method": method}  # RFC 6047: the METHOD again
        message.add_alternative(
            envelope.calendar, subtype="calendar", charset="utf-8", cte="quoted-printable", params={"method": method}
        )
        # As bytes, so the file keeps its CRLF line ends (RFC 5545) inside the base64.
        message.add_attachment(
            envelope.calendar.encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params=calendar_params,
        )
    for attachment in envelope.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype or "octet-stream", filename=attachment.filename
        )
    # After the parts: set_content() drops Content-* headers set before it.
    message["Content-Language"] = envelope.language
    return message
