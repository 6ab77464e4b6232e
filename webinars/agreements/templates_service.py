"""An organization's agreement templates: saved only when every placeholder is one we know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from webinars.accounts.models import Organization
from webinars.agreements import documents
from webinars.agreements.models import AgreementKind, AgreementTemplate
from webinars.extensions import db


@dataclass(frozen=True)
class TemplateDetails:
    kind: AgreementKind
    title: str
    body: str


class TemplateRejected(Exception):
    """The template has problems; ``messages`` maps a field ("title", "body") to what to tell the organizer."""

    def __init__(self, messages: dict[str, list[str]]):
        super().__init__(messages)
        self.messages = messages


def problem_message(problem: documents.TemplateProblem, kind: AgreementKind) -> str:
    if problem.code == "syntax":
        return _(
            "This text cannot be read as a template (line %(line)s: %(detail)s). "
            "Placeholders are written {{ webinar.title }}.",
            line=problem.line or 1,
            detail=problem.detail,
        )
    return _(
        "Unknown placeholder: %(names)s. The placeholders of this kind of template are: %(valid)s.",
        names=problem.detail,
        valid=", ".join(documents.valid_placeholders(kind)),
    )


def check(details: TemplateDetails) -> None:
    problems = documents.check_template(details.kind, details.title, details.body)
    if problems:
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.field, []).append(problem_message(problem, details.kind))
        raise TemplateRejected(messages)


def templates_of(organization: Organization, kind: AgreementKind | None = None) -> list[AgreementTemplate]:
    query = select(AgreementTemplate).where(AgreementTemplate.organization_id == organization.id)
    if kind is not None:
        query = query.where(AgreementTemplate.kind == kind)
    return list(db.session.scalars(query.order_by(AgreementTemplate.kind, AgreementTemplate.title)))


def create_template(organization: Organization, details: TemplateDetails) -> AgreementTemplate:
    template = AgreementTemplate(organization=organization)
    _apply(template, details)
    db.session.add(template)
    db.session.flush()
    return template


def update_template(template: AgreementTemplate, details: TemplateDetails) -> None:
    """Agreements already sent keep their frozen text; drafts follow the template until sent."""
    _apply(template, details)
    db.session.flush()


def delete_template(template: AgreementTemplate) -> None:
    db.session.delete(template)
    db.session.flush()


def _apply(template: AgreementTemplate, details: TemplateDetails) -> None:
    details = TemplateDetails(
        details.kind, details.title.strip(), documents.normalize_newlines(details.body).strip() + "\n"
    )
    check(details)
    template.kind = details.kind
    template.title = details.title
    template.body = details.body


def preview(template: AgreementTemplate, language: str) -> tuple[str, str] | None:
    """The template rendered with example facts, or ``None`` if it cannot be rendered with them."""
    context = example_context(template.kind, language)
    try:
        return (
            documents.render_text(template.title, context),
            documents.render_text(template.body, context),
        )
    except documents.RenderingFailed:
        return None


def example_context(kind: AgreementKind, language: str) -> dict:
    start = datetime(2020, 12, 18, 9, 0, tzinfo=UTC)
    webinar = documents.webinar_facts(
        title=_("Example webinar"),
        subtitle=_("Its subtitle"),
        starts_at=start,
        ends_at=start.replace(hour=11),
        zone_name="Africa/Casablanca",
        url="https://webinars.example.org/webinars/example",
        language=language,
    )
    organization = documents.organization_facts(name=_("Your organization"), website="https://example.org")
    if kind is AgreementKind.RELEASE:
        person = documents.person_facts(
            full_name=_("First name Last name"), position=_("Position"), affiliation=_("Their organization"), role=_("speaker")
        )
        return documents.document_context(webinar=webinar, organization=organization, person=person)
    parties = [
        documents.party_facts(name=_("First organization"), signatory=_("First signatory"), position=_("Position")),
        documents.party_facts(name=_("Second organization"), signatory=_("Second signatory"), position=_("Position")),
    ]
    return documents.document_context(webinar=webinar, organization=organization, parties=parties)
