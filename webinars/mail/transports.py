"""Where messages go: an SMTP server (``WEBINARS_SMTP_URL``), or .eml files in the instance folder."""

from __future__ import annotations

import functools
import io
import logging
import smtplib
import ssl
from contextlib import contextmanager
from email.generator import BytesGenerator
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator, Protocol
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)


class DeliveryFailure(Exception):
    """Sending failed; ``permanent`` says whether trying again can help."""

    def __init__(self, reason: str, permanent: bool):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class ConnectionLost(DeliveryFailure):
    """The connection dropped while sending. ``nothing_sent``: before the message's DATA command, so
    the server has none of it, and it can go again at once over a new connection."""

    def __init__(self, reason: str, nothing_sent: bool):
        super().__init__(reason, permanent=False)
        self.nothing_sent = nothing_sent


class Connection(Protocol):
    def send(self, message: EmailMessage, sender: str, recipient: str) -> None: ...


class Transport(Protocol):
    def connect(self) -> contextmanager: ...


class FileTransport:
    """The embedded default: each message becomes an .eml file a newcomer can open."""

    def __init__(self, folder: Path):
        self.folder = folder

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        self.folder.mkdir(parents=True, exist_ok=True)
        yield self

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        token = message["Message-ID"].strip("<>").split("@")[0]
        path = self.folder / f"{token}.eml"
        path.write_bytes(as_wire_bytes(message))
        log.info("Mail to %s written to %s (no SMTP server configured)", recipient, path)


def as_wire_bytes(message: EmailMessage) -> bytes:
    """The message byte for byte as SMTP carries it: lines end with CRLF (RFC 5322)."""
    buffer = io.BytesIO()
    BytesGenerator(buffer, policy=message.policy.clone(linesep="\r\n")).flatten(message)
    return buffer.getvalue()


class SMTPTransport:
    """``smtp://user:pass@host:587`` (STARTTLS when offered, required with a password),
    ``smtps://user:pass@host:465`` (TLS from the start), or ``smtp://localhost:25``."""

    def __init__(self, url: str, timeout: float = 30):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"WEBINARS_SMTP_URL must start with smtp:// or smtps://, not {parts.scheme}://")
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        try:
            client = self._open()
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailure(f"cannot reach {self.host}:{self.port}: {error}", permanent=False) from error
        try:
            yield _SMTPConnection(client)
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()

    def _open(self) -> smtplib.SMTP:
        if self.implicit_tls:
            client: smtplib.SMTP = _SMTPS(self.host, self.port, timeout=self.timeout, context=tls_context())
        else:
            client = _SMTP(self.host, self.port, timeout=self.timeout)
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=tls_context())
                client.ehlo()
            elif self.password:
                raise smtplib.SMTPException("the server offers no STARTTLS; refusing to send a password in clear")
        if self.username:
            client.login(self.username, self.password or "")
        return client


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One context per process: building it reads the system's CA certificates (about 50 ms),
    and the worker opens a connection for every batch of 50 messages."""
    return ssl.create_default_context()


class _NotesDataStart:
    """Notes when a message's DATA command starts: a connection lost before it has delivered
    nothing of the message (a server's idle timeout closes connections between messages)."""

    data_started = False

    def data(self, msg):
        self.data_started = True
        return super().data(msg)


class _SMTP(_NotesDataStart, smtplib.SMTP):
    pass


class _SMTPS(_NotesDataStart, smtplib.SMTP_SSL):
    pass


class _SMTPConnection:
    def __init__(self, client: smtplib.SMTP):
        self.client = client

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        self.client.data_started = False
        try:
            refused = self.client.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = error.recipients.get(recipient, (450, b"refused"))
            raise _failure(code, answer) from error
        except smtplib.SMTPSenderRefused as error:
            # Our own sender address refused: a configuration problem, not the recipient's.
            raise DeliveryFailure(_describe(error.smtp_code, error.smtp_error), permanent=False) from error
        except smtplib.SMTPResponseException as error:
            raise _failure(error.smtp_code, error.smtp_error) from error
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            raise ConnectionLost(f"connection lost: {error}", nothing_sent=not self.client.data_started) from error
        except smtplib.SMTPException as error:
            raise DeliveryFailure(str(error), permanent=False) from error
        if refused:
            code, answer = refused[recipient]
            raise _failure(code, answer)


def _describe(code: int, answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer
    return f"{code} {text}"


def _failure(code: int, answer: bytes | str) -> DeliveryFailure:
    return DeliveryFailure(_describe(code, answer), permanent=500 <= code < 600)
