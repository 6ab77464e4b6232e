"""Agreement documents: check a template, render it, and hash the result.

Pure functions of their inputs (no database, no request), tested without the app.

Templates hold placeholders from a fixed list (``webinars.agreements.placeholders``),
never template code: rendering one is a substitution pass whose cost is bounded
by the template's length. The rendered text is Markdown; it is sanitized when
shown (``webinars.markdown.render_markdown``), not here.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from babel.dates import format_date, format_time

from webinars.agreements import placeholders
from webinars.agreements.models import AgreementKind
from webinars.agreements.placeholders import Problem as TemplateProblem
from webinars.agreements.placeholders import RenderingFailed
from webinars.timezones import to_local, utc_offset_label

PARTIES = "parties"

__all__ = ["RenderingFailed", "TemplateProblem"]


def check_template(kind: AgreementKind, title: str, body: str) -> list[TemplateProblem]:
    """The problems of a template's title and body; an empty list when both can be saved."""
    return placeholders.problems(kind, "title", title) + placeholders.problems(kind, "body", body)


def render_text(source: str, context: dict, missing: placeholders.Missing | None = None) -> str:
    return placeholders.render(source, context, missing)


def render_title(source: str, context: dict, missing: placeholders.Missing | None = None) -> str:
    """A title on one line, cut to what an agreement's title holds."""
    title = " ".join(render_text(source, context, missing).split())
    limit = placeholders.RENDERED_TITLE_MAX_LENGTH
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


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
