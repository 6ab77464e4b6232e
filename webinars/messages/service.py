"""Messages to a group of registrants: who is in the group, writing each copy, sending in batches.

The organizer's Send only records the message (status SENDING); the worker queues it, the way
follow-ups are sent (``summaries/followup_sending.py``): the request wakes a Huey task after its commit,
the minute-by-minute sweep runs the same job if that wake-up is lost. Each batch, under the
webinar's lock, takes up to ``BATCH_SIZE`` registrants of the group who have no copy yet, writes
their ``RegistrantMessageDelivery`` rows and their e-mails in the outbox in ONE transaction, and
commits: a worker that dies loses at most its current batch (rolled back whole), two workers never
reach a registrant twice (the lock, and the unique (message, registration) behind it), and the
page shows the counts grow while it runs.

Each copy is written in the registrant's language when the organizer wrote that version, in the
other one otherwise; the placeholders are filled in from a fixed list (``messages/placeholders.py``),
and a copy that uses a link gets a new personal link (``personal_links``; earlier links keep working).

Functions flush but never commit, except the worker's job, which commits per batch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import Select, and_, exists, func, select

from webinars import clock
from webinars.mail.service import with_brand, with_text_footer
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.i18n import format_event_span
from webinars.joining.service import has_platform_link, join_page_url
from webinars.locks import lock_webinar
from webinars.mail.models import OutboxMessage, OutboxStatus
from webinars.mail.service import add_to_outbox
from webinars.markdown import render as render_markdown
from webinars.messages import placeholders
from webinars.messages.models import Audience, MessageStatus, RegistrantMessage, RegistrantMessageDelivery
from webinars.personal_links import service as personal_links
from webinars.registration import listing
from webinars.registration.models import Registration, RegistrationState
from webinars.urls import absolute_url

log = logging.getLogger(__name__)

BATCH_SIZE = 200
OUTBOX_KIND = "registrant_message"  # named "Message to registrants" on the E-mails page
TEST_KIND = "registrant_message_test"

_IN_THE_GROUPS = {
    Audience.CONFIRMED: lambda: Registration.state == RegistrationState.CONFIRMED,
    Audience.WAITLISTED: lambda: Registration.state == RegistrationState.WAITLISTED,
    Audience.PENDING: lambda: Registration.state == RegistrationState.PENDING,
    Audience.ATTENDED: lambda: Registration.attended.is_(True),
    Audience.NO_SHOWS: lambda: and_(Registration.state == RegistrationState.CONFIRMED, Registration.attended.is_(False)),
    Audience.EVERYONE: lambda: Registration.state.in_(
        [RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.PENDING]
    ),
}


@dataclass(frozen=True)
class Group:
    """Who a message goes to: a group, or the registrations page's filter."""

    audience: Audience
    state: RegistrationState | None = None
    search: str = ""

    @classmethod
    def of(cls, message: RegistrantMessage) -> Group:
        state = RegistrationState(message.filter_state) if message.filter_state else None
        return cls(message.audience, state, message.filter_search or "")

    def query(self, webinar_id: int) -> Select:
        """The registrations of the group, without the erased ones (nobody left to write to)."""
        if self.audience is Audience.FILTERED:
            query = listing._filtered(webinar_id, listing.Filters(search=self.search, state=self.state))
        else:
            query = select(Registration).where(Registration.webinar_id == webinar_id, _IN_THE_GROUPS[self.audience]())
        return query.where(Registration.anonymized_at.is_(None))


def recipient_count(webinar: Webinar, group: Group) -> int:
    return db.session.scalar(select(func.count()).select_from(group.query(webinar.id).subquery()))


# --- writing a copy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenCopy:
    language: str
    subject: str
    text_body: str
    html_body: str


def values_for(
    webinar: Webinar, *, first_name: str, last_name: str, language: str, token: str | None, when: str | None = None
) -> dict[str, str]:
    """What each placeholder stands for in one registrant's copy (``when``: the date, if already formatted)."""
    personal = absolute_url(f"/r/{token}") if token else absolute_url(f"/webinars/{webinar.slug}")
    return {
        "first_name": first_name,
        "last_name": last_name,
        "webinar_title": webinar.title,
        "webinar_date": when or format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language),
        "webinar_page": absolute_url(f"/webinars/{webinar.slug}"),
        # The join page counts who joined (webinars/joining/); without a platform link, the personal page.
        "join_link": join_page_url(token) if token and has_platform_link(webinar) else personal,
        "personal_link": personal,
        "organization_name": webinar.organization.name,
    }


def opening_values(webinar: Webinar, registration, language: str, token: str | None, *, when: str | None = None) -> dict[str, str]:
    """The placeholders' values for a registrant's confirmation, reminder or follow-up (``messages/texts.py``)."""
    return values_for(
        webinar,
        first_name=registration.first_name,
        last_name=registration.last_name,
        language=language,
        token=token,
        when=when,
    )


def write_copy(webinar: Webinar, language: str, subject: str, body: str, values: dict[str, str]) -> WrittenCopy:
    """One registrant's e-mail: placeholders filled in, the Markdown rendered and sanitized."""
    filled_subject = " ".join(placeholders.fill(subject, values, markdown=False).split())
    rendered = render_markdown(placeholders.fill(body, values, markdown=True))
    context = with_brand({"webinar": webinar, "subject": filled_subject, "body_html": rendered.html, "body_text": rendered.text})
    with force_locale(language):
        text_body = with_text_footer(render_template("emails/messages/message.txt", **context), context)
        html_body = render_template("emails/messages/message.html", **context)
    return WrittenCopy(language, filled_subject, text_body, html_body)


def preview(webinar: Webinar, language: str, subject: str, body: str, first_name: str, last_name: str) -> WrittenCopy:
    """The message as a registrant would get it, with example links (no personal link is issued)."""
    values = values_for(webinar, first_name=first_name, last_name=last_name, language=language, token=None)
    return write_copy(webinar, language, subject, body, values)


def send_test(webinar: Webinar, message: RegistrantMessage, user) -> list[OutboxMessage]:
    """"Send a test to me": each written version to the organizer, with their name and example links."""
    first_name, _, last_name = (user.full_name or user.email).partition(" ")
    sent = []
    for language in message.languages:
        subject, body = message.version(language)
        copy = preview(webinar, language, subject, body, first_name, last_name)
        sent.append(
            add_to_outbox(
                kind=TEST_KIND,
                organization_id=webinar.organization_id,
                webinar_id=webinar.id,
                sender_name=webinar.organization.email_sender_name,
                to_address=user.email,
                to_name=user.full_name,
                language=language,
                subject=copy.subject,
                text_body=copy.text_body,
                html_body=copy.html_body,
            )
        )
    return sent


# --- sending --------------------------------------------------------------------------------


def request_sending(webinar: Webinar, message: RegistrantMessage) -> None:
    """Record the message for the worker (it is sent after the caller's commit)."""
    message.organization_id = webinar.organization_id
    message.webinar_id = webinar.id
    message.status = MessageStatus.SENDING
    db.session.add(message)
    db.session.flush()


def wake_worker() -> None:
    try:
        current_app.extensions["wake_registrant_messages"]()
    except Exception:  # the queue is down: the periodic sweep sends them
        log.warning("Could not wake the worker for messages; the periodic sweep will send them", exc_info=True)


def send_requested_messages() -> int:
    """The worker's job: queue every message being sent. Returns how many copies were queued. Commits per batch."""
    requested = db.session.scalars(
        select(RegistrantMessage.id).where(RegistrantMessage.status == MessageStatus.SENDING).order_by(RegistrantMessage.id)
    ).all()
    queued = 0
    for message_id in requested:
        while True:
            count = send_batch(message_id)
            db.session.commit()  # releases the lock: another worker may take the next batch
            queued += count
            if count < BATCH_SIZE:
                break
    return queued


def send_batch(message_id: int, limit: int = BATCH_SIZE) -> int:
    """Queue the message for up to ``limit`` registrants of its group who have no copy yet."""
    webinar_id = db.session.scalar(select(RegistrantMessage.webinar_id).where(RegistrantMessage.id == message_id))
    if webinar_id is None:
        return 0
    lock_webinar(webinar_id)
    message = db.session.get(RegistrantMessage, message_id, populate_existing=True)
    if message is None or message.status is not MessageStatus.SENDING:
        return 0  # another worker finished it
    webinar = db.session.get(Webinar, webinar_id)
    already = exists().where(
        RegistrantMessageDelivery.message_id == message.id,
        RegistrantMessageDelivery.registration_id == Registration.id,
    )
    recipients = list(
        db.session.scalars(Group.of(message).query(webinar_id).where(~already).order_by(Registration.id).limit(limit))
    )
    uses_links = placeholders.needs_link(message.body_fr, message.body_en, message.subject_fr, message.subject_en)
    tokens: Iterable[str | None] = (
        personal_links.issue_for_each(Registration, [registration.id for registration in recipients])
        if uses_links
        else [None] * len(recipients)
    )
    for registration, token in zip(recipients, tokens, strict=True):
        language, subject, body = message.version_for(registration.language)
        values = values_for(
            webinar,
            first_name=registration.first_name,
            last_name=registration.last_name,
            language=language,
            token=token,
        )
        copy = write_copy(webinar, language, subject, body, values)
        outbox = add_to_outbox(
            kind=OUTBOX_KIND,
            organization_id=webinar.organization_id,
            webinar_id=webinar.id,
            sender_name=webinar.organization.email_sender_name,
            to_address=registration.email,
            to_name=registration.full_name,
            language=language,
            subject=copy.subject,
            text_body=copy.text_body,
            html_body=copy.html_body,
        )
        db.session.add(
            RegistrantMessageDelivery(
                message_id=message.id, webinar_id=webinar.id, registration_id=registration.id, outbox_message=outbox
            )
        )
    message.queued_count += len(recipients)
    if len(recipients) < limit:
        message.status = MessageStatus.SENT
        message.finished_at = clock.now()
    db.session.flush()
    return len(recipients)


@dataclass(frozen=True)
class Progress:
    queued: int
    sent: int
    failed: int
    finished: bool

    @property
    def waiting(self) -> int:
        return self.queued - self.sent - self.failed


def progress_of(message: RegistrantMessage) -> Progress:
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count())
            .join(RegistrantMessageDelivery, RegistrantMessageDelivery.outbox_message_id == OutboxMessage.id)
            .where(RegistrantMessageDelivery.message_id == message.id)
            .group_by(OutboxMessage.status)
        ).all()
    )
    return Progress(
        queued=message.queued_count,
        sent=counts.get(OutboxStatus.SENT, 0),
        failed=counts.get(OutboxStatus.FAILED, 0),
        finished=message.status is MessageStatus.SENT,
    )


def messages_of(webinar: Webinar) -> list[RegistrantMessage]:
    return list(
        db.session.scalars(
            select(RegistrantMessage)
            .where(RegistrantMessage.webinar_id == webinar.id)
            .order_by(RegistrantMessage.created_at.desc(), RegistrantMessage.id.desc())
        )
    )


RECIPIENTS_SHOWN = 100


def copies_of(message: RegistrantMessage, limit: int = RECIPIENTS_SHOWN) -> list[tuple[int, str, str | None, OutboxStatus]]:
    """The first copies of a message: (outbox id, address, name, status), without their bodies."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(OutboxMessage.id, OutboxMessage.to_address, OutboxMessage.to_name, OutboxMessage.status)
            .join(RegistrantMessageDelivery, RegistrantMessageDelivery.outbox_message_id == OutboxMessage.id)
            .where(RegistrantMessageDelivery.message_id == message.id)
            .order_by(RegistrantMessageDelivery.id)
            .limit(limit)
        )
    ]
