"""The pieces the recap article is written with: Markdown that keeps user text as text, the
typography both languages share, and the moments of the recording. Pure functions.
"""

from __future__ import annotations

import re

# French typography: a narrow no-break space inside guillemets and before ; ! ?,
# a no-break space before a colon.
NNBSP = "\u202f"
NBSP = "\u00a0"


# --- Markdown -----------------------------------------------------------------------

# Characters that would start emphasis, code, a link, an autolink, HTML or a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
# "&copy;" or "&#169;" would turn into a character; a lone "&" (R&D) stays as typed.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape_markdown(text: str) -> str:
    """User text as literal Markdown inline text: on one line, nothing in it becomes formatting."""
    text = _LINE_BREAKS.sub(" ", text.strip())
    return _ENTITY.sub(r"\\&", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _link_destination(url: str) -> str:
    for character, encoded in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(character, encoded)
    return url


def markdown_link(text: str, url: str) -> str:
    return f"[{text}]({_link_destination(url.strip())})"


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


# --- shared wording helpers ------------------------------------------------------------

# Opening mark → the closing marks that may end the same quotation.
_QUOTATION_MARKS = {
    '"': '"', "'": "'", "«": "»", "“": "”", "„": "“”", "‘": "’", "‹": "›", "”": "”",
}
_SPACES = f" \t\r\n{NBSP}{NNBSP}"


def unquoted(text: str) -> str:
    """The words without the quotation marks the user may have typed around them.

    Only marks that enclose the whole text go: « A » et « B » is two quotations, left as typed.
    """
    text = text.strip(_SPACES)
    while len(text) >= 2 and text[-1] in _QUOTATION_MARKS.get(text[0], ""):
        opening, closings, inner = text[0], _QUOTATION_MARKS[text[0]], text[1:-1]
        if opening in inner or any(closing in inner for closing in closings):
            break
        text = inner.strip(_SPACES)
    return text


def without_final_period(text: str) -> str:
    """The attribution ends the sentence; an ellipsis stays."""
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip(_SPACES)
    return text


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def enumeration(items: list[str], conjunction: str, serial_comma: bool) -> str:
    """"A", "A and B", "A, B and C" (or "A, B, and C" with the serial comma)."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    last_separator = f", {conjunction} " if serial_comma else f" {conjunction} "
    return ", ".join(items[:-1]) + last_separator + items[-1]


def timestamp(seconds: int) -> str:
    """12:34, or 1:02:03 past an hour."""
    hours, rest = divmod(max(int(seconds), 0), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
