"""What signatories are told by e-mail. Every message goes through the outbox.

Only links' hashes are stored, so each message that carries a link carries a
new one (``personal_links``); the links of earlier messages keep working until
the organizer revokes them.
"""

from __future__ import annotations

from webinars.agreements.models import Signatory
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
        sender_name=webinar.organization.email_sender_name,
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
    _send(
        signatory,
        "signing_request",
        "agreement_reminder" if reminder else "agreement_request",
        reminder=reminder,
        link=signing_link(token),
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
