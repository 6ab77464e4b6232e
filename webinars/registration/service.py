"""Registering: who may register and with which details and answers, the personal links, and the
registrant's own changes; the organizer's adding someone by hand.

Seats are exact: every decision that depends on the number of confirmed
registrants is taken while holding the webinar's lock (``webinars.locks``),
so N simultaneous registrations for C seats confirm exactly C of them. What
happens to a seat afterwards (cancelling, the waitlist, approval, capacity) is
in ``seats``; the consent's privacy notice is in ``privacy_notice``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import inspect, select

from webinars import clock
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.locks import lock_webinar
from webinars.personal_links import service as personal_links
from webinars.questions.editor import questions_in_order
from webinars.registration import builtin_fields, new_rows, notifications, tallies
from webinars.registration.errors import (  # raised here; callers catch them as service.X
    AlreadyRegistered,
    MissingDetails,
    NoSeatFree,
    RegisteredMeanwhile,
    RegistrationClosed,
    RegistrationError,
    WebinarFull,
)
from webinars.registration.models import Answer, Question, Registration, RegistrationState
from webinars.registration.tallies import tally_of
from webinars.webhooks import events as webhooks
from webinars.webhooks.models import EventType


def set_registrant_fields(webinar: Webinar, modes: dict[str, builtin_fields.FieldMode]) -> None:
    """The organizer's choice of required, optional and hidden built-in fields for the webinar's form."""
    webinar.registrant_fields = builtin_fields.stored_modes(modes)
    db.session.flush()


def check_required_details(webinar: Webinar, details: RegistrantDetails) -> None:
    """The built-in fields the webinar requires are filled in (one rule for the form and any other caller)."""
    missing = builtin_fields.missing_fields(
        webinar.registrant_fields,
        {name: getattr(details, name) for name in builtin_fields.BUILTIN_FIELDS},
    )
    if missing:
        raise MissingDetails(missing)


@dataclass
class RegistrantDetails:
    email: str
    first_name: str
    last_name: str
    affiliation: str | None = None
    job_title: str | None = None
    country: str | None = None
    city: str | None = None
    wants_future_events: bool = False
    # question id -> answer text, or list of chosen options for multiple choice
    answers: dict[int, str | list[str]] = field(default_factory=dict)


@dataclass
class RegistrationOutcome:
    registration_id: int
    token: str  # the personal link's token, known only now (the database keeps its hash)
    is_new: bool

    @property
    def registration(self) -> Registration:
        """Loaded when asked (a new address's rows are written without objects: ``new_rows``)."""
        return db.session.get(Registration, self.registration_id)


def registration_closed_reason(webinar: Webinar) -> str | None:
    """Why nobody can register now, in the visitor's words; None when registration is open."""
    now = clock.now()
    if webinar.status is WebinarStatus.CANCELLED:
        return _("This webinar has been cancelled.")
    if webinar.status is not WebinarStatus.PUBLISHED:
        return _("This webinar is not open for registration.")
    if webinar.ends_at <= now:
        return _("This webinar has ended.")
    if webinar.registration_opens_at and now < webinar.registration_opens_at:
        return _("Registration has not opened yet.")
    if webinar.registration_closes_at and now >= webinar.registration_closes_at:
        return _("Registration is closed.")
    return None


def confirmed_count(webinar_id: int) -> int:
    """Seats taken. Read under the webinar's lock, this is exact (``tallies`` is kept in the same transactions)."""
    return tally_of(webinar_id).counts[RegistrationState.CONFIRMED]


def counts_by_state(webinar_id: int) -> dict[RegistrationState, int]:
    return tally_of(webinar_id).counts


def register(
    webinar: Webinar,
    details: RegistrantDetails,
    language: str,
    questions: Sequence[Question] | None = None,
    *,
    seats_taken: int | None = None,
    address_registered: bool | None = None,
) -> RegistrationOutcome:
    """Register someone, or, if that address is already registered, send them their link again.

    Both cases look the same to the visitor, so the form reveals nothing about who is registered.
    ``questions``: the webinar's questions, when the caller has them already; ``seats_taken``: its
    confirmed count as the caller read it with the webinar (a guess; the decision is taken under the lock);
    ``address_registered``: whether the caller found the address registered (a hint: a new address's row
    is refused by the unique index if another came first, and an address found is looked up again).

    Every registration of a webinar waits for the one before it (the webinar's lock), so the lock
    is held as briefly as can be: a new address's rows (registration, answers, link, e-mail) are
    written before it is taken, and only the seat count, the decision and the tally come after
    (``_write_then_lock``). Raises ``RegisteredMeanwhile`` when the same address was registered by
    another request in between: the caller rolls back and asks again (it is then "link sent again").
    """
    reason = registration_closed_reason(webinar)
    if reason:
        raise RegistrationClosed(reason)
    check_required_details(webinar, details)
    webhooks.read_subscriptions(webinar.organization_id)  # before the lock: see read_subscriptions
    tallies.defer_until_commit()
    email = details.email.strip().lower()
    if not (_is_registered(webinar, email) if address_registered is None else address_registered):
        return _write_then_lock(webinar, email, language, details, questions, seats_taken)
    lock_webinar(webinar.id)
    existing = _registration_of(webinar, email)
    if existing is not None and existing.state not in (RegistrationState.CANCELLED, RegistrationState.REJECTED):
        token = new_link(existing)
        notifications.send_link_again(existing, token)
        return RegistrationOutcome(existing.id, token, is_new=False)

    state = _state_for_newcomer(webinar, _seats_taken_if_counted(webinar))
    registration, token = _open_registration(webinar, existing, email, state, language, details, questions)
    webhooks.record_registration(registration, state.value, created=True)
    notifications.send_registration_received(registration, token)
    if registration.id is None:  # a new row (the address's was erased meanwhile): its id
        db.session.flush()
    return RegistrationOutcome(registration.id, token, is_new=True)


def _is_registered(webinar: Webinar, email: str) -> bool:
    """Whether the address has a row (in any state): one column, not a registration's thirty."""
    return db.session.scalar(
        select(Registration.id).where(Registration.webinar_id == webinar.id, Registration.email == email)
    ) is not None


def _registration_of(webinar: Webinar, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.webinar_id == webinar.id, Registration.email == email)
    )


def _write_then_lock(
    webinar: Webinar,
    email: str,
    language: str,
    details: RegistrantDetails,
    questions: Sequence[Question] | None,
    seats_taken: int | None,
) -> RegistrationOutcome:
    """A new address: its rows written in the state the seats suggest now, then the webinar's lock,
    then the state checked against the exact count and corrected if seats went meanwhile.

    The tally waits for the commit (``tallies.defer_until_commit``) and is locked only then, under the
    webinar's lock. Nothing new is written after the lock, so no request holding it ever waits for
    another's uncommitted row of the same address (which would be waiting for the lock)."""
    try:
        guessed = _state_for_newcomer(webinar, _seats_taken_if_counted(webinar) if seats_taken is None else seats_taken)
    except WebinarFull:
        guessed = RegistrationState.CONFIRMED  # a seat may be freed by the time of the lock
    try:  # the confirmation is queued with them: its text is written later, from the state
        new = new_rows.write_new_registration(
            webinar, email, guessed, language, details, questions_of(webinar) if questions is None else questions
        )
    except new_rows.AddressTaken as taken:
        raise RegisteredMeanwhile() from taken
    # The webinar's lock taken, and the tally written with this registration and read back, by one
    # statement on PostgreSQL (the lock's hold starts with the write). A guessed seat is in the count.
    taken = tallies.write_waiting_and_read(webinar.id, lock_webinar_first=True).counts[RegistrationState.CONFIRMED]
    # WebinarFull here: the caller rolls back every row above.
    state = _state_for_newcomer(webinar, taken, holding_a_seat=guessed is RegistrationState.CONFIRMED)
    if state is not guessed:
        new_rows.correct_state(webinar, new.id, guessed, state)
    outcome = RegistrationOutcome(new.id, new.token, is_new=True)
    if webhooks.is_subscribed(webinar.organization_id, EventType.REGISTRATION_CREATED):
        webhooks.record_registration(outcome.registration, state.value, created=True)
    return outcome


def _open_registration(
    webinar: Webinar,
    existing: Registration | None,
    email: str,
    state: RegistrationState,
    language: str,
    details: RegistrantDetails,
    questions: Sequence[Question] | None = None,
) -> tuple[Registration, str]:
    """Write a registration in ``state`` with a new personal link; returns it with the link's token.

    A cancelled or rejected registration of the same address is reused: one row per address (its
    earlier links lead to it again). A new one is only added to the session: the next flush writes it.
    """
    now = clock.now()
    # A new registration starts with an empty list of answers, known without asking the database.
    registration = existing or Registration(webinar=webinar, email=email, answers=[], sequence_offset=0)
    token = personal_links.issue(registration)
    if existing is not None:
        # A cancelled seat's calendar entry was cancelled: the new invite must outrank that CANCEL.
        registration.sequence_offset += 1
    registration.invite_sent_at = None
    registration.state = state
    registration.language = language
    registration.consented_at = now
    registration.confirmed_at = now if state is RegistrationState.CONFIRMED else None
    registration.cancelled_at = None
    _apply_details(registration, details)
    db.session.add(registration)
    save_answers(registration, details.answers, questions)
    return registration, token


def _seats_taken_if_counted(webinar: Webinar) -> int:
    """The confirmed count, read only when it decides something (a capacity, no approval step)."""
    if webinar.approval_required or webinar.capacity is None:
        return 0
    return confirmed_count(webinar.id)


def _state_for_newcomer(webinar: Webinar, seats_taken: int, *, holding_a_seat: bool = False) -> RegistrationState:
    """``seats_taken``: the webinar's confirmed count; ``holding_a_seat``: the newcomer's row, written as
    confirmed, is among them."""
    if webinar.approval_required:
        return RegistrationState.PENDING
    if webinar.capacity is not None and seats_taken - holding_a_seat >= webinar.capacity:
        if webinar.waitlist_enabled:
            return RegistrationState.WAITLISTED
        raise WebinarFull(_("This webinar is full."))
    return RegistrationState.CONFIRMED


def _apply_details(registration: Registration, details: RegistrantDetails) -> None:
    registration.first_name = details.first_name.strip()
    registration.last_name = details.last_name.strip()
    # A field the webinar hides is not asked: whatever was given before stays as it was.
    visible = builtin_fields.visible_fields(registration.webinar.registrant_fields)
    for name in new_rows.DETAIL_FIELDS:
        if name in visible:
            setattr(registration, name, (getattr(details, name) or "").strip() or None)
    registration.wants_future_events = details.wants_future_events


def save_answers(
    registration: Registration, answers: dict[int, str | list[str]], questions: Sequence[Question] | None = None
) -> None:
    """Replace the registration's answers; only this webinar's questions are accepted.

    A registration not written yet stays unwritten: its answers go with it at the next flush.
    """
    if questions is None:
        questions = db.session.scalars(select(Question).where(Question.webinar_id == registration.webinar.id)).all()
    is_written = inspect(registration).persistent
    if registration.answers:  # a new registration has none: nothing to delete first
        registration.answers.clear()
        db.session.flush()
    for question_id, value in new_rows.answer_values(registration.webinar.id, answers, questions):
        registration.answers.append(Answer(question_id=question_id, value=value))
    if is_written:
        db.session.flush()


def new_link(registration: Registration) -> str:
    """Another personal link for a message about to be sent; the links of earlier messages keep
    working (only hashes are stored, so a link can be sent again only by making a new one)."""
    return personal_links.issue(registration)


def registration_for_token(token: str) -> Registration | None:
    """The registration a working (not revoked) personal link leads to."""
    return personal_links.holder_for_token(Registration, token)


def forget_links(registration: Registration) -> None:
    """The registrant's "forget all my links": every link sent so far stops working, and a new
    one goes to their address (whoever forwarded or leaked an e-mail loses access)."""
    personal_links.revoke_all(registration)
    notifications.send_links_renewed(registration, new_link(registration))


# --- The registrant's side: the form and the personal page ---------------------------------

# Registrations that still hold (or wait for) a seat and can be changed or cancelled by their owner.
ACTIVE_STATES = (RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.PENDING)


def registration_is_full(webinar: Webinar) -> bool:
    """Every seat is taken now (an indication for the form; ``register`` decides under the lock)."""
    return webinar.capacity is not None and confirmed_count(webinar.id) >= webinar.capacity


def answers_by_question(registration: Registration) -> dict[int, list[str]]:
    """question id -> the answer's values (several for a multiple choice), in the order given."""
    answers: dict[int, list[str]] = {}
    for answer in sorted(registration.answers, key=lambda a: a.id or 0):
        answers.setdefault(answer.question_id, []).append(answer.value)
    return answers


def update_registrant(registration: Registration, details: RegistrantDetails) -> None:
    """The registrant changes their details and answers (not the e-mail address: the link is tied to it)."""
    if registration.state not in ACTIVE_STATES:
        raise RegistrationError(_("This registration is no longer active."))
    check_required_details(registration.webinar, details)
    _apply_details(registration, details)
    save_answers(registration, details.answers)


def questions_of(webinar: Webinar) -> list[Question]:
    """The webinar's custom questions in the organizer's order."""
    return questions_in_order(Question, webinar.id)


# --- The organizer's side: resending a link, adding someone by hand ---------------------------


def resend_confirmation(registration: Registration) -> None:
    """Mail the registrant their personal link again. Only links' hashes are stored, so this is a
    new link; the ones in their earlier e-mails keep working."""
    if registration.state not in ACTIVE_STATES:
        raise RegistrationError(_("This registration is cancelled or rejected: there is nothing to resend."))
    notifications.send_link_again(registration, new_link(registration))
    db.session.flush()


def add_by_organizer(
    webinar: Webinar, details: RegistrantDetails, language: str, *, notify: bool = True
) -> Registration:
    """The organizer registers someone by hand, having obtained their consent.

    Allowed outside the registration window: the organizer decides who comes (a late
    registrant, a speaker's guest, someone who attended without registering), so the
    opening and closing times, meant for the public form, do not apply. Seats stay exact
    all the same: confirmed while a seat is free, otherwise waitlisted if the waitlist is
    on, otherwise refused with ``NoSeatFree``. No approval step: adding someone is approving
    them. Drafts and cancelled webinars take nobody (their links would lead nowhere).
    ``notify`` sends the usual confirmation with the personal link.
    """
    if webinar.status is WebinarStatus.CANCELLED:
        raise RegistrationClosed(_("This webinar has been cancelled."))
    if webinar.status is not WebinarStatus.PUBLISHED:
        raise RegistrationClosed(_("Publish the webinar before adding registrants."))
    lock_webinar(webinar.id)
    email = details.email.strip().lower()
    existing = db.session.scalar(
        select(Registration).where(Registration.webinar_id == webinar.id, Registration.email == email)
    )
    if existing is not None and existing.state in ACTIVE_STATES:
        raise AlreadyRegistered(_("%(email)s is already registered for this webinar.", email=email))
    if webinar.capacity is not None and confirmed_count(webinar.id) >= webinar.capacity:
        if not webinar.waitlist_enabled:
            raise NoSeatFree(_("No seat is free. Raise the capacity first."))
        state = RegistrationState.WAITLISTED
    else:
        state = RegistrationState.CONFIRMED
    registration, token = _open_registration(webinar, existing, email, state, language, details)
    webhooks.record_registration(registration, state.value, created=True)
    if notify:
        notifications.send_registration_received(registration, token)
    return registration
