"""A real SMTP server for tests (aiosmtpd on a free loopback port) that records what it receives
and can be told to answer some recipients with a failure, to take its time over each message, or
to drop the connection."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import defaultdict, deque
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage
    raw: bytes = b""  # the DATA as it crossed the wire


class RecordingHandler:
    def __init__(self):
        self.received: list[Received] = []
        self.lock = threading.Lock()
        # address -> answers to give to RCPT TO, one per attempt ("451 ...", "550 ...").
        self.scripted_answers: dict[str, deque[str]] = defaultdict(deque)
        # Seconds each message waits at MAIL FROM (a slow server; other connections go on meanwhile).
        self.delay_per_message = 0.0
        # (command, message number) at which to close the connection without answering.
        self.drops: set[tuple[str, int]] = set()
        self.messages_started = 0  # MAIL FROM commands received
        self.started = threading.Condition(self.lock)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.started:
            self.messages_started += 1
            self.started.notify_all()
            envelope.number = self.messages_started
        if self._drops_at("MAIL", envelope, server):
            return "421 closing"  # never reaches the client: the connection is closed
        if self.delay_per_message:
            await asyncio.sleep(self.delay_per_message)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    def _drops_at(self, command: str, envelope, server) -> bool:
        with self.lock:
            if (command, envelope.number) not in self.drops:
                return False
            self.drops.discard((command, envelope.number))
        server.transport.close()
        return True

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answers = self.scripted_answers.get(address.lower())
        if answers:
            return answers.popleft()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self._drops_at("DATA", envelope, server):
            return "421 closing"  # the whole message was sent, and no answer comes: not received
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.handler = RecordingHandler()
        self.port = port or free_port()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def answer(self, address: str, *answers: str) -> None:
        """Script RCPT answers for an address, e.g. answer(a, '451 4.3.0 try later')."""
        self.handler.scripted_answers[address.lower()].extend(answers)

    def take_time(self, seconds: float) -> None:
        """Wait this long at each message's MAIL FROM, as a slow or distant server does."""
        self.handler.delay_per_message = seconds

    def drop_connection(self, at: str, message: int) -> None:
        """Close the connection without answering at the ``message``-th message's ``at`` ("MAIL", "DATA")."""
        self.handler.drops.add((at, message))

    def wait_for_messages_started(self, count: int, timeout: float = 30) -> None:
        """Until the server has seen ``count`` MAIL FROM commands."""
        with self.handler.started:
            assert self.handler.started.wait_for(
                lambda: self.handler.messages_started >= count, timeout
            ), f"{self.handler.messages_started} messages started, not {count}"

    def start(self) -> "SMTPServer":
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.received if address in r.recipients]
