"""Who holds a seat: cancelling, the waitlist moving up, the organizer's approval, rejection and
moves, a new capacity, and the seat counts of an overview.

Seats are exact: a decision that depends on the number of confirmed registrants is taken while
holding the webinar's lock (``webinars.locks``). Functions flush and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from webinars import clock
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.locks import lock_webinar
from webinars.registration import notifications
from webinars.registration.models import Registration, RegistrationState
from webinars.registration.service import ACTIVE_STATES, NoSeatFree, RegistrationError, confirmed_count, new_link
from webinars.registration.tallies import tallies_of
from webinars.webhooks import events as webhooks


def cancel_registration(registration: Registration, *, notify: bool = True) -> list[Registration]:
    """The registrant (or the organizer) cancels; freed seats go to the waitlist. Returns the promoted.

    ``notify=False``: the registrant is told nothing (they are deleting their data, webinars/privacy/)."""
    lock_webinar(registration.webinar_id)
    db.session.refresh(registration)
    if registration.state is RegistrationState.CANCELLED:
        return []
    was_confirmed = registration.state is RegistrationState.CONFIRMED
    registration.state = RegistrationState.CANCELLED
    registration.cancelled_at = clock.now()
    # A confirmed registrant may have the invite in their calendar: a METHOD:CANCEL removes it. Its
    # SEQUENCE must outrank that invite, so this registrant's own offset grows (the public file and
    # the other registrants' invites keep theirs). The worker attaches the CANCEL only if an invite
    # was sent by the time it writes the message: someone cancelled before their confirmation was
    # written gets a plain notice.
    withdraw_invite = was_confirmed and registration.webinar.is_published
    if withdraw_invite:
        registration.sequence_offset += 1
    db.session.flush()
    webhooks.record_registration(registration, "cancelled")
    if notify:
        notifications.send_cancelled(registration, withdraw_invite=withdraw_invite)
    return promote_waitlist(registration.webinar) if was_confirmed else []


def promote_waitlist(webinar: Webinar) -> list[Registration]:
    """Confirm the first waitlisted registrants while seats are free. The caller holds the lock."""
    if webinar.capacity is None:
        free = None
    else:
        free = webinar.capacity - confirmed_count(webinar.id)
        if free <= 0:
            return []
    query = (
        select(Registration)
        .where(Registration.webinar_id == webinar.id, Registration.state == RegistrationState.WAITLISTED)
        .order_by(Registration.id)
    )
    if free is not None:
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    now = clock.now()
    for registration in promoted:
        registration.state = RegistrationState.CONFIRMED
        registration.confirmed_at = now
        notifications.send_promoted(registration, new_link(registration))
        webhooks.record_registration(registration, "promoted")
    db.session.flush()
    return promoted


def change_capacity(webinar: Webinar, capacity: int | None) -> list[Registration]:
    """New capacity; when it grows, waitlisted registrants take the new seats."""
    lock_webinar(webinar.id)
    webinar.capacity = capacity
    db.session.flush()
    return promote_waitlist(webinar)


def approve(registration: Registration) -> None:
    """The organizer approves a pending registration: confirmed if a seat is free, else waitlisted (or refused)."""
    lock_webinar(registration.webinar_id)
    db.session.refresh(registration)
    if registration.state is not RegistrationState.PENDING:
        raise RegistrationError(_("Only pending registrations can be approved."))
    webinar = registration.webinar
    if webinar.capacity is not None and confirmed_count(webinar.id) >= webinar.capacity:
        if not webinar.waitlist_enabled:
            raise NoSeatFree(_("No seat is free. Raise the capacity first."))
        registration.state = RegistrationState.WAITLISTED
        notifications.send_waitlisted(registration)
    else:
        registration.state = RegistrationState.CONFIRMED
        registration.confirmed_at = clock.now()
        notifications.send_approved(registration, new_link(registration))
    webhooks.record_registration(registration, registration.state.value)
    db.session.flush()


def reject(registration: Registration) -> None:
    if registration.state not in (RegistrationState.PENDING, RegistrationState.WAITLISTED):
        raise RegistrationError(_("Only pending or waitlisted registrations can be rejected."))
    registration.state = RegistrationState.REJECTED
    webhooks.record_registration(registration, "rejected")
    db.session.flush()
    notifications.send_rejected(registration)


def confirm_from_waitlist(registration: Registration) -> None:
    """The organizer moves someone off the waitlist by hand; only into a free seat."""
    lock_webinar(registration.webinar_id)
    db.session.refresh(registration)
    if registration.state is not RegistrationState.WAITLISTED:
        raise RegistrationError(_("Only waitlisted registrations can be moved."))
    webinar = registration.webinar
    if webinar.capacity is not None and confirmed_count(webinar.id) >= webinar.capacity:
        raise NoSeatFree(_("No seat is free. Raise the capacity first."))
    registration.state = RegistrationState.CONFIRMED
    registration.confirmed_at = clock.now()
    notifications.send_promoted(registration, new_link(registration))
    webhooks.record_registration(registration, "promoted")
    db.session.flush()


def waitlist_position(registration: Registration) -> int | None:
    """1 for the head of the waitlist; None when the registration is not waitlisted."""
    if registration.state is not RegistrationState.WAITLISTED:
        return None
    return db.session.scalar(
        select(func.count()).where(
            Registration.webinar_id == registration.webinar_id,
            Registration.state == RegistrationState.WAITLISTED,
            Registration.id <= registration.id,
        )
    )


def cancel_by_registrant(registration: Registration) -> list[Registration]:
    """The registrant cancels from their personal page; only an active registration of a webinar
    that has not ended. Returns the waitlisted registrants promoted into the freed seat."""
    if registration.state not in ACTIVE_STATES:
        raise RegistrationError(_("This registration is no longer active."))
    if registration.webinar.is_cancelled:
        raise RegistrationError(_("This webinar has been cancelled."))
    if registration.webinar.ends_at <= clock.now():
        raise RegistrationError(_("This webinar has ended."))
    return cancel_registration(registration)


@dataclass(frozen=True)
class SeatSummary:
    """What an organizer's overview shows about a webinar's registrations."""

    confirmed: int = 0
    waitlisted: int = 0
    pending: int = 0
    capacity: int | None = None


def seat_summaries(webinars: list[Webinar]) -> dict[int, SeatSummary]:
    """Webinar id -> its confirmed, waitlisted and pending counts, from their tallies in one query
    (counting the registrations themselves read every row: 60 ms for a dashboard at 100,000)."""
    tallies = tallies_of([webinar.id for webinar in webinars])
    return {
        webinar.id: SeatSummary(
            confirmed=tallies[webinar.id].counts[RegistrationState.CONFIRMED],
            waitlisted=tallies[webinar.id].counts[RegistrationState.WAITLISTED],
            pending=tallies[webinar.id].counts[RegistrationState.PENDING],
            capacity=webinar.capacity,
        )
        for webinar in webinars
    }


def cancel_by_organizer(registration: Registration) -> list[Registration]:
    """The organizer cancels a registration that still holds or waits for a seat; the registrant is
    told by e-mail. Returns the waitlisted registrants promoted into the freed seat."""
    if registration.state not in ACTIVE_STATES:
        raise RegistrationError(_("This registration is already cancelled or rejected."))
    return cancel_registration(registration)
