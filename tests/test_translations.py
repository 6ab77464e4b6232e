"""Everything user-facing exists in French and English: the catalogs cover every message in the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def _scanned(path: str) -> bool:
    """Every folder but hidden ones and caches: Babel's default also skips ``templates/_macros``."""
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


def messages_in_source() -> set[str]:
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=_scanned
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_no_message_is_both_singular_text_and_a_plural_form():
    """One catalog entry per msgid: a text used alone and as an ngettext singular would share it,
    and the plain lookup would then read the plural entry's first letters (a certificate once said "I")."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    plain, plural = set(), set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=_scanned
    ):
        (plural if isinstance(message, tuple) else plain).add(message[0] if isinstance(message, tuple) else message)
    assert sorted(plain & plural) == []


def catalog(language: str):
    with open(ROOT / "webinars" / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated(language):
    translations = catalog(language)
    missing = sorted(
        message for message in messages_in_source()
        if not (entry := translations.get(message)) or not entry.string or entry.fuzzy
    )
    assert missing == [], f"{len(missing)} messages lack a {language} translation: {missing[:20]}"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_translations_keep_their_placeholders(language):
    problems = [
        (message.id, [str(error) for error in errors])
        for message, errors in catalog(language).check()
        if errors
    ]
    assert problems == []


def test_french_interface_is_really_french(client):
    page = client.get("/login?lang=fr").get_data(as_text=True)
    assert "Se connecter" in page or "Connexion" in page
    assert "Mot de passe" in page
