"""The demo data: the APEBI offshoring webinar of 18 December 2020, and a fictional follow-up.

The first webinar took place: its title, date, moderator, speakers and the
signing of the APEBI – CRI Fès-Meknès convention come from a press report
of the event. The press did not give its time; 10:00–12:00 in Casablanca is
our choice. The descriptions are written for this demo.

Its published summary quotes the report's key figures and short excerpts of
its quotes; its registrants are FICTIONAL (see ``fictional_audience``): the
report gives no attendance figures.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from webinars.agenda.models import AgendaKind
from webinars.agreements.models import AgreementKind
from webinars.events.models import Language


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    slug: str
    timezone: str
    website: str | None
    name_article: str = "none"  # in French: "l'APEBI" (webinars/french.py)
    short_name: str | None = None
    country: str | None = None
    brand_color: str | None = None
    monogram: str = ""  # the letters of the logo the demo draws (not the real trademark)
    description: str = ""
    postal_address: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True)
class DemoOrganizer:
    email: str
    password: str
    full_name: str


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    position: str | None = None
    affiliation: str | None = None
    # Short biographies written for the demo from what the press report says of each person.
    bio: str | None = None
    bio_en: str | None = None


@dataclass(frozen=True)
class DemoAgendaItem:
    offset: timedelta  # from the webinar's start
    duration: timedelta
    kind: AgendaKind
    title: str
    speakers: tuple[str, ...] = ()  # keys of PEOPLE


@dataclass(frozen=True)
class DemoPartner:
    name: str
    website: str | None = None


@dataclass(frozen=True)
class DemoWebinar:
    """A webinar at a fixed local date (``day``) or ``days_ahead`` of today, at ``local_start``."""

    slug: str
    title: str
    subtitle: str
    description: str
    language: Language
    local_start: time
    duration: timedelta
    moderator: str  # key of PEOPLE
    speakers: tuple[str, ...]
    agenda: tuple[DemoAgendaItem, ...]
    join_url: str
    day: date | None = None
    days_ahead: int | None = None
    join_url_is_public: bool = False
    capacity: int | None = None
    is_past_record: bool = False
    partners: tuple[DemoPartner, ...] = field(default_factory=tuple)


ORGANIZATION = DemoOrganization(
    name="APEBI — Pôle Offshoring",
    slug="apebi-pole-offshoring",
    timezone="Africa/Casablanca",
    website="https://www.apebi.org.ma",
    name_article="l'",
    short_name="APEBI",
    country="MA",
    brand_color="#0b6e4f",
    monogram="AP",
    description=(
        "Le pôle Offshoring de la Fédération des technologies de l'information, des télécommunications "
        "et de l'offshoring (APEBI) réunit les acteurs marocains de l'offshoring et de l'IT autour de "
        "webinaires sur les opportunités du secteur et ses écosystèmes régionaux.\n\n"
        "*Données de démonstration : le logo est dessiné par la démo, l'adresse et le contact sont fictifs.*"
    ),
    # Fictional: the demo must not publish a real organization's contact details as its own.
    postal_address="Adresse de démonstration\nCasablanca\nMaroc",
    contact_email="contact@apebi.example",
)

ORGANIZER = DemoOrganizer(
    email="organizer@example.org",
    password="webinars-demo",
    full_name="Organisateur démo",
)

CRI = "Centre régional d'investissement Fès-Meknès"

# No e-mail addresses: these are real people and the demo must not invent contacts for them.
# Their bios say only what the press report of the 2020 webinar says of them, in our own words.
PEOPLE = {
    "benabbou": DemoPerson(
        "Mohamed Benabbou",
        bio=(
            "Mohamed Benabbou a modéré le webinaire du pôle Offshoring de l'APEBI du 18 décembre 2020 "
            "consacré à l'offshoring régionalisé. Il y a rappelé que chaque crise cache une opportunité "
            "et rend les entreprises plus robustes."
        ),
        bio_en=(
            "Mohamed Benabbou moderated the APEBI Offshoring division's webinar of 18 December 2020 on "
            "regional offshoring, where he argued that every crisis hides an opportunity and makes "
            "companies more robust."
        ),
    ),
    "tazi": DemoPerson(
        "Yassine Tazi",
        position="Directeur général",
        affiliation=CRI,
        bio=(
            "Directeur général du Centre régional d'investissement de Fès-Meknès, Yassine Tazi porte le "
            "projet d'écosystème digital régional et d'antenne de l'APEBI dans la région, troisième du "
            "Maroc pour l'offshoring avec environ 11 % des emplois du secteur."
        ),
        bio_en=(
            "Managing director of the Fès-Meknès Regional Investment Centre, Yassine Tazi leads the plan "
            "for a regional digital ecosystem and an APEBI branch in the region, Morocco's third for "
            "offshoring with about 11% of the sector's jobs."
        ),
    ),
    "elasri": DemoPerson(
        "Idriss Elasri",
        position="Directeur général",
        affiliation="Altran Maroc",
        bio=(
            "Idriss Elasri dirige Altran Maroc, filiale marocaine d'un groupe français de conseil en "
            "ingénierie. Il observe que la crise a touché l'offshoring de façon inégale et que les "
            "métiers de l'IT en sont sortis gagnants, portés par la digitalisation."
        ),
        bio_en=(
            "Idriss Elasri heads Altran Maroc, the Moroccan subsidiary of a French engineering consultancy. "
            "He notes that the crisis hit offshoring unevenly, and that IT jobs came out ahead, carried by "
            "faster digitalization."
        ),
    ),
}


def _minutes(value: int) -> timedelta:
    return timedelta(minutes=value)


OFFSHORING_2020 = DemoWebinar(
    slug="offshoring-regionalise-2020",
    title="L'offshoring régionalisé : meilleure réponse aux opportunités post-Covid",
    subtitle="Opportunités, perspectives et enjeux de l'offshoring après la crise sanitaire",
    language=Language.FR,
    day=date(2020, 12, 18),
    # The press report gives the date only; 10:00–12:00 Casablanca time is our choice.
    local_start=time(10, 0),
    duration=timedelta(hours=2),
    is_past_record=True,
    moderator="benabbou",
    speakers=("tazi", "elasri"),
    join_url="https://zoom.us/j/81234567890",
    partners=(DemoPartner("CRI Fès-Meknès"),),
    description="""\
Le pôle Offshoring de l'APEBI, la fédération marocaine des technologies de l'information, \
des télécommunications et de l'offshoring, donne la parole à des décideurs publics et à des \
dirigeants d'entreprise sur ce que la pandémie a changé pour le secteur.

La crise n'a pas touché tous les métiers de l'offshoring de la même manière : les activités \
numériques et les systèmes d'information ont profité d'une digitalisation qui s'est accélérée. \
Comment les régions peuvent-elles transformer cet élan en investissements et en emplois ?

**Au programme**

- la région **Fès-Meknès**, l'un des grands pôles de l'offshoring au Maroc, et son projet \
d'écosystème digital régional ;
- le point de vue d'un acteur du conseil en ingénierie sur les métiers qui ont le mieux \
traversé la crise ;
- la signature d'une convention de partenariat entre l'APEBI et le Centre régional \
d'investissement Fès-Meknès : une antenne régionale de la fédération et un accompagnement \
des entreprises du territoire dans leur transformation digitale.
""",
    agenda=(
        DemoAgendaItem(_minutes(0), _minutes(10), AgendaKind.OPENING,
                       "Ouverture et présentation des intervenants", ("benabbou",)),
        DemoAgendaItem(_minutes(10), _minutes(25), AgendaKind.TALK,
                       "Fès-Meknès, une région qui bâtit son écosystème digital", ("tazi",)),
        DemoAgendaItem(_minutes(35), _minutes(25), AgendaKind.TALK,
                       "L'offshoring face à la crise : les métiers du digital en première ligne", ("elasri",)),
        DemoAgendaItem(_minutes(60), _minutes(15), AgendaKind.SIGNING,
                       "Signature de la convention de partenariat APEBI – CRI Fès-Meknès", ("tazi",)),
        DemoAgendaItem(_minutes(75), _minutes(35), AgendaKind.QA,
                       "Questions des participants", ("benabbou", "tazi", "elasri")),
        DemoAgendaItem(_minutes(110), _minutes(10), AgendaKind.CLOSING,
                       "Clôture", ("benabbou",)),
    ),
)

TERRITOIRE_DIGITAL = DemoWebinar(
    slug="fes-meknes-territoire-digital",
    title="Fès-Meknès, territoire digital : où en est le partenariat APEBI – CRI ?",
    subtitle="Point d'étape sur l'écosystème digital régional",
    language=Language.FR,
    days_ahead=21,
    local_start=time(10, 0),
    duration=_minutes(90),
    capacity=300,
    moderator="benabbou",
    speakers=("tazi", "elasri"),
    join_url="https://zoom.us/j/89876543210",
    partners=(DemoPartner("CRI Fès-Meknès"),),
    description="""\
Depuis la convention signée en décembre 2020 entre l'APEBI et le Centre régional \
d'investissement Fès-Meknès, où en est l'écosystème digital de la région ?

Ce webinaire fait le point sur l'antenne régionale de la fédération, l'accompagnement des \
entreprises locales et les nouvelles niches de l'offshoring qui se dessinent.

*Événement fictif, créé pour la démonstration de l'application.*
""",
    agenda=(
        DemoAgendaItem(_minutes(0), _minutes(10), AgendaKind.OPENING,
                       "Mot d'ouverture", ("benabbou",)),
        DemoAgendaItem(_minutes(10), _minutes(25), AgendaKind.TALK,
                       "Bilan de la convention APEBI – CRI Fès-Meknès", ("tazi",)),
        DemoAgendaItem(_minutes(35), _minutes(25), AgendaKind.TALK,
                       "Les nouvelles niches de l'offshoring digital", ("elasri",)),
        DemoAgendaItem(_minutes(60), _minutes(25), AgendaKind.QA,
                       "Questions des participants", ("benabbou", "tazi", "elasri")),
        DemoAgendaItem(_minutes(85), _minutes(5), AgendaKind.CLOSING,
                       "Clôture", ("benabbou",)),
    ),
)

WEBINARS = (OFFSHORING_2020, TERRITOIRE_DIGITAL)


# --- Speaker spaces ----------------------------------------------------------------
#
# FICTIONAL: the upcoming webinar has a speakers' join link and a rehearsal, and invites a
# third speaker, an invented person, through her speaker space. She has not answered: the line-up
# shows her "invited", the public page leaves her out, and after `make run` the outbox holds her
# invitation (instance/outbox/). The real people of the line-up have no e-mail address (above),
# so they are shown "confirmed by the organizer", without a space.

@dataclass(frozen=True)
class DemoSpeakerSpaces:
    webinar_slug: str
    speakers_join_url: str
    rehearsal_start: time  # on the working day before the webinar
    rehearsal_duration: timedelta
    invited: DemoPerson
    invited_email: str


SPEAKER_SPACES = DemoSpeakerSpaces(
    webinar_slug=TERRITOIRE_DIGITAL.slug,
    speakers_join_url="https://zoom.us/j/89876543211",
    rehearsal_start=time(16, 0),
    rehearsal_duration=_minutes(45),
    invited=DemoPerson(
        "Salma Berrada",
        position="Responsable de l'antenne régionale (personne fictive)",
        affiliation="APEBI — antenne Fès-Meknès",
    ),
    invited_email="salma.berrada@apebi.example",
)


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
            DemoParty(CRI, *CRI_SIGNATORY, signed_after=_minutes(62),
                      strokes=(((30, 140), (80, 60), (120, 150), (170, 70), (230, 140), (300, 90)),
                               ((320, 120), (420, 110), (540, 100)))),
            DemoParty(APEBI_NAME, *APEBI_SIGNATORY, signed_after=_minutes(64),
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


# --- The fictional audience -----------------------------------------------------------
#
# FICTIONAL: every registrant below is made up. Names are common Moroccan first
# and last names drawn at random, organizations are invented (apart from the
# event's own partners), addresses use the reserved example.org domain.

@dataclass(frozen=True)
class DemoRegistrant:
    first_name: str
    last_name: str
    email: str
    affiliation: str | None
    job_title: str | None
    country: str
    city: str
    cancelled: bool
    attended: bool
    minutes_in_session: int | None
    registered_before: timedelta  # how long before the webinar's start they registered


_FIRST_NAMES = (
    "Adil", "Amal", "Amine", "Asmae", "Ayoub", "Bouchra", "Driss", "Fatima Zahra", "Ghita", "Hamza",
    "Hanane", "Hicham", "Houda", "Ilham", "Imane", "Issam", "Jamal", "Kaoutar", "Khadija", "Laila",
    "Mehdi", "Meryem", "Mounir", "Nabil", "Naima", "Nouhaila", "Omar", "Oumaima", "Rachid", "Reda",
    "Salma", "Samir", "Sanae", "Soufiane", "Tarik", "Wiam", "Yasmine", "Youssef", "Zakaria", "Zineb",
)
_LAST_NAMES = (
    "Alami", "Amrani", "Bakkali", "Benjelloun", "Bennani", "Berrada", "Bouzidi", "Chraibi", "El Fassi",
    "El Idrissi", "Ennaji", "Fassi Fihri", "Filali", "Guessous", "Hajji", "Kabbaj", "Lahlou", "Lamrani",
    "Mansouri", "Naciri", "Ouazzani", "Rami", "Sebti", "Squalli", "Tahiri", "Tazi", "Zaki", "Ziani",
)
# Invented organizations of the region and of the sector, with the weight each gets.
_AFFILIATIONS = (
    ("CRI Fès-Meknès", 12), ("cri fès-meknès", 2), ("Atlas Nearshore Services", 10),
    ("Saïss Data Center", 8), ("Fès Digital Hub", 9), ("Meknès Tech Conseil", 6),
    ("Zalagh Relation Client", 7), ("Université de Fès — Faculté des sciences", 8),
    ("École d'ingénieurs de Meknès", 5), ("Médina Software", 5), ("Offshore Consulting Maroc", 4),
    ("Chambre de commerce de Fès", 4), ("Casablanca Cloud Services", 4), ("Rabat Digital Factory", 3),
    ("Sébou Informatique", 3), ("Indépendant", 6),
)
_JOB_TITLES = (
    ("Directeur général", 10), ("Responsable RH", 8), ("Chef de projet", 14), ("Ingénieur logiciel", 14),
    ("Consultant", 10), ("Étudiant", 12), ("Chargé d'affaires", 6), ("Directeur des opérations", 6),
    ("Responsable commercial", 6), ("Team leader", 7), ("Data analyst", 5), ("Entrepreneur", 5),
)
_CITIES = (
    ("MA", "Fès", 70), ("MA", "Meknès", 25), ("MA", "Casablanca", 25), ("MA", "Rabat", 18),
    ("MA", "Tanger", 8), ("MA", "Marrakech", 6), ("MA", "Oujda", 5), ("MA", "Ifrane", 5), ("MA", "Taza", 4),
    ("FR", "Paris", 5), ("FR", "Lyon", 2), ("SN", "Dakar", 3), ("TN", "Tunis", 2),
)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in plain.lower() if c.isalnum())


def fictional_audience(audience: DemoAudience) -> tuple[DemoRegistrant, ...]:
    """The same fictional registrants on every run (a seeded generator), in registration order."""
    rng = random.Random(audience.seed)
    total = audience.confirmed + audience.cancelled
    cancelled = set(rng.sample(range(total), audience.cancelled))
    confirmed = [n for n in range(total) if n not in cancelled]
    attended = set(rng.sample(confirmed, audience.attended))
    registrants = []
    for n in range(total):
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        country, city = rng.choices([c[:2] for c in _CITIES], weights=[c[2] for c in _CITIES])[0]
        # Most people register in the last days; the first ones three weeks ahead.
        days = int(audience.days_before * rng.random() ** 2)
        registrants.append(
            DemoRegistrant(
                first_name=first,
                last_name=last,
                email=f"{_ascii(first)}.{_ascii(last)}.{n + 1}@example.org",
                affiliation=None if rng.random() < 0.08 else rng.choices(
                    [a[0] for a in _AFFILIATIONS], weights=[a[1] for a in _AFFILIATIONS]
                )[0],
                job_title=None if rng.random() < 0.1 else rng.choices(
                    [j[0] for j in _JOB_TITLES], weights=[j[1] for j in _JOB_TITLES]
                )[0],
                country=country,
                city=city,
                cancelled=n in cancelled,
                attended=n in attended,
                # Most stayed until the end of the two hours; some left early.
                minutes_in_session=min(120, max(6, round(rng.gauss(96, 24)))) if n in attended else None,
                # Between 30 minutes and three weeks before the start.
                registered_before=timedelta(days=days, minutes=rng.randint(30, 14 * 60)),
            )
        )
    return tuple(sorted(registrants, key=lambda r: r.registered_before, reverse=True))
