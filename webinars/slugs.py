"""URL slugs made from titles and names: readable, ASCII, unique."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "webinar"


def unique_slug(text: str, is_taken: Callable[[str], bool], max_length: int = 80) -> str:
    base = slugify(text, max_length)
    candidate, counter = base, 2
    while is_taken(candidate):
        candidate = f"{base[: max_length - 6]}-{counter}"
        counter += 1
    return candidate
