"""What registrants are told by e-mail at each step. Every message goes through the outbox.

Messages that give someone a seat carry their personal link. Only the link's
hash is stored, so such a message carries a new link (the service rotates the
token) and the newest e-mail's link is the one that works.

Messages to a confirmed registrant of a published webinar carry their personal
calendar invite (METHOD:REQUEST); the cancellation of a confirmed seat carries
a METHOD:CANCEL that removes it from their calendar.
"""

from __future__ import annotations

from webinars import clock
from webinars.i18n import format_event_span
from webinars.invites.content import personal_cancellation, personal_invite
from webinars.mail.service import queue_email
from webinars.registration.models import Registration, RegistrationState
from webinars.urls import absolute_url


def personal_link(token: str) -> str:
    return absolute_url(f"/r/{token}")


def _send(
    registration: Registration,
    template: str,
    token: str | None = None,
    *,
    calendar: bytes | None = None,
    calendar_method: str | None = None,
    **extra,
) -> None:
    webinar = registration.webinar
    context = {
        "registration": registration,
        "webinar": webinar,
        "when": format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, registration.language),
        "webinar_url": absolute_url(f"/webinars/{webinar.slug}"),
        "manage_url": personal_link(token) if token else None,
        "calendar_attached": calendar is not None,
        **extra,
    }
    queue_email(
        kind=template,
        template=f"registration/{template}",
        to_address=registration.email,
        to_name=registration.full_name,
        language=registration.language,
        sender_name=webinar.organization.name,
        organization_id=webinar.organization_id,
        webinar_id=webinar.id,
        context=context,
        calendar=calendar.decode("utf-8") if calendar is not None else None,
        calendar_method=calendar_method,
    )


def _with_invite(registration: Registration, token: str) -> dict:
    """The personal invite, for a confirmed registrant of a published webinar only
    (a waitlisted or pending registrant gets none until confirmed)."""
    if registration.state is not RegistrationState.CONFIRMED or not registration.webinar.is_published:
        return {}
    return {"calendar": personal_invite(registration, token, stamp=clock.now()), "calendar_method": "REQUEST"}


def send_registration_received(registration: Registration, token: str) -> None:
    """Confirmed, waitlisted or pending: one message saying which, with the personal link."""
    _send(registration, "received", token, **_with_invite(registration, token))


def send_link_again(registration: Registration, token: str) -> None:
    # The invite again too: its description carries the personal link, which has just changed.
    _send(registration, "link_again", token, **_with_invite(registration, token))


def send_promoted(registration: Registration, token: str) -> None:
    _send(registration, "promoted", token, **_with_invite(registration, token))


def send_approved(registration: Registration, token: str) -> None:
    _send(registration, "approved", token, **_with_invite(registration, token))


def send_waitlisted(registration: Registration) -> None:
    _send(registration, "waitlisted")


def send_rejected(registration: Registration) -> None:
    _send(registration, "rejected")


def send_cancelled(registration: Registration, withdraw_invite: bool = False) -> None:
    """``withdraw_invite``: the registrant had a confirmed seat, so their calendar holds the invite."""
    if not withdraw_invite:
        _send(registration, "cancelled")
        return
    calendar = personal_cancellation(registration, stamp=clock.now())
    _send(registration, "cancelled", calendar=calendar, calendar_method="CANCEL")
