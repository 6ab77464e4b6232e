"""What registrants are told by e-mail at each step. Every message goes through the outbox.

Messages that give someone a seat carry their personal link. Only the link's
hash is stored, so such a message carries a new link (the service rotates the
token) and the newest e-mail's link is the one that works.
"""

from __future__ import annotations

from webinars.i18n import format_event_span
from webinars.mail.service import queue_email
from webinars.registration.models import Registration
from webinars.urls import absolute_url


def personal_link(token: str) -> str:
    return absolute_url(f"/r/{token}")


def _send(registration: Registration, template: str, token: str | None = None, **extra) -> None:
    webinar = registration.webinar
    context = {
        "registration": registration,
        "webinar": webinar,
        "when": format_event_span(webinar.starts_at, webinar.ends_at, webinar.timezone, registration.language),
        "webinar_url": absolute_url(f"/webinars/{webinar.slug}"),
        "manage_url": personal_link(token) if token else None,
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
    )


def send_registration_received(registration: Registration, token: str) -> None:
    """Confirmed, waitlisted or pending: one message saying which, with the personal link."""
    _send(registration, "received", token)


def send_link_again(registration: Registration, token: str) -> None:
    _send(registration, "link_again", token)


def send_promoted(registration: Registration, token: str) -> None:
    _send(registration, "promoted", token)


def send_approved(registration: Registration, token: str) -> None:
    _send(registration, "approved", token)


def send_waitlisted(registration: Registration) -> None:
    _send(registration, "waitlisted")


def send_rejected(registration: Registration) -> None:
    _send(registration, "rejected")


def send_cancelled(registration: Registration) -> None:
    _send(registration, "cancelled")
