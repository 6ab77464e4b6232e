"""French names after prepositions: articles, elision and contraction."""

from __future__ import annotations

import pytest

from webinars.french import NameArticle, after, starts_with_vowel_sound, with_article


@pytest.mark.parametrize(
    ("preposition", "name", "article", "expected"),
    [
        ("de", "APEBI", NameArticle.NONE, "d'APEBI"),
        ("de", "APEBI", NameArticle.L, "de l'APEBI"),
        ("de", "CRI Fès-Meknès", NameArticle.LE, "du CRI Fès-Meknès"),
        ("de", "Office des changes", NameArticle.LE, "de l'Office des changes"),
        ("de", "Fédération", NameArticle.LA, "de la Fédération"),
        ("de", "Éditions du Sud", NameArticle.LES, "des Éditions du Sud"),
        ("de", "Maroc Numeric Cluster", NameArticle.NONE, "de Maroc Numeric Cluster"),
        ("de", "Hassan Alami", NameArticle.NONE, "d'Hassan Alami"),
        ("de", "Idriss Elasri", None, "d'Idriss Elasri"),
        ("à", "CRI", NameArticle.LE, "au CRI"),
        ("à", "Éditions du Sud", NameArticle.LES, "aux Éditions du Sud"),
        ("à", "APEBI", NameArticle.L, "à l'APEBI"),
        ("à", "APEBI", NameArticle.NONE, "à APEBI"),
        ("par", "CRI", NameArticle.LE, "par le CRI"),
        ("par", "APEBI", NameArticle.L, "par l'APEBI"),
        ("par", "Altran", NameArticle.NONE, "par Altran"),
    ],
)
def test_a_name_after_a_preposition(preposition, name, article, expected):
    assert after(preposition, name, article) == expected


def test_a_name_with_its_article():
    assert with_article("APEBI", "l'") == "l'APEBI"
    assert with_article("CRI", "le") == "le CRI"
    assert with_article("Office", "le") == "l'Office"
    assert with_article("Altran", None) == "Altran"
    assert with_article("Éditions", "les") == "les Éditions"


def test_what_elides():
    assert starts_with_vowel_sound("« Ânes »")
    assert starts_with_vowel_sound("hôpital")
    assert not starts_with_vowel_sound("2M")
    assert not starts_with_vowel_sound("")
