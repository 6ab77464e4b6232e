"""The placeholders of messages to registrants: a fixed list, and no template code.

Same approach as the agreements' (``webinars/agreements/placeholders.py``, whose pattern and name
matching this module reuses): a placeholder is a name between double braces, stored in its
canonical form (``{{first_name}}``) and shown and typed as its label in either language
(``{{Prénom}}``, ``{{First name}}``). Filling one in is a lookup in a table, so a text such as
``{{ 7**20000000 }}`` is an unknown name, never a computation: a rendering costs the text's length.

Pure functions of their inputs, tested without the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from webinars.agreements.placeholders import TOKEN, normalized_name

SUBJECT_MAX_LENGTH = 300
BODY_MAX_LENGTH = 20_000
MAX_PLACEHOLDERS = 500
NAMED_IN_A_MESSAGE = 10


@dataclass(frozen=True)
class Placeholder:
    key: str
    fr: str
    en: str
    is_link: bool = False  # needs a personal link: one is issued for each registrant who gets the message

    @property
    def canonical(self) -> str:
        return "{{" + self.key + "}}"

    def label(self, language: str) -> str:
        return self.fr if language == "fr" else self.en

    def written(self, language: str) -> str:
        return "{{" + self.label(language) + "}}"


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("first_name", "Prénom", "First name"),
    Placeholder("last_name", "Nom", "Last name"),
    Placeholder("webinar_title", "Titre du webinaire", "Webinar title"),
    Placeholder("webinar_date", "Date du webinaire", "Webinar date"),
    Placeholder("webinar_page", "Page du webinaire", "Webinar page"),
    Placeholder("join_link", "Lien pour rejoindre", "Join link", is_link=True),
    Placeholder("personal_link", "Lien personnel", "Personal link", is_link=True),
    Placeholder("organization_name", "Nom de l'organisation", "Organization name"),
)
BY_KEY = {placeholder.key: placeholder for placeholder in PLACEHOLDERS}
_BY_NAME = {
    normalized_name(name): placeholder
    for placeholder in PLACEHOLDERS
    for name in (placeholder.key, placeholder.fr, placeholder.en)
}


def lookup(name: str) -> Placeholder | None:
    return _BY_NAME.get(normalized_name(name))


def used(source: str) -> set[str]:
    """The keys of the known placeholders a text uses."""
    return {found.key for match in TOKEN.finditer(source or "") if (found := lookup(match[1]))}


def needs_link(*sources: str | None) -> bool:
    return any(BY_KEY[key].is_link for source in sources for key in used(source or ""))


def unknown(source: str) -> list[str]:
    """The placeholders of a text that are not in the list, as written (at most ``NAMED_IN_A_MESSAGE``)."""
    names = list(dict.fromkeys("{{" + match[1] + "}}" for match in TOKEN.finditer(source or "") if not lookup(match[1])))
    return names[:NAMED_IN_A_MESSAGE]


def canonical(source: str) -> str:
    """Each known placeholder in its stored form, whatever form it was typed in."""
    return TOKEN.sub(lambda match: found.canonical if (found := lookup(match[1])) else match[0], source)


def localized(source: str, language: str) -> str:
    """Each known placeholder as the editor shows it in ``language``."""
    return TOKEN.sub(lambda match: found.written(language) if (found := lookup(match[1])) else match[0], source)


# Characters that mean something in Markdown: a value is written as text, never as markup
# (a first name such as "[win](https://evil.example)" stays those characters).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&])")


def escape_markdown(value: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def key_is_address(key: str) -> bool:
    return key == "webinar_page" or BY_KEY[key].is_link


def fill(source: str, values: dict[str, str], *, markdown: bool) -> str:
    """The text with each known placeholder replaced by its value, in one pass.

    ``markdown``: the values are escaped so that they read as text in a Markdown body (links are
    our own addresses, left as they are so that they stay links). Unknown names stay as written.
    """

    def value(match: re.Match) -> str:
        placeholder = lookup(match[1])
        if placeholder is None:
            return match[0]
        text = values.get(placeholder.key, "")
        if not markdown:
            return text
        # A link as an autolink: clickable alone, and a valid destination in ``[text](...)`` too.
        return f"<{text}>" if placeholder.is_link or key_is_address(placeholder.key) else escape_markdown(text)

    return TOKEN.sub(value, source)
