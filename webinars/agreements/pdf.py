"""The signed agreement as a PDF (WeasyPrint): the document, a signature block per party,
and a certificate page with the audit trail, the document's SHA-256 and the verification code.

``pdf_content`` gathers the facts from an agreement; ``render_pdf`` turns
them into bytes and is a function of those facts only. WeasyPrint may fetch
nothing but ``data:`` URLs (the drawn signatures): no network, no files.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from webinars.agreements.audit import details_of
from webinars.agreements.models import Agreement, AgreementEvent, AuditKind, SignatoryState
from webinars.i18n import format_event_datetime
from webinars.markdown import render_markdown
from webinars.organizations.brand import Letterhead, letterhead_for
from webinars.urls import absolute_url


@dataclass(frozen=True)
class PartyBlock:
    party: str
    full_name: str
    position: str | None
    signed_at: str | None  # in the event's zone, with the zone's name
    typed_name: str | None
    signature_data_url: str | None


@dataclass(frozen=True)
class TrailRow:
    sequence: int
    when: str  # in the event's zone
    when_utc: str
    label: str
    actor: str
    lines: list[str]
    hash: str


@dataclass(frozen=True)
class PdfContent:
    language: str
    title: str
    body_html: str
    organization_name: str
    webinar_title: str
    document_sha256: str
    verification_code: str
    verify_url: str
    completed_at: str
    parties: list[PartyBlock]
    trail: list[TrailRow]
    trail_head: str
    # The organization's letterhead as it is when the PDF is made; stored PDFs are never made again.
    letterhead: Letterhead | None = None


def render_agreement_pdf(agreement: Agreement) -> bytes:
    return render_pdf(pdf_content(agreement))


def pdf_content(agreement: Agreement) -> PdfContent:
    zone = agreement.webinar.timezone
    language = agreement.language
    with force_locale(language):
        parties = [
            PartyBlock(
                party=s.party_name,
                full_name=s.full_name,
                position=s.position,
                signed_at=format_event_datetime(s.answered_at, zone, language)
                if s.state is SignatoryState.SIGNED and s.answered_at else None,
                typed_name=s.typed_name,
                signature_data_url=png_data_url(s.signature_png),
            )
            for s in agreement.signatories
        ]
        trail = trail_rows(agreement, language)
    return PdfContent(
        language=language,
        title=agreement.title or "",
        body_html=str(render_markdown(agreement.body)),
        organization_name=agreement.webinar.organization.name,
        webinar_title=agreement.webinar.title,
        document_sha256=agreement.document_sha256 or "",
        verification_code=agreement.verification_code or "",
        verify_url=absolute_url(f"/verify/{agreement.verification_code}"),
        completed_at=format_event_datetime(agreement.completed_at, zone, language) if agreement.completed_at else "",
        parties=parties,
        trail=trail,
        trail_head=agreement.audit_head or "",
        letterhead=letterhead_for(agreement.webinar.organization),
    )


def render_pdf(content: PdfContent) -> bytes:
    with force_locale(content.language):
        html = render_template("agreements/pdf.html", pdf=content, letterhead=content.letterhead)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def png_data_url(png: bytes | None) -> str | None:
    if not png:
        return None
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# --- the audit trail, in words (the PDF's certificate and the organizer's page) ------------


def trail_rows(agreement: Agreement, language: str | None = None) -> list[TrailRow]:
    zone = agreement.webinar.timezone
    return [
        TrailRow(
            sequence=event.sequence,
            when=format_event_datetime(event.occurred_at, zone, language),
            when_utc=event.occurred_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            label=event.kind.label,
            actor=event.actor,
            lines=event_lines(event),
            hash=event.hash,
        )
        for event in agreement.events
    ]


def event_lines(event: AgreementEvent) -> list[str]:
    details = details_of(event)
    lines: list[str] = []
    if event.kind in (AuditKind.CREATED, AuditKind.SENT, AuditKind.PARTIES_CHANGED):
        for party in details.get("signatories") or []:
            lines.append(
                _("Signatory: %(name)s (%(party)s) <%(email)s>", name=party.get("full_name"), party=party.get("party"), email=party.get("email"))
            )
        if details.get("document_sha256"):
            lines.append(_("Document SHA-256: %(hash)s", hash=details["document_sha256"]))
    elif event.kind is AuditKind.REMINDED:
        lines.append(_("New link sent to %(email)s", email=details.get("email")))
    elif event.kind in (AuditKind.SIGNED, AuditKind.DECLINED):
        if details.get("typed_name"):
            lines.append(_("Typed name: %(name)s", name=details["typed_name"]))
        if event.kind is AuditKind.SIGNED:
            if details.get("signature_png_sha256"):
                lines.append(_("Drawn signature, SHA-256: %(hash)s", hash=details["signature_png_sha256"]))
            else:
                lines.append(_("No drawn signature"))
        if details.get("decline_reason"):
            lines.append(_("Reason: %(reason)s", reason=details["decline_reason"]))
        if details.get("document_sha256"):
            lines.append(_("Document SHA-256 shown: %(hash)s", hash=details["document_sha256"]))
    elif event.kind is AuditKind.WITHDRAWN and details.get("reason"):
        lines.append(_("Reason: %(reason)s", reason=details["reason"]))
    elif event.kind is AuditKind.COMPLETED:
        lines.append(_("PDF SHA-256: %(hash)s", hash=details.get("pdf_sha256")))
        lines.append(_("Verification code: %(code)s", code=details.get("verification_code")))
    if details.get("ip_address"):
        lines.append(_("IP address: %(ip)s", ip=details["ip_address"]))
    if details.get("user_agent"):
        lines.append(_("Browser: %(agent)s", agent=details["user_agent"]))
    return lines
