"""Helpers for agreements tests: template texts, the links people receive by e-mail, a drawn signature."""

from __future__ import annotations

import base64
import re
from io import BytesIO

from PIL import Image, ImageDraw
from sqlalchemy import select

from webinars.agreements.models import AgreementKind, AgreementTemplate
from webinars.extensions import db
from webinars.mail.models import OutboxMessage

RELEASE_BODY = """\
Je soussigné(e) **{{person.full_name}}**, {{person.position}}, {{person.role}} du webinaire \
« {{webinar.title}} » du {{webinar.date}}, autorise {{organization.name}} à enregistrer mon intervention.
"""

CONVENTION_BODY = """\
## Entre les parties

{{#parties}}- **{{party.name}}**, représenté(e) par {{party.signatory}}, {{party.position}}
{{/parties}}
Convention signée à l'occasion du webinaire « {{webinar.title}} » du {{webinar.date}}.
"""

LINK = re.compile(r"http://localhost/sign/([A-Za-z0-9_\-]+)")


def make_template(organization, kind: AgreementKind, title: str, body: str) -> AgreementTemplate:
    template = AgreementTemplate(organization=organization, kind=kind, title=title, body=body)
    db.session.add(template)
    db.session.commit()
    return template


def messages_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id))
    )


def latest_link(address: str) -> str:
    """The signing link of the newest e-mail to this address, as a path."""
    for message in reversed(messages_to(address)):
        match = LINK.search(message.text_body)
        if match:
            return f"/sign/{match.group(1)}"
    raise AssertionError(f"no signing link was e-mailed to {address}")


def drawn_signature() -> str:
    """A scribble as the canvas would post it: a PNG data URL on a transparent background."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(40, 150), (120, 40), (200, 160), (320, 60), (520, 140)], fill=(29, 36, 51, 255), width=4)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def hidden_hash(html: str) -> str:
    match = re.search(r'name="document_sha256"[^>]*value="([0-9a-f]{64})"', html) or re.search(
        r'value="([0-9a-f]{64})"[^>]*name="document_sha256"', html
    )
    assert match, "the signing page has no document hash field"
    return match.group(1)
