"""The demo's agreements saved: its templates, the 2020 convention signed during the event (a record:
no e-mail goes out for it), and the upcoming amendment sent and waiting for signatures."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from io import BytesIO

from PIL import Image, ImageDraw
from sqlalchemy import select

from webinars.accounts.models import Organization, User
from webinars.agreements import audit, drafting, sending, signing, templates_service
from webinars.agreements.models import Agreement, AgreementStatus, AgreementTemplate
from webinars.agreements.signatures import decode_signature
from webinars.demo import agreement_data
from webinars.events.models import Webinar
from webinars.extensions import db

# Where the demo's signatures "came from": documentation addresses (RFC 5737), and an honest browser name.
DEMO_IP_ADDRESS = "192.0.2.10"
DEMO_USER_AGENT = "Données de démonstration (webinars demo)"


def save_agreement_templates(organization: Organization) -> dict[str, AgreementTemplate]:
    templates = {}
    for spec in agreement_data.AGREEMENT_TEMPLATES:
        details = templates_service.TemplateDetails(spec.kind, spec.title, spec.body)
        template = db.session.scalar(
            select(AgreementTemplate).where(
                AgreementTemplate.organization_id == organization.id, AgreementTemplate.title == spec.title
            )
        )
        if template is None:
            template = templates_service.create_template(organization, details, "fr")
        else:
            templates_service.update_template(template, details, "fr")
        templates[spec.title] = template
    return templates


def save_agreements(
    organizer: User, webinars: list[Webinar], templates: dict[str, AgreementTemplate], now: datetime
) -> None:
    """The 2020 convention signed during the event; the upcoming amendment sent, waiting for signatures.

    An agreement is never re-created: signing links do not expire, so the
    .eml files of the first run keep links that work.
    """
    by_slug = {webinar.slug: webinar for webinar in webinars}
    actor = audit.organizer_actor(organizer)
    for spec in agreement_data.AGREEMENTS:
        webinar, template = by_slug[spec.webinar_slug], templates[spec.template.title]
        existing = db.session.scalar(
            select(Agreement).where(
                Agreement.webinar_id == webinar.id,
                Agreement.template_id == template.id,
                Agreement.status != AgreementStatus.WITHDRAWN,
            )
        )
        if existing is None:
            _create_agreement(spec, webinar, template, actor, now)


def _create_agreement(
    spec: agreement_data.DemoAgreement, webinar: Webinar, template: AgreementTemplate, actor: str, now: datetime
) -> None:
    parties = [drafting.PartyDetails(p.name, p.full_name, p.position, p.email) for p in spec.parties]
    if not spec.signed:
        agreement = drafting.create_convention_draft(webinar, template, parties, actor, now=now)
        sending.send_agreement(agreement, actor, now=now)
        return
    # A record of what happened in 2020: no e-mail goes out for it.
    sent_at = webinar.starts_at - spec.sent_before
    agreement = drafting.create_convention_draft(webinar, template, parties, actor, now=sent_at - timedelta(minutes=10))
    sending.send_agreement(agreement, actor, now=sent_at, notify=False)
    for signatory, party in zip(list(agreement.signatories), spec.parties):
        signed_at = webinar.starts_at + party.signed_after
        signing.record_opening(signatory, DEMO_IP_ADDRESS, DEMO_USER_AGENT, now=signed_at - timedelta(seconds=90))
        details = signing.SignatureDetails(
            typed_name=party.full_name,
            document_sha256=agreement.document_sha256,
            signature_png=_drawn_signature(party.strokes),
            ip_address=DEMO_IP_ADDRESS,
            user_agent=DEMO_USER_AGENT,
        )
        agreement = signing.sign(signatory, details, now=signed_at, notify=False)


def _drawn_signature(strokes) -> bytes | None:
    """A signature as the signing page's canvas would post it (600 x 200, transparent)."""
    if not strokes:
        return None
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        pen.line(stroke, fill=(29, 36, 51, 255), width=4, joint="curve")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return decode_signature("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
