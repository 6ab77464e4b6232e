"""Reminders: at each of a webinar's offsets, every confirmed registrant gets one e-mail.

Run every minute by the worker's sweep. Each (registrant, offset, start time)
is recorded in ``reminder_deliveries`` in the same transaction as the queued
mail, under the webinar's lock, so restarts and concurrent workers never send
a reminder twice; a worker that was down sends what is still due when it
comes back, but never after the webinar has started.

A large webinar's reminders are queued ``BATCH_SIZE`` at a time, one
transaction each: the other worker threads start delivering the first ones
while the rest are being written (bench/README.md, reminder fan-out).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, exists, insert, select

from webinars import clock
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.i18n import format_event_span
from webinars.joining.service import has_platform_link, join_page_url
from webinars.locks import lock_webinar
from webinars.personal_links import service as personal_links
from webinars.mail.service import queue_email
from webinars.messages import texts
from webinars.messages.models import TextKind
from webinars.messages.service import opening_values
from webinars.registration.models import Registration, RegistrationState
from webinars.reminders.models import ReminderDelivery
from webinars.urls import absolute_url

# Offsets are limited to a week, so candidates are webinars starting within a week.
LONGEST_OFFSET = timedelta(days=7)
BATCH_SIZE = 500


def send_due_reminders() -> int:
    """Queue every reminder that is due now; returns how many were queued. Commits per batch."""
    now = clock.now()
    candidates = db.session.scalars(
        select(Webinar.id).where(
            Webinar.status == WebinarStatus.PUBLISHED,
            Webinar.starts_at > now,
            Webinar.starts_at <= now + LONGEST_OFFSET,
        )
    ).all()
    queued = 0
    for webinar_id in candidates:
        while True:
            batch = _remind_for_webinar(webinar_id, now, BATCH_SIZE)
            db.session.commit()  # releases the lock: another worker may take the next batch
            queued += batch
            if batch < BATCH_SIZE:
                break
    return queued


def _remind_for_webinar(webinar_id: int, now, limit: int) -> int:
    """Queue up to ``limit`` of the webinar's due reminders that nobody has queued yet."""
    lock_webinar(webinar_id)
    webinar = db.session.get(Webinar, webinar_id, populate_existing=True)
    if webinar is None or webinar.status is not WebinarStatus.PUBLISHED or webinar.starts_at <= now:
        return 0
    due = [m for m in webinar.reminder_offsets if webinar.starts_at - timedelta(minutes=m) <= now]
    if not due:
        return 0
    nearest = min(due)
    for skipped in due:
        if skipped != nearest:
            _record(webinar, skipped, _not_yet_reminded(webinar, skipped), sent=False)
    recipients = _not_yet_reminded(webinar, nearest, limit)
    _record(webinar, nearest, recipients, sent=True)
    # Each reminder carries a new personal link to the registrant's join page (only hashes are
    # stored, so a link cannot be read back), written in one multi-row INSERT per batch.
    tokens = personal_links.issue_for_each(Registration, [r.id for r in recipients]) if has_platform_link(webinar) else [None] * len(recipients)
    # The date line is the same for every registrant of a language: formatted once, not 10,000 times.
    when_by_language: dict[str, str] = {}
    own_texts = texts.texts_of(webinar.id, TextKind.REMINDER)  # the webinar's own wording, if any: read once
    for registration, token in zip(recipients, tokens, strict=True):
        language = registration.language
        if language not in when_by_language:
            when_by_language[language] = format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, language)
        _queue_reminder(webinar, registration, when_by_language[language], token, own_texts.get(language))
    return len(recipients)


def _not_yet_reminded(webinar: Webinar, minutes: int, limit: int | None = None) -> list[Registration]:
    already = exists().where(
        and_(
            ReminderDelivery.registration_id == Registration.id,
            ReminderDelivery.minutes_before == minutes,
            ReminderDelivery.for_starts_at == webinar.starts_at,
        )
    )
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.webinar_id == webinar.id,
                Registration.state == RegistrationState.CONFIRMED,
                Registration.anonymized_at.is_(None),  # erased: nobody left to write to
                ~already,
            )
            .order_by(Registration.id)
            .limit(limit)
        )
    )


def _record(webinar: Webinar, minutes: int, registrations: list[Registration], sent: bool) -> None:
    if not registrations:
        return
    # A bulk INSERT: thousands of records are written, none is used as an object afterwards.
    db.session.execute(
        insert(ReminderDelivery),
        [
            {
                "webinar_id": webinar.id,
                "registration_id": registration.id,
                "minutes_before": minutes,
                "for_starts_at": webinar.starts_at,
                "sent": sent,
            }
            for registration in registrations
        ],
    )


def _queue_reminder(
    webinar: Webinar, registration: Registration, when: str, token: str | None, own_text: texts.OwnText | None = None
) -> None:
    context = {
        "registration": registration,
        "webinar": webinar,
        "when": when,
        "webinar_url": absolute_url(f"/webinars/{webinar.slug}"),
        # The join page, not the platform's link: it counts who joined (webinars/joining/).
        "join_url": join_page_url(token) if token else None,
    }
    if own_text is not None:
        values = opening_values(webinar, registration, registration.language, token, when=when)
        context.update(texts.opening(own_text, values).context())
    queue_email(
        kind="reminder",
        template="registration/reminder",
        to_address=registration.email,
        to_name=registration.full_name,
        language=registration.language,
        sender_name=webinar.organization.email_sender_name,
        organization_id=webinar.organization_id,
        webinar_id=webinar.id,
        context=context,
    )
