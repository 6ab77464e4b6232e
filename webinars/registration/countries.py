"""Countries for the registration form: ISO 3166-1 alpha-2 codes, named in the visitor's language.

The names come from the Unicode CLDR through Babel. CLDR also names regions
("001" World, "150" Europe) and groupings or special codes ("EU", "UN", "ZZ",
"IC" Canary Islands...) that are not countries: they are left out. Kosovo keeps
its widely used code "XK".
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})


def _is_country(code: str) -> bool:
    return len(code) == 2 and code.isalpha() and code.isupper() and code not in NOT_COUNTRIES


def _sort_key(name: str) -> str:
    """'Égypte' sorts with 'E', not after 'Z': accents and case are ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@cache
def country_choices(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs sorted by name in ``language``."""
    territories = Locale.parse(language).territories
    pairs = [(code, name) for code, name in territories.items() if _is_country(code)]
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1])))


@cache
def country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in country_choices("en"))


def country_name(code: str | None, language: str) -> str | None:
    if not code:
        return None
    return dict(country_choices(language)).get(code, code)
