"""E-mails the worker writes just before sending them, instead of the request that queues them.

A registration's confirmation is most of a registration POST's work: its three templates,
its calendar invite, and the webinar's line-up and agenda that the invite describes. The
request now writes only the outbox row (who, which writer, which registration, the personal
link's token), in the same transaction as the registration, so nothing is lost if the
process dies; the worker writes the message from the registration as it is then, seconds
later, keeps the result in the row (the organizer's page and any retry see the same
message) and forgets the token.

Writers are registered by name by the features that own the messages
(``registration/notifications.py``), so the mail package does not depend on them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from webinars.mail.models import OutboxMessage
from webinars.mail.service import add_to_outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WrittenEmail:
    subject: str
    text_body: str
    html_body: str
    calendar: bytes | None = None
    calendar_method: str | None = None


Writer = Callable[[OutboxMessage], WrittenEmail]
Preloader = Callable[[list[OutboxMessage]], object]
_WRITERS: dict[str, Writer] = {}
_PRELOADERS: dict[str, Preloader] = {}


def writer(name: str, *, preload: Preloader | None = None) -> Callable[[Writer], Writer]:
    """Register the function that writes the messages queued with ``writer=name``.

    ``preload(messages)`` is called once per batch before that: it loads what the batch's
    messages need in a few queries (the objects it returns are kept until the batch is written),
    so that writing 50 confirmations of one webinar does not load its line-up 50 times.
    """

    def register(function: Writer) -> Writer:
        _WRITERS[name] = function
        if preload is not None:
            _PRELOADERS[name] = preload
        return function

    return register


def queue_unwritten_email(*, writer: str, registration: object, link_token: str | None = None, **fields) -> OutboxMessage:
    """Add a message to the outbox for the worker to write (``writer``) and then send.

    ``registration``: the one the message is about (``OutboxMessage.registration``), written or not;
    ``fields``: the row's other columns known now (kind, recipient, language, sender...).
    """
    return add_to_outbox(writer=writer, registration=registration, link_token=link_token, **fields)


def _preload(name: str, messages: list[OutboxMessage]) -> object:
    """The writer's preloading for these messages; without it (or if it fails) each message loads its own."""
    preload = _PRELOADERS.get(name)
    if preload is None:
        return None
    try:
        return preload(messages)
    except Exception:
        log.exception("Could not preload %s mail %s", name, [message.id for message in messages])
        return None


def write_unwritten(messages: Iterable[OutboxMessage]) -> dict[int, str]:
    """Write the messages that are not written yet; returns the id and reason of each that could not be.

    The caller commits: the written text stays with the row.
    """
    problems: dict[int, str] = {}
    unwritten = [message for message in messages if message.text_body is None]
    by_writer: dict[str, list[OutboxMessage]] = {}
    for message in unwritten:
        by_writer.setdefault(message.writer, []).append(message)
    # Held until the end: the session's identity map keeps loaded objects only while they are referenced.
    preloaded = [_preload(name, batch) for name, batch in by_writer.items()]  # noqa: F841
    for message in unwritten:
        try:
            written = _WRITERS[message.writer](message)
        except Exception as error:  # a template or data problem: this message fails, the batch goes on
            log.exception("Could not write mail %s (%s)", message.id, message.kind)
            problems[message.id] = f"the message could not be written: {error}"
            continue
        message.subject = written.subject
        message.text_body = written.text_body
        message.html_body = written.html_body
        message.calendar = written.calendar.decode("utf-8") if written.calendar is not None else None
        message.calendar_method = written.calendar_method
        message.link_token = None
    return problems
