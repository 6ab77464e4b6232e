"""The demo's summary of the 2020 webinar: highlights, key figures, quotes and the size of its
fictional audience (saved by summaries.py; the registrants themselves are drawn by audience.py)."""

from __future__ import annotations

from dataclasses import dataclass

from webinars.demo.data import OFFSHORING_2020


# --- The 2020 webinar's summary -----------------------------------------------------
#
# The key figures and the quotes come from the press report of the event (short
# excerpts, attributed as in the report); the highlights are written for the demo
# from the report's facts. There is no public recording, so no recording link.

@dataclass(frozen=True)
class DemoKeyFigure:
    value: str
    label: str


@dataclass(frozen=True)
class DemoQuote:
    speaker: str  # key of PEOPLE
    text: str


@dataclass(frozen=True)
class DemoAudience:
    """A fictional audience: the press report gives no attendance figures.

    The registrants are generated from ``seed`` (the same people on every run),
    with addresses at example.org and made-up names and organizations.
    """

    seed: int
    confirmed: int
    cancelled: int
    attended: int  # among the confirmed
    days_before: int  # registrations spread over the days before the webinar


@dataclass(frozen=True)
class DemoSummary:
    webinar_slug: str
    highlights: tuple[str, ...]
    key_figures: tuple[DemoKeyFigure, ...]
    quotes: tuple[DemoQuote, ...]
    audience: DemoAudience
    recording_url: str | None = None


# French thousands and percentages take a narrow no-break space.
_NNBSP = "\u202f"

OFFSHORING_2020_SUMMARY = DemoSummary(
    webinar_slug=OFFSHORING_2020.slug,
    highlights=(
        "La crise sanitaire n'a pas frappé tous les métiers de l'offshoring de la même façon : "
        "les intervenants ont décrit une année difficile, dont les activités informatiques et les "
        "systèmes d'information sortent pourtant renforcés par l'accélération de la digitalisation.",
        "Pendant le webinaire, l'APEBI et le Centre régional d'investissement Fès-Meknès ont signé une "
        "convention de partenariat : un modèle d'écosystème digital pour la région, et une antenne "
        "régionale de la fédération pour rassembler les acteurs des technologies de l'information.",
        "Fès-Meknès a présenté ses atouts : troisième région de l'offshoring au Maroc, des dizaines de "
        "centres d'appels à Fès, où le secteur était déjà le premier employeur, et le parc intégré "
        "Fès Shore.",
        "Parmi les chantiers régionaux évoqués figure Fès Smart Factory, présenté comme le premier "
        "écosystème de l'industrie 4.0 au Maroc.",
        # The press report gives no attendance nor feedback: say so where the generated figures are shown.
        "Les inscriptions, la participation et les réponses au questionnaire de ce résumé sont fictives, "
        "générées pour la démonstration : "
        "le compte rendu de presse ne donne pas ces chiffres.",
    ),
    key_figures=(
        DemoKeyFigure("3e", "région de l'offshoring au Maroc : Fès-Meknès"),
        DemoKeyFigure(f"11{_NNBSP}%", "des emplois de l'offshoring au niveau national, environ"),
        DemoKeyFigure("36", "centres d'appels à Fès"),
        DemoKeyFigure(f"4{_NNBSP}500", "employés, ou presque, dans ces centres d'appels"),
        DemoKeyFigure("20 ha", "environ pour le parc intégré Fès Shore"),
    ),
    quotes=(
        DemoQuote(
            "benabbou",
            "Ce sont les crises qui nous permettent de devenir de plus en plus robustes, "
            "et derrière chacune d'entre elles se cache une opportunité.",
        ),
        DemoQuote(
            "tazi",
            "La région est la troisième en matière d'offshoring au Maroc et représente environ "
            f"11{_NNBSP}% des emplois de ce secteur au niveau national.",
        ),
        DemoQuote(
            "elasri",
            "Les métiers de l'IT et des systèmes d'information ont été les grands gagnants de cette "
            "crise parce que la digitalisation s'est accélérée.",
        ),
    ),
    audience=DemoAudience(seed=2020, confirmed=184, cancelled=7, attended=123, days_before=21),
)

SUMMARIES = (OFFSHORING_2020_SUMMARY,)
