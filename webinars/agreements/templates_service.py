"""An organization's agreement templates: saved only when every placeholder is one we know.

Templates are stored with their placeholders in canonical form (``{{webinar.title}}``);
the editor shows them in the organizer's language (``{{Titre du webinaire}}``), and
lists show titles with each placeholder as a label between brackets, or filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webinars.accounts.models import Organization
from webinars.agreements import documents, placeholders
from webinars.agreements.models import AgreementKind, AgreementTemplate
from webinars.agreements.placeholders import Placeholder
from webinars.agreements.rendering import rendering_problem
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


def _written(key: str, language: str) -> str:
    return placeholders.BY_KEY[key].written(language)


def problem_message(problem: documents.TemplateProblem, language: str) -> str:
    block_start, block_end = _written(placeholders.BLOCK_START, language), _written(placeholders.BLOCK_END, language)
    if problem.code == "too_long":
        return _("This text is too long: at most %(limit)s characters.", limit=f"{problem.limit:,}")
    if problem.code == "too_many":
        return _("This text has too many placeholders: at most %(limit)s.", limit=f"{problem.limit:,}")
    if problem.code == "syntax":
        return _(
            "Line %(line)s: “%(brace)s” is not part of a placeholder. A placeholder is a name from the list "
            "between double braces, such as %(example)s.",
            line=problem.line or 1,
            brace=problem.detail,
            example=_written("webinar.title", language),
        )
    if problem.code == "outside_block":
        return _(
            "%(names)s can only be used between %(start)s and %(end)s.",
            names=problem.detail,
            start=block_start,
            end=block_end,
        )
    if problem.code == "block":
        return _(
            "Each %(start)s needs its %(end)s after it, one block at a time, and only in the text.",
            start=block_start,
            end=block_end,
        )
    return _(
        "Unknown placeholder: %(names)s. Use the placeholders listed for this kind of template.",
        names=problem.detail,
    )


def check(details: TemplateDetails, language: str) -> None:
    problems = documents.check_template(details.kind, details.title, details.body)
    if problems:
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.field, []).append(problem_message(problem, language))
        raise TemplateRejected(messages)


def templates_of(organization: Organization, kind: AgreementKind | None = None) -> list[AgreementTemplate]:
    query = select(AgreementTemplate).where(AgreementTemplate.organization_id == organization.id)
    if kind is not None:
        query = query.where(AgreementTemplate.kind == kind)
    return list(db.session.scalars(query.order_by(AgreementTemplate.kind, AgreementTemplate.title)))


def create_template(organization: Organization, details: TemplateDetails, language: str) -> AgreementTemplate:
    template = AgreementTemplate(organization=organization)
    _apply(template, details, language)
    db.session.add(template)
    db.session.flush()
    return template


def update_template(template: AgreementTemplate, details: TemplateDetails, language: str) -> None:
    """Agreements already sent keep their frozen text; drafts follow the template until sent."""
    _apply(template, details, language)
    db.session.flush()


def delete_template(template: AgreementTemplate) -> None:
    db.session.delete(template)
    db.session.flush()


def _apply(template: AgreementTemplate, details: TemplateDetails, language: str) -> None:
    """Check what the organizer wrote, in whatever language its placeholders are, and store it canonical."""
    title = " ".join(details.title.split())
    body = documents.normalize_newlines(details.body).strip() + "\n"
    check(TemplateDetails(details.kind, title, body), language)
    canonical = TemplateDetails(details.kind, placeholders.canonical(title), placeholders.canonical(body))
    check(canonical, language)  # the stored form has its own length limits
    template.kind = canonical.kind
    template.title = canonical.title
    template.body = canonical.body


def editable(template: AgreementTemplate, language: str) -> TemplateDetails:
    """The template as the editor shows it: placeholders named in the organizer's language."""
    return TemplateDetails(
        template.kind, placeholders.localized(template.title, language), placeholders.localized(template.body, language)
    )


def listed_title(template: AgreementTemplate, language: str, context: dict | None = None) -> str:
    """The title for lists and menus: filled in with ``context`` where it has the facts, the
    other placeholders as their label between brackets (never the placeholders' syntax)."""
    try:
        return documents.render_title(
            template.title, context or {}, missing=lambda placeholder: f"[{placeholder.label(language)}]"
        )
    except documents.RenderingFailed:
        return placeholders.bracketed(template.title, language)


@dataclass(frozen=True)
class Preview:
    title: str | None = None
    body: str | None = None
    problem: str | None = None  # why it cannot be shown with the example's facts


def preview(template: AgreementTemplate, language: str) -> Preview:
    """The template rendered with example facts, or why it cannot be."""
    context = example_context(template.kind, language)
    try:
        return Preview(documents.render_title(template.title, context), documents.render_text(template.body, context))
    except documents.RenderingFailed as error:
        if error.code == "missing_party":
            return Preview(problem=_("This template names more parties than the two of the example: it cannot be shown."))
        return Preview(problem=rendering_problem(error))


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


# --- the editor's list of placeholders ------------------------------------------------------

# What each placeholder inserts, by its key; numbered parties share their wording.
_INSERTS = {
    "webinar.title": _l("The webinar's title."),
    "webinar.subtitle": _l("The webinar's subtitle (nothing if it has none)."),
    "webinar.date": _l("The day of the webinar, in its language."),
    "webinar.time": _l("Its start and end times, in its time zone."),
    "webinar.timezone": _l("Its time zone and offset from UTC."),
    "webinar.url": _l("The address of its public page."),
    "organization.name": _l("Your organization's name."),
    "organization.website": _l("Your organization's website."),
    "person.full_name": _l("The full name of the speaker or moderator who signs."),
    "person.position": _l("Their position."),
    "person.affiliation": _l("Their organization."),
    "person.role": _l("“speaker” or “moderator”, in the webinar's language."),
    placeholders.BLOCK_START: _l("Starts the text written once for each party, in their order."),
    "party.name": _l("Between the two markers: the party's name."),
    "party.signatory": _l("Between the two markers: who signs for the party."),
    "party.position": _l("Between the two markers: the signatory's position."),
    placeholders.BLOCK_END: _l("Ends the text written for each party."),
}
# Numbered parties shown in the list; the others (up to MAX_PARTIES) follow the same pattern.
LISTED_NUMBERED_PARTIES = 2


def _inserts(placeholder: Placeholder) -> str:
    number = placeholder.party_number
    if number is None:
        return str(_INSERTS[placeholder.key])
    attribute = placeholder.key.split(".")[1]
    if attribute == "name":
        return _("The name of party %(number)s, in the order the parties are entered.", number=number)
    if attribute == "signatory":
        return _("Who signs for party %(number)s.", number=number)
    return _("The position of the person who signs for party %(number)s.", number=number)


@dataclass(frozen=True)
class PlaceholderRow:
    written: str  # as the organizer types it, in their language
    inserts: str
    example: str  # its value in the preview's example ("" for the block's markers)
    closing: str | None  # for the block's start: its end, which Insert puts after the selection


def placeholder_rows(kind: AgreementKind, language: str) -> list[PlaceholderRow]:
    """The placeholders of a kind of template, in the organizer's language, with what each inserts."""
    context = example_context(kind, language)
    first_party = (context.get("parties") or [None])[0]
    return [
        PlaceholderRow(
            written=placeholder.written(language),
            inserts=_inserts(placeholder),
            example="" if placeholder.is_block_marker else placeholders.value(placeholder, context, first_party),
            closing=_written(placeholders.BLOCK_END, language) if placeholder.key == placeholders.BLOCK_START else None,
        )
        for placeholder in placeholders.for_kind(kind)
        if (placeholder.party_number or 0) <= LISTED_NUMBERED_PARTIES
    ]


def placeholder_hints(language: str) -> list[str]:
    """How placeholders are written, and how the parties' block works, naming them in ``language``."""
    return [
        _(
            "Type a placeholder between double braces, in French or in English: %(french)s and %(english)s are "
            "the same. Insert puts it where the cursor is, in the title or the text. Each one is replaced by its "
            "value when the agreement is sent; the example is its value in the preview.",
            french=placeholders.BY_KEY["webinar.title"].written("fr"),
            english=placeholders.BY_KEY["webinar.title"].written("en"),
        ),
        _(
            "In a convention, the text between %(start)s and %(end)s is written once for each party, in their "
            "order, with %(name)s and the two after it standing for that party. Parties 1 to %(count)s can also be "
            "named anywhere, as %(first)s.",
            start=_written(placeholders.BLOCK_START, language),
            end=_written(placeholders.BLOCK_END, language),
            name=_written("party.name", language),
            count=placeholders.MAX_PARTIES,
            first=_written("party1.name", language),
        ),
    ]
