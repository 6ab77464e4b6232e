"""An agreement's document: its template filled in with the webinar, its organization and its parties.

A draft's text is rendered afresh each time (it follows the template and the webinar); once sent,
the frozen text is the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from webinars.agreements import documents, placeholders
from webinars.agreements.errors import AgreementError, DocumentCannotBeRendered, TemplateUnavailable
from webinars.agreements.models import Agreement, AgreementKind
from webinars.events.models import Webinar
from webinars.people.models import ParticipationRole
from webinars.urls import absolute_url


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    sha256: str
    frozen: bool


def title_of(agreement: Agreement, language: str) -> str:
    """The agreement's title; a draft's as it would be sent now, or, if it cannot be rendered,
    its template's with the placeholders as labels in ``language`` (never their syntax)."""
    if agreement.title is not None:
        return agreement.title
    try:
        return render_document(agreement)[0]
    except AgreementError:
        return placeholders.bracketed(agreement.template.title, language) if agreement.template else _("Draft")


def document_of(agreement: Agreement) -> Document:
    """The frozen document once sent; for a draft, the text it would have if sent now."""
    if agreement.body is not None and agreement.title is not None:
        return Document(agreement.title, agreement.body, agreement.document_sha256 or "", frozen=True)
    title, body = render_document(agreement)
    return Document(title, body, documents.document_sha256(title, body), frozen=False)


def render_document(agreement: Agreement) -> tuple[str, str]:
    template = agreement.template
    if template is None:
        raise TemplateUnavailable(
            _("The template of this draft was deleted. Withdraw the draft and create a new agreement.")
        )
    context = _context(agreement)
    try:
        title = documents.render_title(template.title, context)
        body = documents.normalize_newlines(documents.render_text(template.body, context))
    except documents.RenderingFailed as error:
        raise DocumentCannotBeRendered(rendering_problem(error)) from error
    return title, body


def rendering_problem(error: documents.RenderingFailed) -> str:
    """Why a template cannot be filled in, for the organizer."""
    if error.code == "missing_party":
        return _(
            "The template cannot be filled in for this agreement: it names a party (%(name)s) the agreement does "
            "not have.",
            name=error.detail,
        )
    if error.code == "unknown":
        return _(
            "The template cannot be filled in: %(name)s is not a placeholder. Edit the template, then try again.",
            name=error.detail,
        )
    if error.code == "too_long":
        return _(
            "The template cannot be filled in: the document would be too long. Shorten the template or the "
            "parties' block, then try again."
        )
    if error.code == "outside_block":
        return _(
            "The template cannot be filled in: %(name)s is outside the parties' block. Edit the template, then try "
            "again.",
            name=error.detail,
        )
    return _("The template cannot be filled in: its parties' block is not closed. Edit the template, then try again.")


def webinar_context(webinar: Webinar, language: str) -> dict:
    """The facts of the webinar and its organization, which every agreement of it shares."""
    facts = documents.webinar_facts(
        title=webinar.title,
        subtitle=webinar.subtitle,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        zone_name=webinar.timezone,
        url=absolute_url(f"/webinars/{webinar.slug}"),
        language=language,
    )
    organization = documents.organization_facts(name=webinar.organization.name, website=webinar.organization.website)
    return documents.document_context(webinar=facts, organization=organization)


def _context(agreement: Agreement) -> dict:
    context = webinar_context(agreement.webinar, agreement.language)
    if agreement.kind is AgreementKind.RELEASE:
        signer = agreement.signatories[0]
        context["person"] = documents.person_facts(
            full_name=signer.full_name,
            position=signer.position,
            affiliation=agreement.person.affiliation if agreement.person else signer.party_name,
            role=_role_of(agreement),
        )
        return context
    context[documents.PARTIES] = [
        documents.party_facts(name=s.party_name, signatory=s.full_name, position=s.position)
        for s in agreement.signatories
    ]
    return context


def _role_of(agreement: Agreement) -> str:
    """'moderator' or 'speaker' in the document's language, from the webinar's line-up."""
    role = next(
        (p.role for p in agreement.webinar.participations if p.person_id == agreement.person_id),
        ParticipationRole.SPEAKER,
    )
    with force_locale(agreement.language):
        return role.label.lower()
