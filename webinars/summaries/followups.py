"""Follow-up e-mails after a webinar: a thank-you to attendees, "sorry we missed you" to no-shows.

Who gets one: the confirmed registrants, attendees (``attended``) the thank-you
with the recording, the slides and the summary's link, the others the "sorry we
missed you" with the recording and the summary's link. Waitlisted, pending,
rejected and cancelled registrants get nothing. Each registrant gets at most
one follow-up, a rule of the database (the unique ``FollowUp.registration_id``):
sending again reaches only those who have none yet, such as someone the
organizer added after the event.

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
nobody is left.

Functions flush but never commit, except the worker's job, which commits per batch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, exists, func, insert, select

from webinars import clock
from webinars.accounts.models import User
from webinars.certificates import service as certificates
from webinars.events.models import Webinar
from webinars.feedback import service as feedback
from webinars.joining.models import JoinClick
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.locks import lock_webinar
from webinars.mail.service import queue_email
from webinars.messages import texts
from webinars.messages.models import TextKind
from webinars.messages.service import values_for
from webinars.personal_links import service as personal_links
from webinars.registration.models import Registration, RegistrationState
from webinars.summaries.models import FollowUp, FollowUpKind, FollowUpSending, SlideLink, Summary
from webinars.timezones import to_local
from webinars.urls import absolute_url

log = logging.getLogger(__name__)

# Registrants per transaction: a few seconds of rendering, short enough not to
# hold the webinar's lock (or SQLite's write lock) for long.
BATCH_SIZE = 500

OUTBOX_KIND = "follow_up"  # named "Follow-up" on the E-mails page


class FollowUpsRefused(Exception):
    """The follow-ups cannot be sent (yet); ``message`` says why, for the organizer."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


def summary_of(webinar: Webinar) -> Summary | None:
    return db.session.scalar(select(Summary).where(Summary.webinar_id == webinar.id))


def problems(webinar: Webinar, summary: Summary | None) -> list[str]:
    """Why the follow-ups cannot be sent now; empty when they can."""
    found = []
    if webinar.is_cancelled:
        found.append(_("This webinar was cancelled: there is nobody to follow up."))
    elif webinar.ends_at > clock.now():
        found.append(_("Follow-ups can be sent once the webinar has ended."))
    if summary is None or not summary.is_published:
        found.append(_("Publish the summary first: every follow-up links to it."))
    return found


def warnings(summary: Summary | None) -> list[str]:
    """What the organizer may want to fix before sending, though sending is allowed."""
    if summary is None or not summary.recording_url:
        return [_("There is no recording link: the follow-ups will go without a recording.")]
    return []


def _kind_of(attended: bool) -> FollowUpKind:
    return FollowUpKind.THANKS if attended else FollowUpKind.MISSED


def _attended(webinar_id: int) -> ColumnElement[bool]:
    """Who attended, for the follow-ups: as the summary counts them (summaries/figures.py), the
    organizers' record when there is one, else those who clicked "Join now" on their join page."""
    recorded = db.session.scalar(
        select(exists().where(Registration.webinar_id == webinar_id, Registration.attended.is_(True)))
    )
    if recorded:
        return Registration.attended.is_(True)
    return exists().where(JoinClick.registration_id == Registration.id)


def _has_follow_up() -> ColumnElement[bool]:
    return exists().where(FollowUp.registration_id == Registration.id)


def _still_to_follow_up(webinar_id: int) -> list[ColumnElement[bool]]:
    return [
        Registration.webinar_id == webinar_id,
        Registration.state == RegistrationState.CONFIRMED,
        Registration.anonymized_at.is_(None),  # erased: nobody left to write to
        ~_has_follow_up(),
    ]


@dataclass(frozen=True)
class FollowUpCounts:
    to_attendees: int  # thank-yous still to send
    to_no_shows: int  # "sorry we missed you" still to send
    sent_to_attendees: int
    sent_to_no_shows: int

    @property
    def to_send(self) -> int:
        return self.to_attendees + self.to_no_shows

    @property
    def already_sent(self) -> int:
        return self.sent_to_attendees + self.sent_to_no_shows

    @property
    def total(self) -> int:
        return self.to_send + self.already_sent


def follow_up_counts(webinar: Webinar) -> FollowUpCounts:
    """Two aggregate queries, whatever the number of registrants."""
    attended = _attended(webinar.id).label("attended")
    to_send = dict(
        db.session.execute(
            select(attended, func.count()).where(*_still_to_follow_up(webinar.id)).group_by(attended)
        ).all()
    )
    sent = dict(
        db.session.execute(
            select(FollowUp.kind, func.count()).where(FollowUp.webinar_id == webinar.id).group_by(FollowUp.kind)
        ).all()
    )
    return FollowUpCounts(
        to_attendees=to_send.get(True, 0),
        to_no_shows=to_send.get(False, 0),
        sent_to_attendees=sent.get(FollowUpKind.THANKS, 0),
        sent_to_no_shows=sent.get(FollowUpKind.MISSED, 0),
    )


def sending_of(webinar: Webinar) -> FollowUpSending | None:
    """The Send the worker is still working on, if any."""
    return db.session.get(FollowUpSending, webinar.id)


# --- What the e-mails say ---------------------------------------------------------------------


def local_date(webinar: Webinar, language: str) -> str:
    """'10 décembre 2026' or 'December 10, 2026': the day in the webinar's zone."""
    return format_date(to_local(webinar.starts_at, webinar.timezone), format="long", locale=language)


@dataclass(frozen=True)
class FollowUpContent:
    """What every follow-up of a webinar says, whoever it goes to."""

    webinar: Webinar
    recording_url: str | None
    slide_links: list[SlideLink]
    summary_url: str

    @classmethod
    def of(cls, webinar: Webinar, summary: Summary | None) -> FollowUpContent:
        return cls(
            webinar=webinar,
            recording_url=summary.recording_url if summary else None,
            slide_links=list(summary.slide_links) if summary else [],
            # Not url_for: the worker has no request to take the host from.
            summary_url=absolute_url(f"/webinars/{webinar.slug}/summary"),
        )

    def template(self, kind: FollowUpKind) -> str:
        return f"summaries/follow_up_{kind.value}"

    def context(
        self, first_name: str, language: str, *, feedback_url: str | None = None, certificate_url: str | None = None
    ) -> dict:
        """``feedback_url``, ``certificate_url``: the attendee's survey and certificate, behind their personal link."""
        return {
            "first_name": first_name,
            "webinar": self.webinar,
            "date": local_date(self.webinar, language),
            "recording_url": self.recording_url,
            "slide_links": self.slide_links,
            "summary_url": self.summary_url,
            "feedback_url": feedback_url,
            "certificate_url": certificate_url,
        }


@dataclass(frozen=True)
class EmailPreview:
    kind: FollowUpKind
    language_name: str
    subject: str
    text: str
    language: str = ""  # the e-mail's own language, for the page to mark it


def audience_languages(webinar: Webinar) -> list[str]:
    """The languages the follow-ups go out in: the webinar's, then any other its confirmed registrants chose."""
    chosen = set(
        db.session.scalars(
            select(Registration.language)
            .distinct()
            .where(Registration.webinar_id == webinar.id, Registration.state == RegistrationState.CONFIRMED)
        )
    )
    others = sorted(chosen & set(current_app.config["LANGUAGES"]) - {webinar.language.value})
    return [webinar.language.value, *others]


def previews(webinar: Webinar, summary: Summary | None, sample_first_name: str) -> list[EmailPreview]:
    """Each follow-up as it would read, addressed to ``sample_first_name``, in each language it goes out in."""
    content = FollowUpContent.of(webinar, summary)
    page_language = current_language()
    # What an attendee's personal links look like (each thank-you carries its own).
    sample_links = {
        "feedback_url": absolute_url("/r/…/feedback") if feedback.is_enabled(webinar) else None,
        "certificate_url": absolute_url("/r/…/certificate") if _certificates_on(webinar) else None,
    }
    shown = []
    for language in audience_languages(webinar):
        name = Locale.parse(language).get_display_name(page_language) or language
        language_name = name[:1].upper() + name[1:]  # "français" as a heading
        for kind in FollowUpKind:
            template = content.template(kind)
            with force_locale(language):
                context = content.context(
                    sample_first_name, language, **(sample_links if kind is FollowUpKind.THANKS else {})
                )
                subject = " ".join(render_template(f"emails/{template}.subject.txt", **context).split())
                text = render_template(f"emails/{template}.txt", **context)
            shown.append(EmailPreview(kind=kind, language_name=language_name, subject=subject, text=text, language=language))
    return shown


# --- Sending ----------------------------------------------------------------------------------


def request_sending(webinar: Webinar, organizer: User) -> int:
    """The organizer's Send: returns how many follow-ups will go out (0: everybody has one already).

    Raises ``FollowUpsRefused`` when they cannot be sent. The worker does the sending.
    """
    lock_webinar(webinar.id)  # a second organizer's click waits here, then finds this one's request
    summary = summary_of(webinar)
    found = problems(webinar, summary)
    if found:
        raise FollowUpsRefused(found[0])
    count = follow_up_counts(webinar).to_send
    if count and db.session.get(FollowUpSending, webinar.id) is None:
        db.session.add(
            FollowUpSending(webinar_id=webinar.id, requested_at=clock.now(), requested_by_user_id=organizer.id)
        )
        db.session.flush()
    return count


def _certificates_on(webinar: Webinar) -> bool:
    settings = certificates.settings_of(webinar.id)
    return settings is not None and settings.enabled


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


def wake_worker() -> None:
    """After the Send is committed, ask a worker to start now rather than at the next sweep."""
    try:
        current_app.extensions["wake_follow_ups"]()
    except Exception:  # the queue is down: the periodic sweep sends them
        log.warning("Could not wake the worker for follow-ups; the periodic sweep will send them", exc_info=True)


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
            _attended(webinar_id).label("attended"),
        )
        .where(*_still_to_follow_up(webinar_id), Registration.id > after_id)
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
                "kind": _kind_of(recipient.attended),
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
        kind = _kind_of(recipient.attended)
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
