"""Time zones as people say them: "heure du Maroc", "Morocco time", "heure de New York".

Babel (CLDR) names each zone's place: the country when it has one zone ("heure : Maroc",
"Morocco Time"), else the city ("heure : États-Unis (New York)"). Its generic names are
metazones ("Western European Time" for Casablanca), which is not what Moroccans call their
time. We take the place and word the label around it; French needs the country's article
("du Maroc", "de la France", "de l'Inde", "des Émirats arabes unis", "de Cuba"), which CLDR
does not give, so the rule and its exceptions are here.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone, get_timezone_location

# Countries used without an article in French ("heure de Cuba", "heure d'Israël").
_FR_NO_ARTICLE = frozenset(
    "AG AI AW BH BL CU CW DJ GG GI GU HT IL JE KN LC MC MF MG MS MT MU NR NU OM PM PR RE SG SH SM ST TK TT TV TW "
    "VC WF YT AD HK MO".split()
)
# Plural names ("heure des Philippines"); names starting with "Îles" are plural too.
_FR_PLURAL = frozenset("AE AS BM BQ BS FJ KM MV NL PH PW SC TF TO WS".split())
# Masculine although the first word ends in "e" ("heure du Mexique"), and the reverse.
_FR_MASCULINE = frozenset("BZ KH MZ ZW SR GB IO MX".split())
_FR_FEMININE = frozenset("SL".split())
# Names CLDR gives in a form nobody uses in a time label.
_FR_PLACE = {"HK": "Hong Kong", "MO": "Macao", "VA": "Vatican"}
_EN_PLACE = {"HK": "Hong Kong", "MO": "Macao"}
_UNIVERSAL = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "GMT"})
_VOWELS = frozenset("AÂÀEÉÈÊËIÎÏOÔUÛÙÜYŸaâàeéèêëiîïoôuûùü")


@lru_cache(maxsize=1024)
def zone_label(zone_name: str, language: str) -> str:
    """'heure du Maroc' (fr), 'Morocco time' (en); 'UTC' for UTC; the IANA name when CLDR has no place."""
    if zone_name in _UNIVERSAL:
        return "UTC"
    territory = get_global("zone_territories").get(zone_name)
    locale = Locale.parse(language)
    if territory and len(get_global("territory_zones").get(territory, ())) == 1 and territory in locale.territories:
        if language == "fr":
            return "heure " + _french_of_country(territory, _FR_PLACE.get(territory, locale.territories[territory]))
        return f"{_EN_PLACE.get(territory, locale.territories[territory])} time"
    if zone_name.startswith("Etc/") or "/" not in zone_name:
        return zone_name
    city = get_timezone_location(get_timezone(zone_name), locale=language, return_city=True)
    if language == "fr":
        return "heure " + _elided("de", city)
    return f"{city} time"


def _french_of_country(code: str, name: str) -> str:
    """'du Maroc', 'de la France', "de l'Inde", 'des Émirats arabes unis', 'de Cuba'."""
    if code in _FR_NO_ARTICLE or name.startswith(("La ", "Le ", "Les ")):
        return _elided("de", name)
    if code in _FR_PLURAL or name.startswith(("Îles", "Iles", "Terres")):
        return f"des {name}"
    if name[0] in _VOWELS:
        return f"de l'{name}"
    first_word = name.replace("-", " ").split()[0]
    feminine = (first_word.endswith("e") or code in _FR_FEMININE) and code not in _FR_MASCULINE
    return f"de la {name}" if feminine else f"du {name}"


def _elided(preposition: str, name: str) -> str:
    """'de Paris', "d'Anchorage"."""
    return f"{preposition[0]}'{name}" if name[0] in _VOWELS else f"{preposition} {name}"
