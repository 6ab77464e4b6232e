"""The drafted recap article: exact sentences in French and English, for one speaker or several,
with and without a convention, and user text that must stay text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from webinars.markdown import render_markdown
from webinars.summaries.recap import (
    RecapConvention,
    RecapFacts,
    RecapKeyFigure,
    RecapPerson,
    RecapQuote,
    RecapSignatory,
    draft_article,
)

# French typography: narrow no-break spaces inside « » and before ;, a no-break space before a colon.
N = "\u202f"
S = "\u00a0"
CASABLANCA = ZoneInfo("Africa/Casablanca")

BENABBOU = RecapPerson("Mohamed Benabbou")
TAZI = RecapPerson("Yassine Tazi", "Directeur général", "Centre régional d'investissement Fès-Meknès")
ELASRI = RecapPerson("Idriss Elasri", "Directeur général", "Altran Maroc")
NADIA = RecapPerson("Nadia Berrada", "CEO", "Atlas Digital")
CONVENTION = RecapConvention(
    title="Convention de partenariat APEBI – CRI Fès-Meknès",
    signatories=(
        RecapSignatory("Yassine Tazi", "Centre régional d'investissement Fès-Meknès"),
        RecapSignatory("Karim Alaoui", "Fédération des technologies de l'information (APEBI)"),
    ),
    signed_during_event=True,
    signed_on=date(2020, 12, 18),
)


def facts(**changes) -> RecapFacts:
    """A French webinar with a moderator and one speaker, and nothing else."""
    base = RecapFacts(
        language="fr",
        organizer="APEBI — Pôle Offshoring",
        partners=(),
        title="L'offshoring régionalisé",
        starts_local=datetime(2020, 12, 18, 10, 0, tzinfo=CASABLANCA),
        moderator=BENABBOU,
        speakers=(TAZI,),
        conventions=(),
        key_figures=(),
        quotes=(),
        attendees=0,
        recording_url=None,
    )
    return replace(base, **changes)


def test_french_one_speaker_without_convention():
    article = draft_article(facts(attendees=143))

    assert article.title == f"Retour sur le webinaire «{N}L'offshoring régionalisé{N}»"
    assert article.body == (
        f"Le webinaire «{N}L'offshoring régionalisé{N}», organisé par APEBI — Pôle Offshoring, "
        "s'est tenu le vendredi 18 décembre 2020 et a réuni 143 participants. "
        "Animé par Mohamed Benabbou, il a donné la parole à Yassine Tazi "
        "(directeur général, Centre régional d'investissement Fès-Meknès).\n"
    )


def test_french_several_speakers_with_convention_key_figures_and_quotes():
    article = draft_article(
        facts(
            partners=("CRI Fès-Meknès",),
            speakers=(TAZI, ELASRI),
            conventions=(CONVENTION,),
            key_figures=(RecapKeyFigure("36", "centres d'appels à Fès"), RecapKeyFigure("4 500", "employés à Fès")),
            quotes=(
                RecapQuote("Derrière chaque crise se cache une opportunité.", BENABBOU),
                RecapQuote("La région est la troisième en matière d'offshoring au Maroc.", TAZI),
                RecapQuote("Les métiers de l'IT ont été les grands gagnants.", ELASRI),
            ),
            attendees=1250,
            recording_url="https://video.example.org/offshoring",
        )
    )

    assert article.body == (
        f"Le webinaire «{N}L'offshoring régionalisé{N}», organisé par APEBI — Pôle Offshoring "
        f"en partenariat avec CRI Fès-Meknès, s'est tenu le vendredi 18 décembre 2020 et a réuni 1{N}250 participants. "
        f"Animé par Mohamed Benabbou, il a donné la parole à deux intervenants{S}: "
        "Yassine Tazi (directeur général, Centre régional d'investissement Fès-Meknès) "
        "et Idriss Elasri (directeur général, Altran Maroc).\n"
        "\n"
        f"Une convention, «{N}Convention de partenariat APEBI – CRI Fès-Meknès{N}», a été signée pendant le webinaire "
        "par Yassine Tazi (Centre régional d'investissement Fès-Meknès) "
        "et Karim Alaoui (Fédération des technologies de l'information (APEBI)).\n"
        "\n"
        f"«{N}Derrière chaque crise se cache une opportunité{N}», "
        "a souligné Mohamed Benabbou, qui animait le webinaire.\n"
        "\n"
        f"«{N}La région est la troisième en matière d'offshoring au Maroc{N}», a rappelé Yassine Tazi "
        "(directeur général, Centre régional d'investissement Fès-Meknès).\n"
        "\n"
        f"«{N}Les métiers de l'IT ont été les grands gagnants{N}», a déclaré Idriss Elasri "
        "(directeur général, Altran Maroc).\n"
        "\n"
        f"Les chiffres à retenir{S}:\n"
        "\n"
        "- **36** centres d'appels à Fès\n"
        "- **4 500** employés à Fès\n"
        "\n"
        f"L'enregistrement du webinaire est disponible en ligne{S}: "
        "[revoir le webinaire](https://video.example.org/offshoring).\n"
    )
    assert "/summary" not in article.body  # the article does not link to the page it is on


def test_english_one_speaker():
    article = draft_article(
        facts(
            language="en",
            title="Regional offshoring",
            speakers=(NADIA,),
            attendees=1,
            key_figures=(RecapKeyFigure("36", "call centers in Fez"),),
        )
    )

    assert article.title == "Webinar recap: “Regional offshoring”"
    assert article.body == (
        "The webinar “Regional offshoring,” organized by APEBI — Pôle Offshoring, took place on "
        "Friday, December 18, 2020, and drew one attendee. "
        "Moderated by Mohamed Benabbou, it featured one speaker, Nadia Berrada (CEO, Atlas Digital).\n"
        "\n"
        "One figure to remember:\n"
        "\n"
        "- **36** call centers in Fez\n"
    )


def test_english_three_speakers_with_a_convention():
    article = draft_article(
        facts(
            language="en",
            title="Regional offshoring",
            partners=("CRI Fès-Meknès", "Atlas Digital"),
            speakers=(TAZI, ELASRI, NADIA),
            conventions=(CONVENTION,),
            quotes=(RecapQuote("Crises make us stronger.", NADIA), RecapQuote("Where is the next niche?", TAZI)),
            attendees=143,
            recording_url="https://video.example.org/offshoring",
        )
    )

    assert article.body == (
        "The webinar “Regional offshoring,” organized by APEBI — Pôle Offshoring in partnership with "
        "CRI Fès-Meknès and Atlas Digital, took place on Friday, December 18, 2020, and drew 143 attendees. "
        "Moderated by Mohamed Benabbou, it featured three speakers: "
        "Yassine Tazi (Directeur général, Centre régional d'investissement Fès-Meknès), "
        "Idriss Elasri (Directeur général, Altran Maroc), and Nadia Berrada (CEO, Atlas Digital).\n"
        "\n"
        "A convention, “Convention de partenariat APEBI – CRI Fès-Meknès,” was signed during the webinar by "
        "Yassine Tazi (Centre régional d'investissement Fès-Meknès) and "
        "Karim Alaoui (Fédération des technologies de l'information (APEBI)).\n"
        "\n"
        "“Crises make us stronger,” said Nadia Berrada (CEO, Atlas Digital).\n"
        "\n"
        # No comma after a question mark; the verbs vary from one quote to the next.
        "“Where is the next niche?” noted Yassine Tazi "
        "(Directeur général, Centre régional d'investissement Fès-Meknès).\n"
        "\n"
        "The recording of the webinar is available online: "
        "[watch the webinar again](https://video.example.org/offshoring).\n"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "s'est tenu le vendredi 1er janvier 2021."),
        ("en", "took place on Friday, January 1, 2021."),
    ],
)
def test_the_first_of_the_month(language, expected):
    article = draft_article(facts(language=language, starts_local=datetime(2021, 1, 1, 10, 0, tzinfo=CASABLANCA)))

    assert expected in article.body


def test_french_date_of_the_second_is_a_plain_number():
    article = draft_article(facts(starts_local=datetime(2021, 3, 2, 10, 0, tzinfo=CASABLANCA)))

    assert "le mardi 2 mars 2021." in article.body


def test_without_moderator():
    french = draft_article(facts(moderator=None, speakers=(TAZI, ELASRI, NADIA)))
    english = draft_article(facts(language="en", moderator=None, speakers=(NADIA,)))

    assert french.body.endswith(
        f"s'est tenu le vendredi 18 décembre 2020. Il a donné la parole à trois intervenants{S}: "
        "Yassine Tazi (directeur général, Centre régional d'investissement Fès-Meknès), "
        "Idriss Elasri (directeur général, Altran Maroc) et Nadia Berrada (CEO, Atlas Digital).\n"
    )
    assert english.body.endswith(
        "took place on Friday, December 18, 2020. It featured one speaker, Nadia Berrada (CEO, Atlas Digital).\n"
    )


def test_moderator_without_speakers():
    assert draft_article(facts(speakers=())).body.endswith(
        "s'est tenu le vendredi 18 décembre 2020. Il était animé par Mohamed Benabbou.\n"
    )
    assert draft_article(facts(language="en", speakers=())).body.endswith(
        "took place on Friday, December 18, 2020. It was moderated by Mohamed Benabbou.\n"
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_line_up_and_no_attendees_leave_their_sentences_out(language):
    body = draft_article(facts(language=language, moderator=None, speakers=(), attendees=0)).body

    assert body in (
        f"Le webinaire «{N}L'offshoring régionalisé{N}», organisé par APEBI — Pôle Offshoring, "
        "s'est tenu le vendredi 18 décembre 2020.\n",
        "The webinar “L'offshoring régionalisé,” organized by APEBI — Pôle Offshoring, "
        "took place on Friday, December 18, 2020.\n",
    )
    assert "0" not in body.replace("2020", "")


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("fr", 1, "et a réuni un participant."),
        ("fr", 10, "et a réuni dix participants."),
        ("fr", 11, "et a réuni 11 participants."),
        ("en", 1, "and drew one attendee."),
        ("en", 7, "and drew seven attendees."),
        ("en", 4500, "and drew 4,500 attendees."),
    ],
)
def test_attendees_in_words_up_to_ten(language, count, expected):
    assert expected in draft_article(facts(language=language, attendees=count)).body


def test_eleven_speakers_are_counted_in_digits():
    speakers = tuple(RecapPerson(f"Speaker {n}") for n in range(1, 12))

    assert f"il a donné la parole à 11 intervenants{S}: Speaker 1, Speaker 2," in draft_article(
        facts(speakers=speakers)
    ).body
    assert "it featured 11 speakers: Speaker 1, Speaker 2," in draft_article(
        facts(language="en", speakers=speakers)
    ).body


def test_french_positions_are_lower_cased_after_the_name_but_not_acronyms():
    speakers = (
        RecapPerson("A", "Directeur général"),
        RecapPerson("B", "DG", "Altran Maroc"),
        RecapPerson("C", "Président du pôle Offshoring"),
        RecapPerson("D", affiliation="Webhelp"),
    )

    body = draft_article(facts(speakers=speakers)).body

    assert "A (directeur général), B (DG, Altran Maroc), C (président du pôle Offshoring) et D (Webhelp)." in body


def test_several_conventions_in_french_and_english():
    later = RecapConvention(
        title="Avenant n° 1",
        signatories=(RecapSignatory("Yassine Tazi", "CRI Fès-Meknès"), RecapSignatory("Karim Alaoui", "APEBI")),
        signed_during_event=False,
        signed_on=date(2021, 2, 1),
    )

    french = draft_article(facts(conventions=(CONVENTION, later))).body
    english = draft_article(facts(language="en", conventions=(CONVENTION, later))).body

    assert (
        f"Deux conventions ont été signées à l'occasion du webinaire{S}:\n"
        "\n"
        f"- «{N}Convention de partenariat APEBI – CRI Fès-Meknès{N}», signée pendant le webinaire "
        f"par Yassine Tazi (Centre régional d'investissement Fès-Meknès) et Karim Alaoui "
        f"(Fédération des technologies de l'information (APEBI)){N};\n"
        f"- «{N}Avenant n° 1{N}», signée le 1er février 2021 "
        "par Yassine Tazi (CRI Fès-Meknès) et Karim Alaoui (APEBI).\n"
    ) in french
    assert (
        "Two conventions were signed in connection with the webinar:\n"
        "\n"
        "- “Convention de partenariat APEBI – CRI Fès-Meknès,” signed during the webinar by "
        "Yassine Tazi (Centre régional d'investissement Fès-Meknès) and "
        "Karim Alaoui (Fédération des technologies de l'information (APEBI))\n"
        "- “Avenant n° 1,” signed on February 1, 2021, by Yassine Tazi (CRI Fès-Meknès) and Karim Alaoui (APEBI)\n"
    ) in english


def test_a_convention_signed_after_the_webinar_gives_its_date():
    after = replace(CONVENTION, signed_during_event=False, signed_on=date(2020, 12, 21))

    assert f"{N}», a été signée le 21 décembre 2020 par Yassine Tazi" in draft_article(
        facts(conventions=(after,))
    ).body
    assert ",” was signed on December 21, 2020, by Yassine Tazi" in draft_article(
        facts(language="en", conventions=(after,))
    ).body


@pytest.mark.parametrize(
    "typed",
    [
        "« Derrière chaque crise se cache une opportunité. »",
        '"Derrière chaque crise se cache une opportunité."',
        "“Derrière chaque crise se cache une opportunité”",
        "«\u00a0Derrière chaque crise se cache une opportunité\u00a0»",
        "  Derrière chaque crise se cache une opportunité.  ",
    ],
)
def test_quotes_typed_with_quotation_marks_are_not_quoted_twice(typed):
    quotes = (RecapQuote(typed, TAZI),)

    french = draft_article(facts(quotes=quotes)).body
    english = draft_article(facts(language="en", quotes=quotes)).body

    assert (
        f"\n\n«{N}Derrière chaque crise se cache une opportunité{N}», a souligné Yassine Tazi "
        "(directeur général, Centre régional d'investissement Fès-Meknès).\n"
    ) in french
    assert "\n\n“Derrière chaque crise se cache une opportunité,” said Yassine Tazi (" in english


def test_quotation_marks_inside_the_text_are_kept():
    quotes = (RecapQuote("« Le cloud » et « l'IA » sont les gagnants", TAZI), RecapQuote('"Cloud" et "IA"', ELASRI))

    body = draft_article(facts(quotes=quotes)).body

    assert f"«{N}« Le cloud » et « l'IA » sont les gagnants{N}», a souligné Yassine Tazi" in body
    assert f"«{N}\"Cloud\" et \"IA\"{N}», a rappelé Idriss Elasri" in body


def test_a_quote_ending_with_an_exclamation_or_ellipsis_keeps_it():
    quotes = (RecapQuote("Quelle année !", TAZI), RecapQuote("Et pourtant…", ELASRI))

    french = draft_article(facts(quotes=quotes)).body
    english = draft_article(facts(language="en", quotes=quotes)).body

    assert f"«{N}Quelle année !{N}», a souligné Yassine Tazi" in french
    assert f"«{N}Et pourtant…{N}», a rappelé Idriss Elasri" in french
    assert "“Quelle année !” said Yassine Tazi" in english
    assert "“Et pourtant…” noted Idriss Elasri" in english


def test_quote_verbs_cycle_in_a_fixed_order():
    quotes = tuple(RecapQuote(f"Phrase {n}.", BENABBOU) for n in range(7))

    body = draft_article(facts(quotes=quotes)).body

    verbs = [line.split("», ")[1].split(" Mohamed")[0] for line in body.split("\n\n")[1:]]
    assert verbs == [
        "a souligné", "a rappelé", "a déclaré", "a expliqué", "a estimé", "a affirmé", "a souligné",
    ]
    assert draft_article(facts(quotes=quotes)).body == body  # the same draft every time


def test_user_text_stays_text_in_markdown():
    article = draft_article(
        facts(
            title="Offshoring *2021* [live](https://evil.example)",
            organizer="A_B <C> & Co &amp;",
            speakers=(RecapPerson("Jean *Star* Dupont", "Directeur `général`", "[Cabinet](javascript:alert(1))"),),
            key_figures=(RecapKeyFigure("*36*", "centres\n- d'appels"),),
            quotes=(RecapQuote("Voir <https://evil.example> et **ça**", TAZI),),
        )
    )

    html = render_markdown(article.body)

    assert "<a" not in html and "<em>" not in html and "<code>" not in html
    assert html.count("<strong>") == 1  # only the key figure's value
    assert html.count("<li>") == 1  # the label's line break did not start a new item
    assert "Offshoring *2021* [live](https://evil.example)" in html
    assert "A_B &lt;C&gt; &amp; Co &amp;amp;" in html
    assert "Jean *Star* Dupont (directeur `général`, [Cabinet](javascript:alert(1)))" in html
    assert "<strong>*36*</strong> centres - d'appels" in html
    assert "Voir &lt;https://evil.example&gt; et **ça**" in html
    # The title is plain text (not Markdown): shown as typed, escaped by the page that shows it.
    assert article.title == f"Retour sur le webinaire «{N}Offshoring *2021* [live](https://evil.example){N}»"


def test_links_are_markdown_links_that_survive_parentheses():
    body = draft_article(facts(recording_url="https://video.example.org/watch?v=a b(c)")).body

    assert "[revoir le webinaire](https://video.example.org/watch?v=a%20b%28c%29)." in body
    assert 'href="https://video.example.org/watch?v=a%20b%28c%29"' in render_markdown(body)


def test_the_title_fits_the_column():
    article = draft_article(facts(title="x" * 400))

    assert len(article.title) <= 300
    assert article.title.endswith("…")


def test_highlights_feed_the_article_and_it_does_not_link_to_its_own_page():
    body = draft_article(
        facts(highlights=("La région attire les centres d'appels.", "Les métiers de l'IT recrutent."))
    ).body
    assert f"Les points forts{S}:\n\n- La région attire les centres d'appels.\n- Les métiers de l'IT recrutent.\n" in body
    english = draft_article(facts(language="en", highlights=("IT jobs grew.",))).body
    assert "One highlight:\n\n- IT jobs grew.\n" in english
    assert "summary" not in body and "summary" not in english


@pytest.mark.parametrize(
    ("article", "expected"),
    [("l'", "organisé par l'APEBI"), ("le", "organisé par le APEBI"), (None, "organisé par APEBI")],
)
def test_the_organizer_takes_its_article(article, expected):
    body = draft_article(facts(organizer="APEBI", organizer_article=article)).body
    assert expected.replace("le APEBI", "l'APEBI") in body  # "le" elides before a vowel


def test_a_quote_links_to_its_moment_in_the_recording():
    body = draft_article(
        facts(
            quotes=(RecapQuote("Une crise, une opportunité.", TAZI, at_second=754),),
            recording_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )
    ).body
    assert "([à 12:34 dans l'enregistrement](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=754s))." in body
