"""An organization's country list: its own country first, then the others in the visitor's
language, less the entries it hides.

By default an organization hides nothing, except one whose country is Morocco: "Western Sahara"
(EH) is not offered as a country separate from Morocco. The organizer can change the list on
the settings page (``Organization.hidden_countries``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from webinars.registration.countries import country_choices, country_codes

DEFAULT_HIDDEN: dict[str, frozenset[str]] = {"MA": frozenset({"EH"})}


@dataclass(frozen=True)
class CountryList:
    """What shapes an organization's list: hashable, so the options are built once per language."""

    own_country: str | None
    hidden: frozenset[str]


def default_hidden(country: str | None) -> frozenset[str]:
    return DEFAULT_HIDDEN.get(country or "", frozenset())


def parse_codes(stored: str | None) -> frozenset[str]:
    known = country_codes()
    return frozenset(code for code in (part.strip().upper() for part in (stored or "").split(",")) if code in known)


def store_codes(codes) -> str:
    return ",".join(sorted(set(codes)))


def hidden_countries(organization) -> frozenset[str]:
    """The codes its forms leave out (never its own country)."""
    if organization.hidden_countries is None:
        hidden = default_hidden(organization.country)
    else:
        hidden = parse_codes(organization.hidden_countries)
    return hidden - {organization.country}


def country_list(organization) -> CountryList:
    return CountryList(own_country=organization.country, hidden=hidden_countries(organization))


@functools.cache
def ordered_countries(countries: CountryList, language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs: the organization's country first, then the rest sorted by name in ``language``."""
    pairs = [pair for pair in country_choices(language) if pair[0] not in countries.hidden]
    own = [pair for pair in pairs if pair[0] == countries.own_country]
    return tuple(own + [pair for pair in pairs if pair[0] != countries.own_country])
