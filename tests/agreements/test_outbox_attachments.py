"""Files attached to outbox messages (the signed PDF): stored with the message, sent as a MIME part."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

from sqlalchemy import select

from webinars.extensions import db
from webinars.mail.compose import Attachment, Envelope, build_message
from webinars.mail.models import OutboxAttachment
from webinars.mail.service import queue_email

PDF = b"%PDF-1.7\n% a tiny stand-in\n"


def envelope(**fields) -> Envelope:
    return Envelope(
        message_id="<test@localhost>",
        sender_address="webinars@localhost",
        sender_name="APEBI",
        to_address="tazi@example.org",
        to_name="Yassine Tazi",
        language="fr",
        subject="Convention signée",
        text_body="Bonjour",
        html_body="<p>Bonjour</p>",
        created_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        **fields,
    )


def test_a_message_without_attachment_is_unchanged():
    assert build_message(envelope()).get_content_type() == "multipart/alternative"


def test_attachments_become_mime_parts():
    message = build_message(envelope(attachments=(Attachment("convention-signed.pdf", "application/pdf", PDF),)))

    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content().strip() == "Bonjour"
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    assert part.get_filename() == "convention-signed.pdf"
    assert part.get_content() == PDF


def test_queued_attachments_are_kept_and_delivered(app, clock):
    message = queue_email(
        kind="invitation",
        template="invitation",
        to_address="tazi@example.org",
        language="fr",
        context={
            "inviter_name": "A", "organization_name": "APEBI", "role_label": "organizer",
            "link": "http://localhost/x", "expires_text": "demain",
        },
        attachments=[Attachment("convention-signed.pdf", "application/pdf", PDF)],
    )
    db.session.commit()  # delivered at once to .eml files (immediate mode, no SMTP server configured)

    [row] = db.session.scalars(select(OutboxAttachment).where(OutboxAttachment.message_id == message.id))
    assert (row.filename, row.content_type, row.content) == ("convention-signed.pdf", "application/pdf", PDF)
    [eml] = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    delivered = message_from_bytes(eml.read_bytes(), policy=policy.default)
    [part] = list(delivered.iter_attachments())
    assert part.get_content() == PDF
