"""The Markdown and PDF builders, from a document written by hand (no database)."""

from __future__ import annotations

from io import BytesIO

import pypdf
import pytest
from markupsafe import Markup

from webinars.markdown import render_markdown
from webinars.summaries.exports import (
    Chart,
    DocumentAgendaItem,
    DocumentConvention,
    DocumentLink,
    DocumentPerson,
    DocumentQuote,
    FigureLine,
    SummaryDocument,
    escape_markdown,
    markdown_document,
    pdf_document,
    timestamp_label,
)
from webinars.summaries.forms import parse_timestamp

BAR_CHART = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40" role="img">'
    '<rect x="0" y="0" width="120" height="20" fill="#174a94"/><text x="0" y="35">Fès 12</text></svg>'
)


def document(**changes) -> SummaryDocument:
    fields = dict(
        language="fr",
        title="L'offshoring régionalisé",
        subtitle="Meilleure réponse aux opportunités post-Covid",
        when="vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)",
        organizer="APEBI — Pôle Offshoring",
        partners=["CRI Fès-Meknès"],
        people=[
            DocumentPerson("Modérateur", "Mohamed Benabbou", "Modérateur", "APEBI"),
            DocumentPerson("Intervenant", "Yassine Tazi", "Directeur général", "CRI Fès-Meknès"),
        ],
        highlights=["La région est la troisième de l'offshoring au Maroc."],
        key_figures=[FigureLine("centres d'appels à Fès", "36")],
        figures=[FigureLine("Inscriptions confirmées", "180"), FigureLine("Taux de présence", "67 %")],
        conventions=[DocumentConvention("Convention APEBI – CRI", "18 déc. 2020", ["APEBI (Karim Alaoui)", "CRI Fès-Meknès (Yassine Tazi)"])],
        agenda=[DocumentAgendaItem("10:00–10:15", "Ouverture")],
        quotes=[DocumentQuote("Ce sont les crises qui nous rendent robustes.", "Mohamed Benabbou", "Modérateur, APEBI", "42:10")],
        article_title="Retour sur le webinaire",
        article="Le pôle a organisé **un webinaire**.\n\n- premier point\n- second point",
        recording_url="https://video.example.org/replay",
        slide_links=[DocumentLink("Les slides", "https://slides.example.org/a.pdf")],
        public_url="https://webinars.example.org/webinars/offshoring/summary",
        charts=[Chart("Ville", BAR_CHART)],
    )
    fields.update(changes)
    return SummaryDocument(**fields)


@pytest.mark.parametrize(("seconds", "label"), [(None, None), (0, "0:00"), (2530, "42:10"), (3723, "1:02:03"), (36000, "10:00:00")])
def test_timestamps_read_like_a_players(seconds, label):
    assert timestamp_label(seconds) == label


@pytest.mark.parametrize(("typed", "seconds"), [("42:10", 2530), ("1:02:03", 3723), (" 0:05 ", 5), ("", None), ("120:00", 7200)])
def test_typed_timestamps(typed, seconds):
    assert parse_timestamp(typed) == seconds


@pytest.mark.parametrize("typed", ["abc", "42", "1:2:3", "42:60", "1:60:00", "1:02:03:04", "-1:00"])
def test_what_is_not_a_timestamp(typed):
    with pytest.raises(ValueError):
        parse_timestamp(typed)


@pytest.mark.parametrize(
    "typed",
    ["*bold* and _it_", "[a link](https://evil.example)", "<script>alert(1)</script>", "- not a list", "1. not a list", "# not a heading", "a & b"],
)
def test_typed_text_reads_as_typed_once_rendered(typed):
    rendered = str(render_markdown(escape_markdown(typed)))
    assert rendered.startswith("<p>") and "<a" not in rendered and "<em>" not in rendered and "<li>" not in rendered
    expected = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert rendered == f"<p>{expected}</p>\n"


def test_markdown_document(app):
    # In English: the msgids, so the expected text does not depend on the state of the catalogs.
    text = markdown_document(document(language="en"))

    assert text == """# L'offshoring régionalisé

*Meilleure réponse aux opportunités post-Covid*

vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)

Organized by APEBI — Pôle Offshoring

In partnership with CRI Fès-Meknès

## Moderator and speakers

- **Mohamed Benabbou** (Modérateur): Modérateur, APEBI
- **Yassine Tazi** (Intervenant): Directeur général, CRI Fès-Meknès

## Highlights

- La région est la troisième de l'offshoring au Maroc.

## Key figures

- **36** centres d'appels à Fès

## Attendance

- Inscriptions confirmées: **180**
- Taux de présence: **67 %**

## Conventions signed

- **Convention APEBI – CRI**, signed on 18 déc. 2020 by APEBI (Karim Alaoui), CRI Fès-Meknès (Yassine Tazi)

## Agenda

- 10:00–10:15: Ouverture

## Quotes

> Ce sont les crises qui nous rendent robustes.
>
> — Mohamed Benabbou, Modérateur, APEBI (42:10)

## Retour sur le webinaire

Le pôle a organisé **un webinaire**.

- premier point
- second point

## Recording and slides

- [Recording](<https://video.example.org/replay>)
- [Les slides](<https://slides.example.org/a.pdf>)

---

Published at <https://webinars.example.org/webinars/offshoring/summary>
"""


def test_markdown_headings_are_in_the_documents_language(app):
    text = markdown_document(document(language="fr"))

    assert "Organisé par APEBI — Pôle Offshoring" in text
    assert "## Modérateur et intervenants" in text and "## Programme" in text


def test_markdown_escapes_what_people_typed(app):
    text = markdown_document(document(title="*Offshoring* [2020]", highlights=["- a dash", "1. a number"]))

    assert text.startswith("# \\*Offshoring\\* \\[2020\\]\n")
    assert "- \\- a dash\n" in text and "- 1\\. a number\n" in text
    html = str(render_markdown(text))
    assert "*Offshoring* [2020]" in html and "<em>Offshoring</em>" not in html


def test_markdown_leaves_out_empty_sections(app):
    text = markdown_document(
        document(language="en", people=[], highlights=[], key_figures=[], conventions=[], agenda=[], quotes=[], article=None,
                 recording_url=None, slide_links=[], partners=[], subtitle=None)
    )

    for heading in ("## Moderator", "## Highlights", "## Key figures", "## Conventions", "## Agenda", "## Quotes",
                    "## Retour", "## Recording", "In partnership"):
        assert heading not in text
    assert "## Attendance" in text


def test_pdf_document(app):
    pdf = pdf_document(document())

    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(pdf)).pages).split())
    for expected in ("L'offshoring régionalisé", "180", "Inscriptions confirmées", "67 %", "36", "centres d'appels à Fès",
                     "Ce sont les crises qui nous rendent robustes.", "Mohamed Benabbou", "un webinaire", "Ville", "Fès 12"):
        assert expected in text, expected
