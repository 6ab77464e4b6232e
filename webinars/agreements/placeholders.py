"""The placeholders organizers write in agreement templates: a fixed list, and no template code.

A placeholder is a name between double braces. Each has one canonical form,
the one stored (``{{webinar.title}}``), and a label in each language, which
organizers may type instead and which the editor shows (``{{Titre du
webinaire}}``, ``{{Webinar title}}``). Case, accents, apostrophes and spaces
do not matter when a name is looked up, so ``{{ titre du Webinaire }}`` works.

Conventions have one repeatable block, written between
``{{#parties}}`` and ``{{/parties}}`` (``{{Pour chaque partie}}`` ... ``{{Fin
pour chaque partie}}``): what is between them is written once per party, with
``{{party.name}}`` and its siblings standing for that party. A given party is
``{{party1.name}}``, ``{{party2.name}}``... anywhere in the text.

Why not Jinja, even sandboxed: an expression such as ``{{ 7**20000000 }}``
holds a worker thread for minutes, ``{{ "x" * 20000000 }}`` writes 20 MB and
``{{ 10**5000 }}`` raises. Here every step is a lookup in a table: reading a
template is one regular-expression pass, rendering writes the text once
(the parties block once per party), so the time and size of a rendering are
bounded by the template's own length, the number of parties and the values.

Pure functions of their inputs, tested without the app.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from webinars.agreements.models import AgreementKind

TITLE_MAX_LENGTH = 200  # the column's length; the title is stored in canonical form
BODY_MAX_LENGTH = 50_000
MAX_PARTIES = 10  # a convention's parties: {{party1.name}} ... {{party10.name}}
MAX_PLACEHOLDERS = 1_000  # per title or text: a long contract uses a hundred
RENDERED_TITLE_MAX_LENGTH = 300  # Agreement.title
# A filled-in text may be longer than its template (a block per party, values longer than their
# placeholders), but not without bound: rendering stops past this many characters.
RENDERED_MAX_LENGTH = 3 * BODY_MAX_LENGTH
# The unknown placeholders a message names; more would only make it longer.
NAMED_IN_A_MESSAGE = 10

# A placeholder: up to 120 characters without braces or line breaks between {{ and }}.
# The bounded repetition keeps the pattern linear whatever the input.
TOKEN = re.compile(r"\{\{([^{}\n]{1,120})\}\}")

RELEASE, CONVENTION = AgreementKind.RELEASE, AgreementKind.CONVENTION
BOTH = frozenset({RELEASE, CONVENTION})
LANGUAGES = ("fr", "en")

BLOCK_START, BLOCK_END = "#parties", "/parties"


@dataclass(frozen=True)
class Placeholder:
    key: str  # canonical: "webinar.title", "party2.name", "#parties"
    fr: str
    en: str
    kinds: frozenset[AgreementKind]
    in_block: bool = False  # party.name and its siblings: only between the block's markers

    @property
    def canonical(self) -> str:
        return "{{" + self.key + "}}"

    def label(self, language: str) -> str:
        return self.fr if language == "fr" else self.en

    def written(self, language: str) -> str:
        """As the editor shows it and as the organizer types it: ``{{Titre du webinaire}}``."""
        return "{{" + self.label(language) + "}}"

    @property
    def is_block_marker(self) -> bool:
        return self.key in (BLOCK_START, BLOCK_END)

    @property
    def party_number(self) -> int | None:
        match = re.fullmatch(r"party(\d+)\.\w+", self.key)
        return int(match[1]) if match else None


_SHARED = (
    Placeholder("webinar.title", "Titre du webinaire", "Webinar title", BOTH),
    Placeholder("webinar.subtitle", "Sous-titre du webinaire", "Webinar subtitle", BOTH),
    Placeholder("webinar.date", "Date du webinaire", "Webinar date", BOTH),
    Placeholder("webinar.time", "Horaire du webinaire", "Webinar time", BOTH),
    Placeholder("webinar.timezone", "Fuseau horaire du webinaire", "Webinar time zone", BOTH),
    Placeholder("webinar.url", "Page du webinaire", "Webinar page", BOTH),
    Placeholder("organization.name", "Nom de l'organisation", "Organization name", BOTH),
    Placeholder("organization.website", "Site web de l'organisation", "Organization website", BOTH),
)
_RELEASE = (
    Placeholder("person.full_name", "Nom de l'intervenant", "Speaker name", frozenset({RELEASE})),
    Placeholder("person.position", "Fonction de l'intervenant", "Speaker position", frozenset({RELEASE})),
    Placeholder("person.affiliation", "Organisme de l'intervenant", "Speaker organization", frozenset({RELEASE})),
    Placeholder("person.role", "Rôle de l'intervenant", "Speaker role", frozenset({RELEASE})),
)
_CONVENTION_ONLY = frozenset({CONVENTION})
_BLOCK = (
    Placeholder(BLOCK_START, "Pour chaque partie", "For each party", _CONVENTION_ONLY),
    Placeholder("party.name", "Nom de la partie", "Party name", _CONVENTION_ONLY, in_block=True),
    Placeholder("party.signatory", "Signataire de la partie", "Party signatory", _CONVENTION_ONLY, in_block=True),
    Placeholder(
        "party.position", "Fonction du signataire de la partie", "Party signatory position", _CONVENTION_ONLY, in_block=True
    ),
    Placeholder(BLOCK_END, "Fin pour chaque partie", "End for each party", _CONVENTION_ONLY),
)
_NUMBERED = tuple(
    placeholder
    for number in range(1, MAX_PARTIES + 1)
    for placeholder in (
        Placeholder(f"party{number}.name", f"Nom de la partie {number}", f"Party {number} name", _CONVENTION_ONLY),
        Placeholder(
            f"party{number}.signatory", f"Signataire de la partie {number}", f"Party {number} signatory", _CONVENTION_ONLY
        ),
        Placeholder(
            f"party{number}.position",
            f"Fonction du signataire de la partie {number}",
            f"Party {number} signatory position",
            _CONVENTION_ONLY,
        ),
    )
)
PLACEHOLDERS: tuple[Placeholder, ...] = _SHARED + _RELEASE + _BLOCK + _NUMBERED


def normalized_name(text: str) -> str:
    """What a name is looked up by: no accents, no case, one kind of apostrophe, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
        text = "".join(character for character in text if not unicodedata.combining(character))
    return " ".join(text.casefold().split())


BY_KEY: dict[str, Placeholder] = {placeholder.key: placeholder for placeholder in PLACEHOLDERS}
# Every form of every name (tests/agreements/test_placeholders.py checks that none names two placeholders).
_BY_NAME: dict[str, Placeholder] = {
    normalized_name(name): placeholder
    for placeholder in PLACEHOLDERS
    for name in (placeholder.key, placeholder.fr, placeholder.en)
}


def lookup(name: str) -> Placeholder | None:
    """The placeholder a name stands for, in any of its forms; ``None`` for an unknown name."""
    return _BY_NAME.get(normalized_name(name))


def for_kind(kind: AgreementKind) -> list[Placeholder]:
    return [placeholder for placeholder in PLACEHOLDERS if kind in placeholder.kinds]


# --- reading a template ----------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    name: str  # as written between the braces
    placeholder: Placeholder | None  # None: a name we do not know


def tokens(source: str) -> list[Token]:
    return [Token(m.start(), m.end(), m[1], lookup(m[1])) for m in TOKEN.finditer(source)]


@dataclass(frozen=True)
class Problem:
    """What is wrong with a template; the caller words it in the organizer's language."""

    field: str  # "title" or "body"
    code: str  # "too_long", "too_many", "syntax", "unknown", "outside_block", "block"
    detail: str = ""  # the placeholders concerned, as written, comma-separated
    line: int | None = None
    limit: int | None = None


def problems(kind: AgreementKind, field: str, source: str) -> list[Problem]:
    """The problems of a template's title or body; an empty list when it can be saved."""
    limit = TITLE_MAX_LENGTH if field == "title" else BODY_MAX_LENGTH
    if len(source) > limit:
        return [Problem(field, "too_long", limit=limit)]
    if source.count("{{") > MAX_PLACEHOLDERS:
        return [Problem(field, "too_many", limit=MAX_PLACEHOLDERS)]
    found: list[Problem] = []
    found_tokens = tokens(source)
    stray = _stray_brace(source, found_tokens)
    if stray is not None:
        found.append(Problem(field, "syntax", detail=stray[1], line=stray[0]))

    unknown, outside, block_error = [], [], False
    depth = 0
    for token in found_tokens:
        placeholder = token.placeholder
        written = "{{" + token.name + "}}"
        if placeholder is None or kind not in placeholder.kinds or (field == "title" and placeholder.is_block_marker):
            unknown.append(written)
        elif placeholder.key == BLOCK_START:
            block_error |= depth > 0  # blocks are not nested
            depth += 1
        elif placeholder.key == BLOCK_END:
            block_error |= depth == 0
            depth = max(depth - 1, 0)
        elif placeholder.in_block and depth == 0:
            outside.append(written)
    block_error |= depth > 0
    if unknown:
        found.append(Problem(field, "unknown", _names(unknown)))
    if outside:
        found.append(Problem(field, "outside_block", _names(outside)))
    if block_error:
        found.append(Problem(field, "block"))
    return found


def _names(written: list[str]) -> str:
    names = list(dict.fromkeys(written))
    shown = ", ".join(names[:NAMED_IN_A_MESSAGE])
    return shown + (", …" if len(names) > NAMED_IN_A_MESSAGE else "")


def _stray_brace(source: str, found_tokens: list[Token]) -> tuple[int, str] | None:
    """The line and text of the first "{{" or "}}" that is not part of a placeholder."""
    position = 0
    for token in [*found_tokens, Token(len(source), len(source), "", None)]:
        text = source[position : token.start]
        for brace in ("{{", "}}"):
            index = text.find(brace)
            if index >= 0:
                offset = position + index
                return source.count("\n", 0, offset) + 1, brace
        position = token.end
    return None


def _rewrite(source: str, replacement: Callable[[Token], str | None]) -> str:
    """The text with each placeholder replaced by ``replacement(token)`` (kept when it gives ``None``)."""
    parts: list[str] = []
    position = 0
    for token in tokens(source):
        written = replacement(token)
        if written is not None:
            parts.append(source[position : token.start])
            parts.append(written)
            position = token.end
    parts.append(source[position:])
    return "".join(parts)


def canonical(source: str) -> str:
    """Each known placeholder in its stored form, whatever form it was typed in."""
    return _rewrite(source, lambda token: token.placeholder.canonical if token.placeholder else None)


def localized(source: str, language: str) -> str:
    """Each known placeholder as the editor shows it in ``language``: ``{{Titre du webinaire}}``."""
    return _rewrite(source, lambda token: token.placeholder.written(language) if token.placeholder else None)


def bracketed(source: str, language: str) -> str:
    """A title for lists and menus, with each placeholder as its label between brackets: ``[Nom de la partie 1]``."""
    return _rewrite(source, lambda token: f"[{token.placeholder.label(language)}]" if token.placeholder else None)


# --- rendering ------------------------------------------------------------------------


class RenderingFailed(Exception):
    """The template cannot be filled in with these facts; ``detail`` names the placeholder concerned."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code  # "unknown", "missing_party", "outside_block", "block", "too_long"
        self.detail = detail


Facts = dict  # {"webinar": {...}, "organization": {...}, "person": {...}, "parties": [{...}, ...]}
Missing = Callable[[Placeholder], str]


def render(source: str, facts: Facts, missing: Missing | None = None) -> str:
    """The text with every placeholder replaced by its value, in one pass.

    A fact the ``facts`` do not hold (a third party of a two-party convention, a person
    in a convention) raises ``RenderingFailed`` unless ``missing`` says what to write
    instead. Text between placeholders is copied as it is.
    """
    if source.count("{{") > MAX_PLACEHOLDERS:
        raise RenderingFailed("too_long", str(MAX_PLACEHOLDERS))
    found_tokens = tokens(source)
    parts = _Output()
    position = 0
    index = 0
    while index < len(found_tokens):
        token = found_tokens[index]
        parts.append(source[position : token.start])
        placeholder = token.placeholder
        if placeholder is None:
            raise RenderingFailed("unknown", "{{" + token.name + "}}")
        if placeholder.key == BLOCK_END:
            raise RenderingFailed("block")
        if placeholder.key == BLOCK_START:
            end = _block_end(found_tokens, index)
            inner = source[token.end : found_tokens[end].start]
            inner_tokens = [
                Token(t.start - token.end, t.end - token.end, t.name, t.placeholder)
                for t in found_tokens[index + 1 : end]
            ]
            for party in facts.get("parties") or []:
                _render_flat(parts, inner, inner_tokens, facts, party, missing)
            position = found_tokens[end].end
            index = end + 1
            continue
        parts.append(_value(placeholder, facts, None, missing))
        position = token.end
        index += 1
    parts.append(source[position:])
    return parts.text()


class _Output:
    """The rendered text, refused as soon as it grows past ``RENDERED_MAX_LENGTH``."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def append(self, text: str) -> None:
        self.length += len(text)
        if self.length > RENDERED_MAX_LENGTH:
            raise RenderingFailed("too_long", str(RENDERED_MAX_LENGTH))
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


def _block_end(found_tokens: list[Token], start: int) -> int:
    for index in range(start + 1, len(found_tokens)):
        placeholder = found_tokens[index].placeholder
        if placeholder is not None and placeholder.key == BLOCK_START:
            break
        if placeholder is not None and placeholder.key == BLOCK_END:
            return index
    raise RenderingFailed("block")


def _render_flat(
    parts: _Output, source: str, found_tokens: list[Token], facts: Facts, party: dict | None, missing: Missing | None
) -> None:
    position = 0
    for token in found_tokens:
        if token.placeholder is None:
            raise RenderingFailed("unknown", "{{" + token.name + "}}")
        parts.append(source[position : token.start])
        parts.append(_value(token.placeholder, facts, party, missing))
        position = token.end
    parts.append(source[position:])


def value(placeholder: Placeholder, facts: Facts, party: dict | None = None) -> str:
    """One placeholder's value ("" when the facts do not hold it)."""
    return _value(placeholder, facts, party, lambda _placeholder: "")


def _value(placeholder: Placeholder, facts: Facts, party: dict | None, missing: Missing | None) -> str:
    group, attribute = placeholder.key.split(".")
    number = placeholder.party_number
    if number is not None:
        parties = facts.get("parties") or []
        source = parties[number - 1] if number <= len(parties) else None
    elif group == "party":
        source = party
    else:
        source = facts.get(group)
    if source is None:
        if missing is not None:
            return missing(placeholder)
        code = "missing_party" if number is not None else "outside_block" if group == "party" else "unknown"
        raise RenderingFailed(code, placeholder.canonical)
    return str(source.get(attribute) or "")
