"""Shared steps of the speaker-space tests: a webinar with a person to invite, the links mailed, PDFs."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfWriter
from sqlalchemy import select

from tests import factories
from webinars.events.models import Language, WebinarStatus
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.people.models import Participation, ParticipationRole


def lineup_url(webinar) -> str:
    return f"/manage/webinars/{webinar.id}/people"


def published_webinar(organization, **fields):
    """A published webinar in English (the language of its e-mails), with a confirmed moderator and
    speaker (added by the organizer)."""
    fields.setdefault("language", Language.EN)
    return factories.make_publishable_webinar(organization, status=WebinarStatus.PUBLISHED, **fields)


def invite_new_speaker(client, webinar, *, full_name="Salma Berrada", email="salma@example.org", role="speaker"):
    """The organizer adds a new person to the line-up with "invite them by e-mail" ticked."""
    response = client.post(
        f"{lineup_url(webinar)}/new",
        data={
            "new-full_name": full_name,
            "new-position": "Directrice",
            "new-email": email,
            "new-role": role,
            "new-invite": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return participation_of(webinar, full_name)


def participation_of(webinar, full_name: str) -> Participation:
    db.session.expire_all()
    return next(p for p in db.session.get(type(webinar), webinar.id).participations if p.person.full_name == full_name)


def messages(to: str | None = None, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    db.session.expire_all()
    return list(db.session.scalars(query))


def space_path(message: OutboxMessage) -> str:
    """The /s/<token> path of the speaker-space link a message carries."""
    return re.search(r"http://localhost(/s/[A-Za-z0-9_-]+)", message.text_body).group(1)


def last_space_path(to: str) -> str:
    return space_path([m for m in messages(to=to) if "/s/" in (m.text_body or "")][-1])


def add_speaker(webinar, organization, full_name="Idriss Elasri", email="elasri@example.org",
                role=ParticipationRole.SPEAKER, **fields) -> Participation:
    """A person put in the line-up by the organizer (confirmed), without a space yet."""
    return factories.add_participant(webinar, factories.make_person(organization, full_name, email=email, **fields), role)


def pdf_bytes(pages: int = 3) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=842, height=595)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)
    writer.encrypt("secret")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
