"""The fonts certificates are printed with, and a warning when a name needs glyphs none of them has.

Names come in any script: "Zoé Lefèvre", "محمد بنعبو". The certificate embeds the font files listed
in ``CERTIFICATE_FONT_FILES`` (Debian's ``fonts-noto-core`` and ``fonts-dejavu-core`` by default,
which ``.ci/run`` installs) through ``@font-face``, in that order of preference, so the PDF does not
depend on what fontconfig happens to pick. A file that is missing is left out with a warning; a
character that none of the files has is still printed in a fallback font of the system if there is
one (WeasyPrint asks fontconfig), and logged, so a certificate never goes out with empty boxes
without anyone being told.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class FontFile:
    path: str
    family: str
    weight: int  # 400 regular, 700 bold
    characters: frozenset[int]


@dataclass(frozen=True)
class FontSet:
    files: tuple[FontFile, ...]
    missing: tuple[str, ...]  # listed paths that could not be read

    @property
    def families(self) -> list[str]:
        """Each family once, in the order of preference."""
        return list(dict.fromkeys(font.family for font in self.files))

    def covers(self, character: str) -> bool:
        code = ord(character)
        return any(code in font.characters for font in self.files)

    def uncovered(self, text: str) -> list[str]:
        """The characters of ``text`` that no font of the set can print (spaces and marks aside)."""
        return sorted(
            {
                character
                for character in text
                if not character.isspace() and unicodedata.category(character)[0] not in "CZ" and not self.covers(character)
            }
        )


_cache: dict[tuple[str, ...], FontSet] = {}
_lock = threading.Lock()


def font_set(paths: tuple[str, ...] | list[str]) -> FontSet:
    """The readable fonts among ``paths``, read once per process (a font's tables take milliseconds)."""
    key = tuple(paths)
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = _cache[key] = _read(key)
    if found.missing:
        log.warning(
            "Certificate fonts not found: %s. Names may print in another font; install Debian's "
            "fonts-noto-core and fonts-dejavu-core, or set WEBINARS_CERTIFICATE_FONT_FILES.",
            ", ".join(found.missing),
        )
    return found


def _read(paths: tuple[str, ...]) -> FontSet:
    files, missing = [], []
    for path in paths:
        try:
            font = TTFont(path, lazy=True)
            family = font["name"].getBestFamilyName()
            weight = font["OS/2"].usWeightClass
            characters = frozenset(font.getBestCmap() or {})
            font.close()
        except (OSError, KeyError, AttributeError) as error:
            log.debug("Cannot read font %s: %s", path, error)
            missing.append(path)
            continue
        files.append(FontFile(path=str(Path(path)), family=family, weight=700 if weight >= 600 else 400, characters=characters))
    return FontSet(files=tuple(files), missing=tuple(missing))


def warn_about_uncovered(fonts: FontSet, text: str, what: str) -> list[str]:
    """Log the characters of ``text`` no certificate font has; returns them."""
    uncovered = fonts.uncovered(text)
    if uncovered:
        log.warning(
            "%s: no certificate font has the characters %s (%s); they are printed in a fallback font "
            "of the system, or as empty boxes if it has none. Add a font that has them to "
            "WEBINARS_CERTIFICATE_FONT_FILES.",
            what,
            " ".join(uncovered),
            ", ".join(f"U+{ord(character):04X}" for character in uncovered),
        )
    return uncovered
