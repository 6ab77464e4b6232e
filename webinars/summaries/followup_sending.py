"""The worker's job that sends the follow-ups an organizer asked for (followups.py).

Why the worker sends them, not the request: a webinar can have 100,000
confirmed registrants, and rendering that many e-mails (three templates each)
takes minutes. So the organizer's Send only records a ``FollowUpSending``, a
cheap row, and the worker sends it, the way calendar updates are sent
(webinars/invites/service.py): the request wakes a Huey task after its commit,
and the minute-by-minute sweep runs the same job if that wake-up is lost, so
the work itself lives in the database. The job goes through the registrants in
batches of ``BATCH_SIZE``. Each batch, under the webinar's lock, takes
registrants who have no follow-up yet, inserts their ``FollowUp`` rows and
queues their e-mails in the outbox in ONE transaction, and commits. So a
worker that dies loses at most its current batch (rolled back whole: no row
without its e-mail, no e-mail without its row), two workers or two organizers
never reach a registrant twice, memory stays flat whatever the audience, and
the organizer sees the counts grow while it runs. The request row goes once
nobody is left. The job commits per batch (it owns its transactions).
"""

from __future__ import annotations

import logging

from sqlalchemy import insert, select

from webinars import clock
from webinars.certificates import service as certificates
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.feedback import service as feedback
from webinars.locks import lock_webinar
from webinars.mail.service import queue_email
from webinars.messages import texts
from webinars.messages.models import TextKind
from webinars.messages.service import values_for
from webinars.personal_links import service as personal_links
from webinars.registration.models import Registration
from webinars.summaries.followup_emails import FollowUpContent
from webinars.summaries.followups import follow_up_kind, problems, still_to_follow_up, who_attended
from webinars.summaries.models import FollowUp, FollowUpKind, FollowUpSending
from webinars.summaries.service import summary_of
from webinars.urls import absolute_url

log = logging.getLogger(__name__)

# Registrants per transaction: a few seconds of rendering, short enough not to
# hold the webinar's lock (or SQLite's write lock) for long.
BATCH_SIZE = 500

OUTBOX_KIND = "follow_up"  # named "Follow-up" on the E-mails page


def _attendee_links(webinar: Webinar, attendee_ids: list[int], now) -> dict[int, dict[str, str | None]]:
    """Each attendee's links to the survey and to their certificate, when there is one to give:
    a new personal link each (only hashes are stored), written in one INSERT for the batch."""
    asks_feedback = feedback.is_enabled(webinar) and now < feedback.closes_at(webinar)
    with_certificate = certificates.eligible_ids(webinar, attendee_ids) if certificates.is_available(webinar, now) else set()
    needing = [registration_id for registration_id in attendee_ids if asks_feedback or registration_id in with_certificate]
    tokens = personal_links.issue_for_each(Registration, needing)
    links: dict[int, dict[str, str | None]] = {}
    for registration_id, token in zip(needing, tokens, strict=True):
        links[registration_id] = {
            "feedback_url": absolute_url(f"/r/{token}/feedback") if asks_feedback else None,
            "certificate_url": absolute_url(f"/r/{token}/certificate") if registration_id in with_certificate else None,
        }
    return links


def send_requested_follow_ups() -> int:
    """The worker's job: send every requested follow-up. Returns how many were queued. Commits per batch."""
    requested = db.session.scalars(
        select(FollowUpSending.webinar_id).order_by(FollowUpSending.requested_at, FollowUpSending.webinar_id)
    ).all()
    queued = 0
    for webinar_id in requested:
        after_id = 0
        while batch := _send_batch(webinar_id, after_id):
            db.session.commit()
            queued += len(batch)
            after_id = batch[-1]
        db.session.commit()  # the finished (or abandoned) request is removed
    return queued


def _send_batch(webinar_id: int, after_id: int = 0) -> list[int]:
    """Follow up the next registrants (by id, after ``after_id``) who have none yet; returns their ids.

    Each batch starts after the previous one's last registrant, so that the 200th batch of 100,000 does
    not first step over the 99,500 already followed up. (A registrant confirmed meanwhile with a lower id
    waits for the next "Send", which reaches whoever has no follow-up yet.)
    """
    lock_webinar(webinar_id)
    sending = db.session.get(FollowUpSending, webinar_id, populate_existing=True)
    if sending is None:
        return []  # another worker finished it
    webinar = db.session.get(Webinar, webinar_id, populate_existing=True)
    summary = summary_of(webinar)
    found = problems(webinar, summary)
    if found:
        # The summary was unpublished meanwhile, say: the rest waits for a new Send.
        log.info("Follow-ups of webinar %s stopped: %s", webinar_id, found[0])
        db.session.delete(sending)
        return []
    recipients = db.session.execute(
        select(
            Registration.id,
            Registration.email,
            Registration.first_name,
            Registration.last_name,
            Registration.language,
            who_attended(webinar_id).label("attended"),
        )
        .where(*still_to_follow_up(webinar_id), Registration.id > after_id)
        .order_by(Registration.id)
        .limit(BATCH_SIZE)
    ).all()
    if not recipients:
        db.session.delete(sending)
        return []
    now = clock.now()
    db.session.execute(
        insert(FollowUp),
        [
            {
                "webinar_id": webinar_id,
                "registration_id": recipient.id,
                "kind": follow_up_kind(recipient.attended),
                "sent_at": now,
                "sent_by_user_id": sending.requested_by_user_id,
            }
            for recipient in recipients
        ],
    )
    content = FollowUpContent.of(webinar, summary)
    links = _attendee_links(webinar, [recipient.id for recipient in recipients if recipient.attended], now)
    own_texts = {
        kind: texts.texts_of(webinar_id, text_kind)
        for kind, text_kind in ((FollowUpKind.THANKS, TextKind.FOLLOW_UP_THANKS), (FollowUpKind.MISSED, TextKind.FOLLOW_UP_MISSED))
    }
    for recipient in recipients:
        kind = follow_up_kind(recipient.attended)
        context = content.context(recipient.first_name, recipient.language, **links.get(recipient.id, {}))
        own_text = own_texts[kind].get(recipient.language)
        if own_text is not None:
            values = values_for(
                webinar,
                first_name=recipient.first_name,
                last_name=recipient.last_name,
                language=recipient.language,
                token=None,
                when=context["date"],
            )
            context.update(texts.opening(own_text, values).context())
        queue_email(
            kind=OUTBOX_KIND,
            template=content.template(kind),
            to_address=recipient.email,
            to_name=f"{recipient.first_name} {recipient.last_name}",
            language=recipient.language,
            sender_name=webinar.organization.email_sender_name,
            organization_id=webinar.organization_id,
            webinar_id=webinar_id,
            context=context,
        )
    return [recipient.id for recipient in recipients]
