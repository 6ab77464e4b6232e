"""Follow-up e-mails after a webinar: a thank-you to attendees, "sorry we missed you" to no-shows.

Who gets one: the confirmed registrants, attendees (``attended``) the thank-you
with the recording, the slides and the summary's link, the others the "sorry we
missed you" with the recording and the summary's link. Waitlisted, pending,
rejected and cancelled registrants get nothing. Each registrant gets at most
one follow-up, a rule of the database (the unique ``FollowUp.registration_id``):
sending again reaches only those who have none yet, such as someone the
organizer added after the event.

Here: whether they can be sent, how many, and the organizer's Send, which only
records a ``FollowUpSending`` for the worker (followup_sending.py) and wakes it.
What the e-mails say is in followup_emails.py. Functions flush but never commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, exists, func, select

from webinars import clock
from webinars.accounts.models import User
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.joining.models import JoinClick
from webinars.locks import lock_webinar
from webinars.registration.models import Registration, RegistrationState
from webinars.summaries.models import FollowUp, FollowUpKind, FollowUpSending, Summary
from webinars.summaries.service import summary_of

log = logging.getLogger(__name__)


class FollowUpsRefused(Exception):
    """The follow-ups cannot be sent (yet); ``message`` says why, for the organizer."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


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


def follow_up_kind(attended: bool) -> FollowUpKind:
    return FollowUpKind.THANKS if attended else FollowUpKind.MISSED


def who_attended(webinar_id: int) -> ColumnElement[bool]:
    """Who attended, for the follow-ups: as the summary counts them (summaries/attendance.py), the
    organizers' record when there is one, else those who clicked "Join now" on their join page."""
    recorded = db.session.scalar(
        select(exists().where(Registration.webinar_id == webinar_id, Registration.attended.is_(True)))
    )
    if recorded:
        return Registration.attended.is_(True)
    return exists().where(JoinClick.registration_id == Registration.id)


def _has_follow_up() -> ColumnElement[bool]:
    return exists().where(FollowUp.registration_id == Registration.id)


def still_to_follow_up(webinar_id: int) -> list[ColumnElement[bool]]:
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
    attended = who_attended(webinar.id).label("attended")
    to_send = dict(
        db.session.execute(
            select(attended, func.count()).where(*still_to_follow_up(webinar.id)).group_by(attended)
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


def wake_worker() -> None:
    """After the Send is committed, ask a worker to start now rather than at the next sweep."""
    try:
        current_app.extensions["wake_follow_ups"]()
    except Exception:  # the queue is down: the periodic sweep sends them
        log.warning("Could not wake the worker for follow-ups; the periodic sweep will send them", exc_info=True)
