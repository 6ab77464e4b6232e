"""What registrants are told by e-mail at each step. Every message goes through the outbox.

Messages that give someone a seat carry their personal link. Only links' hashes
are stored, so each such message carries a new link (``personal_links``); the
links of earlier messages keep working.

Messages to a confirmed registrant of a published webinar carry their personal
calendar invite (METHOD:REQUEST), in their language; the cancellation of a seat
whose invite was sent carries a METHOD:CANCEL that removes it from their
calendar. Someone who never got an invite gets a plain notice.

The request only queues each message; the worker writes it just before sending
(``mail/deferred.py``), from the registration as it is then: a registrant who
cancels in between gets no invite for a seat they no longer hold.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import clock
from webinars.extensions import db
from webinars.i18n import format_event_span
from webinars.invites.content import link_details, personal_cancellation, personal_invite
from webinars.invites.links import EventLinkDetails, google_calendar_url, microsoft_365_url, outlook_com_url
from webinars.joining.service import join_page_url
from webinars.invites.queries import calendar_options
from webinars.mail.deferred import WrittenEmail, queue_unwritten_email, writer
from webinars.mail.models import OutboxMessage
from webinars.mail.service import add_row_to_outbox, render_email
from webinars.messages import texts
from webinars.messages.models import TextKind
from webinars.messages.service import opening_values
from webinars.registration.models import Registration, RegistrationState
from webinars.urls import absolute_url

WRITER = "registration"
REQUEST, CANCEL = "REQUEST", "CANCEL"


def personal_link(token: str) -> str:
    return absolute_url(f"/r/{token}")


def _send(registration: Registration, template: str, token: str | None = None, *, calendar_method: str | None = None) -> None:
    """Queue ``emails/registration/<template>`` for the worker to write; ``calendar_method`` says
    which calendar object to attach (REQUEST: the invite, if the seat is confirmed then)."""
    if registration.is_anonymized:
        return  # nobody left to write to (webinars/privacy/)
    queue_unwritten_email(
        registration=registration,
        **_message_fields(
            registration.webinar, template, registration.email, registration.full_name, registration.language, token,
            calendar_method,
        ),
    )


def _message_fields(
    webinar, template: str, email: str, full_name: str, language: str, token: str | None, calendar_method: str | None
) -> dict:
    """An outbox row's columns for a registrant's message, but the registration's (object or id)."""
    return {
        "writer": WRITER,
        "kind": template,
        "to_address": email,
        "to_name": full_name,
        "language": language,
        "sender_name": webinar.organization.email_sender_name,
        "organization_id": webinar.organization_id,
        "webinar_id": webinar.id,
        "link_token": token,
        "calendar_method": calendar_method,
    }


def load_registrations(messages: list[OutboxMessage]) -> list[Registration]:
    """The batch's registrants, their webinars and what the invites describe, in a few queries."""
    # The webinars' own wording of their confirmations, read again for each batch.
    texts.preload({message.webinar_id for message in messages if message.webinar_id}, TextKind.CONFIRMATION)
    return db.session.scalars(
        select(Registration)
        .where(Registration.id.in_({message.registration_id for message in messages}))
        .options(selectinload(Registration.webinar).options(*calendar_options()))
    ).all()


@writer(WRITER, preload=load_registrations)
def write_message(message: OutboxMessage) -> WrittenEmail:
    registration = db.session.get(Registration, message.registration_id)  # preloaded: no query
    webinar = registration.webinar
    token = message.link_token
    calendar, method = _calendar(registration, token, message.calendar_method)
    context = {
        "registration": registration,
        "webinar": webinar,
        "when": format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, registration.language),
        "webinar_url": absolute_url(f"/webinars/{webinar.slug}"),
        "manage_url": personal_link(token) if token else None,
        "calendar_attached": calendar is not None,
    }
    context.update(_own_opening(message, registration, token, context["when"]))
    context.update(_joining_and_calendar_links(message.kind, registration, token))
    subject, text_body, html_body = render_email(f"registration/{message.kind}", message.language, context)
    return WrittenEmail(subject, text_body, html_body, calendar, method)


def _own_opening(message: OutboxMessage, registration: Registration, token: str | None, when: str) -> dict:
    """The webinar's own subject and opening of a confirmation (webinars/messages/texts.py), if it has one."""
    if message.kind != "received" or registration.state is not RegistrationState.CONFIRMED:
        return {}
    own = texts.texts_of(registration.webinar_id, TextKind.CONFIRMATION).get(message.language)
    if own is None:
        return {}
    values = opening_values(registration.webinar, registration, message.language, token, when=when)
    return texts.opening(own, values).context()


# Messages that confirm a seat: their body carries the join page and add-to-calendar buttons, not
# only the attached invite (which some mail clients hide or do not read).
SEAT_CONFIRMING_KINDS = frozenset({"received", "approved", "promoted", "link_again"})


def _joining_and_calendar_links(kind: str, registration: Registration, token: str | None) -> dict:
    webinar = registration.webinar
    if (
        kind not in SEAT_CONFIRMING_KINDS
        or not token
        or registration.state is not RegistrationState.CONFIRMED
        or not webinar.is_published
        or webinar.is_cancelled
    ):
        return {}
    join_page = join_page_url(token) if webinar.join_url else None
    event = EventLinkDetails(
        title=webinar.title,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        details=link_details(webinar),
        # The webinar's page: a personal link never goes into a third party's address (Google's, Microsoft's);
        # the personal join page is in this e-mail and in the attached invite.
        location=absolute_url(f"/webinars/{webinar.slug}"),
    )
    return {
        "join_page_url": join_page,
        # Labelled by the template, in the registrant's language.
        "calendar_links": {
            "ics": absolute_url(f"/r/{token}/invite.ics"),
            "google": google_calendar_url(event),
            "outlook_com": outlook_com_url(event),
            "microsoft_365": microsoft_365_url(event),
        },
    }


def _calendar(registration: Registration, token: str | None, method: str | None) -> tuple[bytes | None, str | None]:
    if method == CANCEL:
        if registration.invite_sent_at is None:
            return None, None  # nothing in their calendar to remove
        return personal_cancellation(registration, stamp=clock.now()), CANCEL
    # The invite, for a confirmed registrant of a published webinar only
    # (a waitlisted or pending registrant gets none until confirmed).
    if (
        method == REQUEST
        and token
        and registration.state is RegistrationState.CONFIRMED
        and registration.webinar.is_published
    ):
        now = clock.now()
        registration.invite_sent_at = registration.invite_sent_at or now
        return personal_invite(registration, token, stamp=now), REQUEST
    return None, None


def queue_registration_received(
    webinar, registration_id: int, *, email: str, full_name: str, language: str, token: str
) -> None:
    """``send_registration_received`` for a registration written without an object (registration/new_rows.py)."""
    add_row_to_outbox(
        registration_id=registration_id,
        **_message_fields(webinar, "received", email, full_name, language, token, REQUEST),
    )


def send_registration_received(registration: Registration, token: str) -> None:
    """Confirmed, waitlisted or pending: one message saying which, with the personal link."""
    _send(registration, "received", token, calendar_method=REQUEST)


def send_link_again(registration: Registration, token: str) -> None:
    # The invite again too: it may be what they lost.
    _send(registration, "link_again", token, calendar_method=REQUEST)


def send_links_renewed(registration: Registration, token: str) -> None:
    """After "forget all my links": the one link that works now."""
    _send(registration, "links_renewed", token)


def send_promoted(registration: Registration, token: str) -> None:
    _send(registration, "promoted", token, calendar_method=REQUEST)


def send_approved(registration: Registration, token: str) -> None:
    _send(registration, "approved", token, calendar_method=REQUEST)


def send_waitlisted(registration: Registration) -> None:
    _send(registration, "waitlisted")


def send_rejected(registration: Registration) -> None:
    _send(registration, "rejected")


def send_cancelled(registration: Registration, withdraw_invite: bool = False) -> None:
    """``withdraw_invite``: the registrant had a confirmed seat, so their calendar holds the invite."""
    _send(registration, "cancelled", calendar_method=CANCEL if withdraw_invite else None)
