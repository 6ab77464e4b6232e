"""Keeping registrants' calendars right: updates after edits, cancellations.

* An edit of a published webinar's time, title, join link or description (as
  the calendar shows it: the text rendered from the Markdown, so saving the
  form back unchanged is no change) raises its SEQUENCE at once (the public
  file and the feed change with it) and opens a pending update; the periodic job sends ONE METHOD:REQUEST per
  confirmed registrant once nobody has edited the webinar for
  ``CALENDAR_UPDATE_QUIET_MINUTES``, saying what changed since the version
  they have.
* Cancelling the webinar tells confirmed, waitlisted and pending registrants
  in the same transaction; those who were sent an invite get a METHOD:CANCEL
  with the notice, the others (who never had one) the notice alone.

Functions flush but never commit, except the periodic job, which commits per webinar.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from webinars import clock
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.i18n import format_event_span
from webinars.invites import content
from webinars.invites.models import PendingCalendarUpdate
from webinars.locks import lock_webinar
from webinars.mail.service import queue_email
from webinars.registration.models import Registration, RegistrationState
from webinars.registration.service import new_link


@dataclass(frozen=True)
class CalendarFields:
    """What a calendar entry shows that, when it changes, registrants must be sent again."""

    starts_at: datetime
    ends_at: datetime
    title: str
    join_url: str | None
    text_digest: str
    # The public file and the feed show the join link as LOCATION and CONFERENCE only when it is
    # public; registrants' own invites always carry it, so this changes SEQUENCE but mails nobody.
    join_link_is_public: bool = False


def calendar_fields(webinar: Webinar) -> CalendarFields:
    return CalendarFields(
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        title=webinar.title,
        join_url=webinar.join_url,
        text_digest=text_digest(webinar.subtitle, webinar.description_rendered.text),
        join_link_is_public=content.join_link_is_public(webinar),
    )


def text_digest(subtitle: str | None, description_text: str | None) -> str:
    """Of the texts as the calendar shows them (the plain-text rendering of the Markdown)."""
    return hashlib.sha256(f"{(subtitle or '').strip()}\x00{(description_text or '').strip()}".encode()).hexdigest()


@dataclass(frozen=True)
class CalendarChanges:
    """What changed between the version registrants have and the current one."""

    previous: CalendarFields
    current: CalendarFields

    @property
    def time_changed(self) -> bool:
        return (self.previous.starts_at, self.previous.ends_at) != (self.current.starts_at, self.current.ends_at)

    @property
    def title_changed(self) -> bool:
        return self.previous.title != self.current.title

    @property
    def join_link_changed(self) -> bool:
        return self.previous.join_url != self.current.join_url

    @property
    def description_changed(self) -> bool:
        return self.previous.text_digest != self.current.text_digest

    def __bool__(self) -> bool:
        return self.time_changed or self.title_changed or self.join_link_changed or self.description_changed


def record_edit(webinar: Webinar, before: CalendarFields) -> bool:
    """Called after the organizer's edit is applied; ``before`` is what the webinar showed until now.

    Returns whether the calendar entry changed. Drafts have no calendar entry
    outside the app; a cancelled webinar's entry changes but nobody is mailed.
    """
    after = calendar_fields(webinar)
    changes = CalendarChanges(before, after)
    if webinar.is_draft or not (changes or before.join_link_is_public != after.join_link_is_public):
        return False
    # Calendar programs replace an entry only when its SEQUENCE grows.
    webinar.calendar_sequence += 1
    if webinar.is_published and changes:
        _open_pending_update(webinar, before)
    db.session.flush()
    return True


def _open_pending_update(webinar: Webinar, before: CalendarFields) -> None:
    lock_webinar(webinar.id)
    now = clock.now()
    pending = db.session.get(PendingCalendarUpdate, webinar.id)
    if pending is None:
        # The first edit since the last update: registrants' calendars show ``before``.
        pending = PendingCalendarUpdate(
            webinar_id=webinar.id,
            pending_since=now,
            previous_starts_at=before.starts_at,
            previous_ends_at=before.ends_at,
            previous_title=before.title,
            previous_join_url=before.join_url,
            previous_text_digest=before.text_digest,
        )
        db.session.add(pending)
    pending.last_change_at = now


def quiet_period() -> timedelta:
    return timedelta(minutes=current_app.config["CALENDAR_UPDATE_QUIET_MINUTES"])


def send_due_updates() -> int:
    """The periodic job: send each update whose webinar has not been edited for the quiet period.

    Returns how many update mails were queued. Commits per webinar.
    """
    now = clock.now()
    due = db.session.scalars(
        select(PendingCalendarUpdate.webinar_id)
        .join(Webinar, Webinar.id == PendingCalendarUpdate.webinar_id)
        # A webinar back in draft keeps its pending update until it is published again.
        .where(PendingCalendarUpdate.last_change_at <= now - quiet_period(), Webinar.status != WebinarStatus.DRAFT)
        .order_by(PendingCalendarUpdate.last_change_at)
    ).all()
    queued = 0
    for webinar_id in due:
        queued += _send_update(webinar_id, now)
        db.session.commit()
    return queued


def _send_update(webinar_id: int, now: datetime) -> int:
    lock_webinar(webinar_id)
    pending = db.session.get(PendingCalendarUpdate, webinar_id, populate_existing=True)
    if pending is None or pending.last_change_at > now - quiet_period():
        return 0  # another worker sent it, or the organizer edited again meanwhile
    webinar = db.session.get(Webinar, webinar_id, populate_existing=True)
    if webinar.is_draft:
        return 0  # unpublished meanwhile: the update waits for the next publication
    db.session.delete(pending)
    if webinar.is_cancelled:
        return 0  # its CANCEL went out already
    changes = CalendarChanges(_previous_fields(pending), calendar_fields(webinar))
    if not changes:
        return 0  # edited back to what registrants have
    recipients = [
        registration
        for registration in _registrations(webinar, RegistrationState.CONFIRMED)
        # Confirmed after the last edit: their invite is already the current one (when in doubt, send).
        if registration.confirmed_at is None or registration.confirmed_at <= pending.last_change_at
    ]
    for registration in recipients:
        _queue_update(registration, changes, now)
    db.session.flush()
    return len(recipients)


def _previous_fields(pending: PendingCalendarUpdate) -> CalendarFields:
    return CalendarFields(
        starts_at=pending.previous_starts_at,
        ends_at=pending.previous_ends_at,
        title=pending.previous_title,
        join_url=pending.previous_join_url,
        text_digest=pending.previous_text_digest,
    )


def _queue_update(registration: Registration, changes: CalendarChanges, now: datetime) -> None:
    webinar = registration.webinar
    # The invite carries a link to the personal page; only hashes are stored, so a new one is made
    # (the links of earlier messages keep working).
    token = new_link(registration)
    registration.invite_sent_at = registration.invite_sent_at or now
    _queue(
        registration,
        "invites/updated",
        kind="calendar_update",
        calendar=content.personal_invite(registration, token, stamp=now),
        method="REQUEST",
        changes=changes,
        previous_when=format_event_span(
            changes.previous.starts_at, changes.previous.ends_at, webinar.timezone, registration.language
        ),
        manage_url=content.manage_url(token),
        # The registrant's join page, which leads to the platform's current link (webinars/joining/).
        join_url=content.join_page_url(token) if webinar.join_url else None,
    )


def send_webinar_cancellation(webinar: Webinar) -> int:
    """Tell every registrant still expecting the webinar that it is cancelled; returns how many."""
    lock_webinar(webinar.id)
    pending = db.session.get(PendingCalendarUpdate, webinar.id)
    if pending is not None:
        db.session.delete(pending)
    now = clock.now()
    recipients = _registrations(
        webinar, RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.PENDING
    )
    for registration in recipients:
        # Only someone who was sent the invite has an entry to remove; the others get the notice alone.
        has_calendar = registration.invite_sent_at is not None
        _queue(
            registration,
            "invites/webinar_cancelled",
            kind="webinar_cancelled",
            calendar=content.personal_cancellation(registration, stamp=now) if has_calendar else None,
            method="CANCEL" if has_calendar else None,
        )
    db.session.flush()
    return len(recipients)


def _registrations(webinar: Webinar, *states: RegistrationState) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.webinar_id == webinar.id,
                Registration.state.in_(states),
                Registration.anonymized_at.is_(None),  # erased: nobody left to write to
            )
            .order_by(Registration.id)
        )
    )


def _queue(
    registration: Registration,
    template: str,
    *,
    kind: str,
    calendar: bytes | None,
    method: str | None,
    **extra,
) -> None:
    webinar = registration.webinar
    queue_email(
        kind=kind,
        template=template,
        to_address=registration.email,
        to_name=registration.full_name,
        language=registration.language,
        sender_name=webinar.organization.email_sender_name,
        organization_id=webinar.organization_id,
        webinar_id=webinar.id,
        calendar=calendar.decode("utf-8") if calendar is not None else None,
        calendar_method=method,
        context={
            "registration": registration,
            "webinar": webinar,
            "when": format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, registration.language),
            "webinar_url": content.webinar_page_url(webinar),
            **extra,
        },
    )
