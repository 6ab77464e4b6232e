"""Registration rules: who gets a seat, who waits, and what each registrant is told.

Seats are exact: every decision that depends on the number of confirmed
registrants is taken while holding the webinar's lock (``webinars.locks``),
so N simultaneous registrations for C seats confirm exactly C of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, inspect, select

from webinars import clock
from webinars.accounts.models import DEFAULT_RETENTION_MONTHS, Organization
from webinars.events.models import Webinar, WebinarStatus
from webinars.extensions import db
from webinars.locks import lock_webinar
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState
from webinars.registration import builtin_fields, notifications
from webinars.registration.tallies import tallies_of, tally_of
from webinars.personal_links import service as personal_links
from webinars.questions.editor import questions_in_order
from webinars.webhooks import events as webhooks
from webinars.templating import organization_words


class RegistrationError(Exception):
    """A rule refused the registration; ``message`` is for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationError):
    pass


class WebinarFull(RegistrationError):
    pass


class NoSeatFree(RegistrationError):
    pass


class MissingDetails(RegistrationError):
    """A detail the webinar requires (organization, job title...) was left empty; ``field_names`` say which."""

    def __init__(self, field_names: list[str]):
        labels = ", ".join(str(builtin_fields.FIELD_LABELS[name]) for name in field_names)
        super().__init__(_("Please fill in: %(fields)s.", fields=labels))
        self.field_names = field_names


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
    registration: Registration
    token: str  # the personal link's token, known only now (the database keeps its hash)
    is_new: bool


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
    webinar: Webinar, details: RegistrantDetails, language: str, questions: Sequence[Question] | None = None
) -> RegistrationOutcome:
    """Register someone, or, if that address is already registered, send them their link again.

    Both cases look the same to the visitor, so the form reveals nothing about who is registered.
    ``questions``: the webinar's questions, when the caller has them already.

    Every registration of a webinar waits for the one before it (the webinar's lock), so the
    time between taking the lock and committing is kept short: a new registration, its answers,
    its e-mail row and its tally are written in one flush at the commit.
    """
    reason = registration_closed_reason(webinar)
    if reason:
        raise RegistrationClosed(reason)
    check_required_details(webinar, details)
    webhooks.read_subscriptions(webinar.organization_id)  # before the lock: see read_subscriptions
    lock_webinar(webinar.id)
    email = details.email.strip().lower()
    existing = db.session.scalar(
        select(Registration).where(Registration.webinar_id == webinar.id, Registration.email == email)
    )
    if existing is not None and existing.state not in (RegistrationState.CANCELLED, RegistrationState.REJECTED):
        token = new_link(existing)
        notifications.send_link_again(existing, token)
        return RegistrationOutcome(existing, token, is_new=False)

    state = _state_for_newcomer(webinar)
    registration, token = _open_registration(webinar, existing, email, state, language, details, questions)
    notifications.send_registration_received(registration, token)
    return RegistrationOutcome(registration, token, is_new=True)


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
    webhooks.record_registration(registration, state.value, created=True)
    return registration, token


def _state_for_newcomer(webinar: Webinar) -> RegistrationState:
    if webinar.approval_required:
        return RegistrationState.PENDING
    if webinar.capacity is not None and confirmed_count(webinar.id) >= webinar.capacity:
        if webinar.waitlist_enabled:
            return RegistrationState.WAITLISTED
        raise WebinarFull(_("This webinar is full."))
    return RegistrationState.CONFIRMED


def _apply_details(registration: Registration, details: RegistrantDetails) -> None:
    registration.first_name = details.first_name.strip()
    registration.last_name = details.last_name.strip()
    # A field the webinar hides is not asked: whatever was given before stays as it was.
    visible = builtin_fields.visible_fields(registration.webinar.registrant_fields)
    for name in ("affiliation", "job_title", "country", "city"):
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
    accepted = {q.id: q for q in questions if q.webinar_id == registration.webinar.id}
    is_written = inspect(registration).persistent
    if registration.answers:  # a new registration has none: nothing to delete first
        registration.answers.clear()
        db.session.flush()
    for question_id, value in answers.items():
        question = accepted.get(question_id)
        if question is None:
            continue
        values = value if isinstance(value, list) else [value]
        if question.kind is not QuestionKind.MULTIPLE_CHOICE:
            values = values[:1]
        for single in dict.fromkeys(v.strip() for v in values if v and v.strip()):
            registration.answers.append(Answer(question_id=question.id, value=single))
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


# --- The registrant's side: the form's notices and the personal page -------------------------

# Registrations that still hold (or wait for) a seat and can be changed or cancelled by their owner.
ACTIVE_STATES = (RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.PENDING)


def privacy_notice_for(organization: Organization) -> str:
    """What the consent checkbox agrees to: the organization's own text, or a default one
    saying what is collected, why, how long it is kept (the organization's retention period,
    applied by webinars/privacy/), what is kept longer, and how to see, download or delete it."""
    from webinars.i18n import current_language

    notice = organization.privacy_notice_rendered(current_language())
    if notice is not None and notice.text.strip():
        return notice.text.strip()  # the organizer's Markdown, as plain text
    paragraphs = [
        _(
            "%(Organization)s collects your name, e-mail address, organization, job title, country, city "
            "and your answers to the questions of this form to manage your registration: to confirm it, "
            "to send you the joining details, reminders and any change of schedule, and to know who attended.",
            **organization_words(organization),
        ),
        ngettext(
            "Your data is kept for %(num)d month after the webinar, then anonymized: your name, e-mail "
            "address, organization, job title, country, city, answers and the e-mails sent to you are "
            "erased, and only anonymous counts remain. It is not sold and not shared beyond what running "
            "this webinar requires.",
            "Your data is kept for %(num)d months after the webinar, then anonymized: your name, e-mail "
            "address, organization, job title, country, city, answers and the e-mails sent to you are "
            "erased, and only anonymous counts remain. It is not sold and not shared beyond what running "
            "this webinar requires.",
            organization.retention_months or DEFAULT_RETENTION_MONTHS,
        ),
        _(
            "Signed agreements (speaker releases, conventions between organizations) are legal records: "
            "they are kept with their signatures after this period."
        ),
        _(
            "Through the personal link in your confirmation e-mail you can see and correct your details, "
            "cancel your registration, download your data, or delete your registration and data at any "
            "time. For any other request about your data, contact %(organization)s.",
            **organization_words(organization),
        ),
    ]
    if organization.website:
        paragraphs[-1] += " " + organization.website
    return "\n\n".join(paragraphs)


def registration_is_full(webinar: Webinar) -> bool:
    """Every seat is taken now (an indication for the form; ``register`` decides under the lock)."""
    return webinar.capacity is not None and confirmed_count(webinar.id) >= webinar.capacity


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


def questions_of(webinar: Webinar) -> list[Question]:
    """The webinar's custom questions in the organizer's order."""
    return questions_in_order(Question, webinar.id)


# --- The organizer's side: overview counts, actions on a registrant, adding one by hand ------


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


class AlreadyRegistered(RegistrationError):
    pass


def cancel_by_organizer(registration: Registration) -> list[Registration]:
    """The organizer cancels a registration that still holds or waits for a seat; the registrant is
    told by e-mail. Returns the waitlisted registrants promoted into the freed seat."""
    if registration.state not in ACTIVE_STATES:
        raise RegistrationError(_("This registration is already cancelled or rejected."))
    return cancel_registration(registration)


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
    if notify:
        notifications.send_registration_received(registration, token)
    return registration
