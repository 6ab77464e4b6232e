"""The demo's agreements: the templates' texts, and the APEBI – CRI Fès-Meknès convention signed during
the 2020 webinar with its amendment waiting for signatures on the upcoming one (saved by agreements.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from webinars.agreements.models import AgreementKind
from webinars.demo.data import CRI, OFFSHORING_2020, TERRITOIRE_DIGITAL


# --- Agreements ------------------------------------------------------------------
#
# The press report says a partnership convention between the APEBI and the CRI
# Fès-Meknès was signed during the 2020 webinar, and quotes its objective; the
# other articles, the templates' wording and the APEBI's signatory are written
# for the demo. E-mail addresses use the reserved .example domain: they reach
# nobody, the messages land as .eml files in instance/outbox/.

@dataclass(frozen=True)
class DemoTemplate:
    kind: AgreementKind
    title: str
    body: str


@dataclass(frozen=True)
class DemoParty:
    name: str
    full_name: str
    position: str
    email: str
    # The 2020 signature: minutes after the webinar's start, and a drawn signature (strokes of points).
    signed_after: timedelta | None = None
    strokes: tuple[tuple[tuple[int, int], ...], ...] = ()


@dataclass(frozen=True)
class DemoAgreement:
    webinar_slug: str
    template: DemoTemplate
    parties: tuple[DemoParty, ...]
    sent_before: timedelta  # how long before the webinar it was sent (the past one)
    signed: bool  # the 2020 convention was signed during the event; the upcoming one waits


SPEAKER_RELEASE = DemoTemplate(
    kind=AgreementKind.RELEASE,
    title="Autorisation d'enregistrement et de diffusion — {{person.full_name}}",
    body="""\
Je soussigné(e) **{{person.full_name}}**, {{person.position}} ({{person.affiliation}}), \
qui intervient comme {{person.role}} \
au webinaire « {{webinar.title}} » organisé par {{organization.name}} le {{webinar.date}}, \
de {{webinar.time}} ({{webinar.timezone}}) :

1. **Enregistrement.** J'autorise {{organization.name}} à enregistrer mon image et ma voix pendant le webinaire.
2. **Diffusion.** J'autorise la diffusion de cet enregistrement, en direct et en différé, sur la page du \
webinaire ({{webinar.url}}) et sur les comptes de {{organization.name}}, ainsi que l'utilisation \
d'extraits et de photographies pour en rendre compte.
3. **Gratuité et durée.** Cette autorisation est donnée à titre gracieux, pour le monde entier et pour \
cinq ans à compter du webinaire.
4. **Retrait.** Je peux demander à tout moment, par écrit, que l'enregistrement ne soit plus proposé ; \
les diffusions déjà faites ne sont pas concernées.
5. **Données personnelles.** Mes données sont traitées par {{organization.name}} pour l'organisation \
et la diffusion du webinaire, conformément à la loi n° 09-08 relative à la protection des personnes \
physiques à l'égard du traitement des données à caractère personnel.
""",
)

_PARTIES_CLAUSE = """\
## Entre les soussignés

{{#parties}}- **{{party.name}}**, représenté(e) par {{party.signatory}}, {{party.position}} ;
{{/parties}}
ci-après ensemble « les Parties ».
"""

PARTNERSHIP_CONVENTION = DemoTemplate(
    kind=AgreementKind.CONVENTION,
    title="Convention de partenariat APEBI – CRI Fès-Meknès",
    body=_PARTIES_CLAUSE + """
## Préambule

La Fédération des technologies de l'information, des télécommunications et de l'offshoring (APEBI) \
et le Centre régional d'investissement de la région Fès-Meknès partagent l'ambition de développer \
l'écosystème digital de la région. La présente convention est signée à l'occasion du webinaire \
« {{webinar.title}} » du {{webinar.date}}.

## Article 1 — Objet

La convention a pour objet la mise en place d'un modèle d'écosystème digital dans la région \
Fès-Meknès et la création d'une antenne régionale de l'APEBI, afin de fédérer les acteurs des \
technologies de l'information et d'accompagner les secteurs clés dans leur processus de \
transformation digitale.

## Article 2 — Engagements communs

Les Parties s'engagent à :

- identifier les nouvelles niches de l'offshoring et du numérique dans la région ;
- proposer un dispositif d'accompagnement aux entreprises de l'écosystème régional ;
- inscrire leurs actions dans les orientations du plan de développement régional.

## Article 3 — Comité de suivi

Un comité de suivi, composé de représentants de chaque Partie, se réunit au moins deux fois par an \
pour arrêter le programme d'actions et en évaluer les résultats.

## Article 4 — Durée

La convention prend effet à sa signature par toutes les Parties, pour trois ans, renouvelable par \
tacite reconduction.

## Article 5 — Dispositions financières

La convention n'emporte aucun engagement financier ; chaque action fera, si nécessaire, l'objet \
d'un accord particulier.
""",
)

CONVENTION_AMENDMENT = DemoTemplate(
    kind=AgreementKind.CONVENTION,
    title="Avenant n° 1 à la convention de partenariat APEBI – CRI Fès-Meknès",
    body=_PARTIES_CLAUSE + """
## Article 1 — Objet

Le présent avenant complète la convention de partenariat signée le 18 décembre 2020 par le \
programme d'actions présenté lors du webinaire « {{webinar.title}} » du {{webinar.date}}.

## Article 2 — Programme d'actions

- l'ouverture des locaux de l'antenne régionale de l'APEBI à Fès ;
- un cycle d'ateliers sur la transformation digitale pour les entreprises de la région ;
- un point d'étape public chaque année, sous forme de webinaire.

## Article 3 — Durée

Le présent avenant prend effet à sa signature par toutes les Parties et suit la durée de la convention.
""",
)

AGREEMENT_TEMPLATES = (SPEAKER_RELEASE, PARTNERSHIP_CONVENTION, CONVENTION_AMENDMENT)

APEBI_NAME = "Fédération des technologies de l'information, des télécommunications et de l'offshoring (APEBI)"
# The press report does not name who signed for the APEBI: the demo shows a role, marked as
# fictional wherever it appears (pages, PDFs), rather than an invented name.
APEBI_SIGNATORY = ("Représentant de l'APEBI (démonstration)", "Signataire fictif", "signataire@apebi.example")
CRI_SIGNATORY = ("Yassine Tazi", "Directeur général", "yassine.tazi@cri-fes-meknes.example")

AGREEMENTS = (
    DemoAgreement(
        webinar_slug=OFFSHORING_2020.slug,
        template=PARTNERSHIP_CONVENTION,
        parties=(
            # During the signing slot of the agenda, 11:00–11:15 (60 minutes after the start).
            DemoParty(CRI, *CRI_SIGNATORY, signed_after=timedelta(minutes=62),
                      strokes=(((30, 140), (80, 60), (120, 150), (170, 70), (230, 140), (300, 90)),
                               ((320, 120), (420, 110), (540, 100)))),
            DemoParty(APEBI_NAME, *APEBI_SIGNATORY, signed_after=timedelta(minutes=64),
                      strokes=(((40, 100), (90, 50), (110, 160), (160, 40), (200, 150)),
                               ((220, 130), (300, 80), (360, 140), (440, 70), (560, 120)))),
        ),
        sent_before=timedelta(days=4),
        signed=True,
    ),
    DemoAgreement(
        webinar_slug=TERRITOIRE_DIGITAL.slug,
        template=CONVENTION_AMENDMENT,
        parties=(
            DemoParty(CRI, *CRI_SIGNATORY),
            DemoParty(APEBI_NAME, *APEBI_SIGNATORY),
        ),
        sent_before=timedelta(0),  # sent when the demo is loaded, waiting for signatures
        signed=False,
    ),
)
