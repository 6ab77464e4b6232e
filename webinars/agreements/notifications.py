"""What signatories are told by e-mail. Every message goes through the outbox.

Only a link's hash is stored, so each message that carries a link carries a
new one (the service rotates the token) and the newest e-mail's link is the
one that works.
"""

from __future__ import annotations

from webinars.agreements.models import Signatory
from webinars.i18n import format_event_datetime
from webinars.mail.compose import Attachment
from webinars.mail.service import queue_email
from webinars.slugs import slugify
from webinars.urls import absolute_url


def signing_link(token: str) -> str:
    return absolute_url(f"/sign/{token}")


def _send(
    signatory: Signatory, template: str, kind: str, attachments: tuple[Attachment, ...] = (), **extra
) -> None:
    agreement = signatory.agreement
    webinar = agreement.webinar
    queue_email(
        kind=kind,
        template=f"agreements/{template}",
        to_address=signatory.email,
        to_name=signatory.full_name,
        language=agreement.language,
        sender_name=webinar.organization.name,
        organization_id=agreement.organization_id,
        webinar_id=webinar.id,
        context={
            "signatory": signatory,
            "agreement": agreement,
            "webinar": webinar,
            "organization_name": webinar.organization.name,
            **extra,
        },
        attachments=attachments,
    )


def send_signing_request(signatory: Signatory, token: str, reminder: bool = False) -> None:
    webinar = signatory.agreement.webinar
    _send(
        signatory,
        "signing_request",
        "agreement_reminder" if reminder else "agreement_request",
        reminder=reminder,
        link=signing_link(token),
        expires_text=format_event_datetime(signatory.token_expires_at, webinar.timezone, signatory.agreement.language),
    )


def send_withdrawn(signatory: Signatory) -> None:
    _send(signatory, "withdrawn", "agreement_withdrawn")


def pdf_filename(title: str) -> str:
    return f"{slugify(title, max_length=80)}-signed.pdf"


def send_completed(signatory: Signatory) -> None:
    """Each party gets the signed PDF and the address where anyone can check it."""
    agreement = signatory.agreement
    _send(
        signatory,
        "completed",
        "agreement_completed",
        attachments=(Attachment(pdf_filename(agreement.title or ""), "application/pdf", agreement.pdf or b""),),
        verify_url=absolute_url(f"/verify/{agreement.verification_code}"),
    )
