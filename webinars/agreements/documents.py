"""Agreement documents: check a template's placeholders, render it, and hash the result.

Pure functions of their inputs (no database, no request), tested without the app.

Templates are written by organizers, so they are rendered in Jinja2's
sandbox, without its globals (no ``range`` to loop a billion times), with
``StrictUndefined`` so a misspelt placeholder fails loudly instead of
printing nothing into a contract. The rendered text is Markdown; it is
sanitized when shown (``webinars.markdown.render_markdown``), not here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date, format_time
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from webinars.agreements.models import AgreementKind
from webinars.timezones import to_local, utc_offset_label

# What a template may use, by kind: object -> its attributes.
COMMON_OBJECTS: dict[str, tuple[str, ...]] = {
    "webinar": ("title", "subtitle", "date", "time", "timezone", "url"),
    "organization": ("name", "website"),
}
RELEASE_OBJECTS: dict[str, tuple[str, ...]] = {
    **COMMON_OBJECTS,
    "person": ("full_name", "position", "affiliation", "role"),
}
PARTY_ATTRIBUTES = ("name", "signatory", "position")
PARTIES = "parties"  # conventions: {% for party in parties %}{{ party.name }}{% endfor %}, {{ parties[0].name }}

_environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
_environment.globals.clear()


@dataclass(frozen=True)
class TemplateProblem:
    """What is wrong with a template; the caller words it in the organizer's language."""

    field: str  # "title" or "body"
    code: str  # "syntax" or "unknown"
    detail: str  # the Jinja message (syntax), or the unknown placeholders, comma-separated
    line: int | None = None


def objects_for(kind: AgreementKind) -> dict[str, tuple[str, ...]]:
    return RELEASE_OBJECTS if kind is AgreementKind.RELEASE else COMMON_OBJECTS


def valid_placeholders(kind: AgreementKind) -> list[str]:
    """Every placeholder of this kind of template, as the organizer writes it."""
    names = [f"{{{{ {name}.{attribute} }}}}" for name, attributes in objects_for(kind).items() for attribute in attributes]
    if kind is AgreementKind.CONVENTION:
        names.append("{% for party in parties %} … {% endfor %}")
        names += [f"{{{{ party.{attribute} }}}}" for attribute in PARTY_ATTRIBUTES]
        names.append("{{ parties[0].name }}")
    return names


def check_template(kind: AgreementKind, title: str, body: str) -> list[TemplateProblem]:
    """The problems of a template's title and body; an empty list when both can be saved."""
    return _check_source("title", title, kind) + _check_source("body", body, kind)


def _check_source(field: str, source: str, kind: AgreementKind) -> list[TemplateProblem]:
    try:
        tree = _environment.parse(source)
    except TemplateSyntaxError as error:
        return [TemplateProblem(field, "syntax", error.message or "", error.lineno)]
    objects = objects_for(kind)
    roots = set(objects) | ({PARTIES} if kind is AgreementKind.CONVENTION else set())
    unknown = sorted(f"{{{{ {name} }}}}" for name in meta.find_undeclared_variables(tree) - roots)

    party_names = {
        loop.target.name
        for loop in tree.find_all(nodes.For)
        if isinstance(loop.iter, nodes.Name) and loop.iter.name == PARTIES and isinstance(loop.target, nodes.Name)
    }
    for access in tree.find_all(nodes.Getattr):
        base = access.node
        if isinstance(base, nodes.Name) and base.name in objects and base.name not in party_names:
            if access.attr not in objects[base.name]:
                unknown.append(f"{{{{ {base.name}.{access.attr} }}}}")
        elif _is_party(base, party_names) and access.attr not in PARTY_ATTRIBUTES:
            unknown.append(f"{{{{ party.{access.attr} }}}}")
    # ``{{ webinar }}`` alone would print the object rather than one of its facts.
    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            if isinstance(child, nodes.Name) and (child.name in objects or child.name in party_names):
                unknown.append(f"{{{{ {child.name} }}}}")
    if unknown:
        return [TemplateProblem(field, "unknown", ", ".join(dict.fromkeys(unknown)))]
    return []


def _is_party(node: nodes.Node, party_names: set[str]) -> bool:
    if isinstance(node, nodes.Name):
        return node.name in party_names
    return isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == PARTIES


class RenderingFailed(Exception):
    """The template cannot be rendered with these facts (a party index out of range, say)."""


def render_text(source: str, context: dict) -> str:
    try:
        return _environment.from_string(source).render(context)
    except TemplateError as error:
        raise RenderingFailed(str(error)) from error


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_sha256(title: str, body: str) -> str:
    """The fingerprint of a frozen document: its title, a blank line, and its body, in UTF-8."""
    return hashlib.sha256(document_bytes(title, body)).hexdigest()


def document_bytes(title: str, body: str) -> bytes:
    return f"{title}\n\n{body}".encode("utf-8")


# --- the facts a template is rendered with ---------------------------------------


def webinar_facts(
    *, title: str, subtitle: str | None, starts_at: datetime, ends_at: datetime, zone_name: str, url: str, language: str
) -> dict[str, str]:
    start, end = to_local(starts_at, zone_name), to_local(ends_at, zone_name)
    return {
        "title": title,
        "subtitle": subtitle or "",
        "date": format_date(start, format="long", locale=language),
        "time": f"{format_time(start, format='short', locale=language)}–{format_time(end, format='short', locale=language)}",
        "timezone": f"{zone_name} ({utc_offset_label(start)})",
        "url": url,
    }


def organization_facts(*, name: str, website: str | None) -> dict[str, str]:
    return {"name": name, "website": website or ""}


def person_facts(*, full_name: str, position: str | None, affiliation: str | None, role: str) -> dict[str, str]:
    return {"full_name": full_name, "position": position or "", "affiliation": affiliation or "", "role": role}


def party_facts(*, name: str, signatory: str, position: str | None) -> dict[str, str]:
    return {"name": name, "signatory": signatory, "position": position or ""}


def document_context(
    *,
    webinar: dict[str, str],
    organization: dict[str, str],
    person: dict[str, str] | None = None,
    parties: list[dict[str, str]] | None = None,
) -> dict:
    context: dict = {"webinar": webinar, "organization": organization}
    if person is not None:
        context["person"] = person
    if parties is not None:
        context[PARTIES] = parties
    return context
