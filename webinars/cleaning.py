"""Input cleaning (STYLE.md): one rule for every text a person types, in a form or (later) the API.

* Line endings are normalized to LF and trailing whitespace goes, so text saved back unchanged
  from a browser (which sends CRLF) is byte for byte what was stored.
* Control characters are refused, not silently dropped, with a message saying which one: C0
  and C1 controls, DEL, and the Unicode line and paragraph separators (U+2028, U+2029), which
  split lines in calendars, mail headers and JSON consumers. Multi-line text keeps TAB and LF.
* URL parameters such as a webinar's slug hold no control character either: such an address is
  not found (404), instead of carrying a NUL into a query that PostgreSQL refuses.
* Whole numbers fit the database's 32-bit INTEGER columns, whether typed in a number field,
  chosen in a list whose values are ids, or given in the query string (``page_number``).
"""

from __future__ import annotations

import re

# Everything that is not printable text: C0 (but TAB and LF, checked per kind of field), DEL, C1, LS, PS.
_CONTROL_IN_MULTI_LINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")

INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1

# A part of a URL path (a slug, a code): printable text only; anything else matches no page.
URL_SEGMENT = r"[^/\x00-\x1f\x7f-\x9f\u2028\u2029]"


def normalize_multi_line(text: str) -> str:
    """CRLF and CR become LF; each line loses its trailing spaces; trailing blank lines go."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip(" \t") for line in lines).rstrip("\n")


def forbidden_character(text: str, *, multi_line: bool) -> str | None:
    """The first character this kind of field refuses, or None."""
    pattern = _CONTROL_IN_MULTI_LINE if multi_line else _CONTROL_IN_ONE_LINE
    found = pattern.search(text)
    return found.group() if found else None


def is_line_break(character: str) -> bool:
    return character in _LINE_BREAKS


def code_point(character: str) -> str:
    """'U+0000'."""
    return f"U+{ord(character):04X}"


def page_number(text: str) -> int:
    """``?page=`` as ``request.args.get("page", 1, type=page_number)``: from 1 up; a number past
    what the database holds stays past the last page instead of reaching a query. Raises
    ValueError (so the default applies) for anything but a whole number."""
    return min(max(int(text), 1), INTEGER_MAX)
