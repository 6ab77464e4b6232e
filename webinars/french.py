"""French names in sentences: the article a name takes, its elision and its contraction with a preposition.

An organization's name may take an article in French ("l'APEBI", "le CRI", "la
Fédération", "les Éditions X") or none ("Altran"). Sentences then write it
"de l'APEBI", "du CRI", "des Éditions X", "d'Altran", "au CRI", never "de
APEBI" or "de le CRI". A person's name takes no article but elides the same
way: "la fiche d'Idriss Elasri".

Pure functions, tested without the app; English names go through unchanged.
"""

from __future__ import annotations

import enum
import unicodedata


class NameArticle(enum.StrEnum):
    """The article a name takes in French; none for most names of people and companies."""

    NONE = "none"
    LE = "le"
    LA = "la"
    L = "l'"
    LES = "les"


# The French preposition and its contractions with "le" and "les" (de + le = du, à + les = aux).
_CONTRACTIONS = {
    "de": {NameArticle.LE: "du", NameArticle.LES: "des"},
    "à": {NameArticle.LE: "au", NameArticle.LES: "aux"},
}
_ELIDED = {"de": "d'", "que": "qu'", "le": "l'", "la": "l'"}
_VOWELS = frozenset("aeiouyh")  # a mute h elides too: "l'hôpital", "d'HEM"


def starts_with_vowel_sound(name: str) -> bool:
    """Whether French elides before this name ("d'APEBI", "l'Office"); quotes and digits do not count."""
    for character in name.strip().lstrip("«“\"'‘ \u00a0\u202f"):
        base = unicodedata.normalize("NFKD", character)[:1].casefold()
        return base in _VOWELS
    return False


def with_article(name: str, article: NameArticle | str | None) -> str:
    """The name as a French subject or object: "l'APEBI", "le CRI", "Altran"."""
    article = NameArticle(article or NameArticle.NONE)
    if article is NameArticle.NONE:
        return name
    if article in (NameArticle.LE, NameArticle.LA, NameArticle.L):
        return ("l'" if article is NameArticle.L or starts_with_vowel_sound(name) else f"{article.value} ") + name
    return f"les {name}"


def after(preposition: str, name: str, article: NameArticle | str | None = None) -> str:
    """The name after a French preposition, contracted and elided: "de l'APEBI", "du CRI", "d'Altran", "aux Éditions X"."""
    article = NameArticle(article or NameArticle.NONE)
    if article is NameArticle.LE and starts_with_vowel_sound(name):
        article = NameArticle.L  # "le" before a vowel is "l'": "de l'Office", never "du Office"
    contracted = _CONTRACTIONS.get(preposition, {}).get(article)
    if contracted is not None:
        return f"{contracted} {name}"
    phrase = with_article(name, article)
    if article is NameArticle.NONE and preposition in _ELIDED and starts_with_vowel_sound(name):
        return _ELIDED[preposition] + phrase
    return f"{preposition} {phrase}"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def name_words(name: str, article: NameArticle | str | None, language: str) -> dict[str, str]:
    """The forms of a name that sentences use, for ``language``, as named placeholders:

    ``organization`` ("l'APEBI"), ``Organization`` (the same at the start of a sentence),
    ``of_organization`` ("de l'APEBI", "d'Altran", "du CRI"), ``to_organization`` ("à l'APEBI",
    "au CRI") and ``by_organization`` ("par l'APEBI"). English has neither articles nor
    contractions: every form is the name, and the sentence carries the preposition.
    """
    if language != "fr":
        return dict.fromkeys(
            ("organization", "Organization", "of_organization", "to_organization", "by_organization"), name
        )
    subject = with_article(name, article)
    return {
        "organization": subject,
        "Organization": capitalized(subject),
        "of_organization": after("de", name, article),
        "to_organization": after("à", name, article),
        "by_organization": after("par", name, article),
    }


def of_name(name: str, language: str) -> str:
    """A person's name after "de" in French ("d'Idriss Elasri"); in English the name as it is."""
    return after("de", name) if language == "fr" else name
