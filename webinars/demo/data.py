"""The demo data: the APEBI offshoring webinar of 18 December 2020, and a fictional follow-up.

The first webinar took place: its title, date, moderator, speakers and the
signing of the APEBI – CRI Fès-Meknès convention come from a press report
of the event. The press did not give its time; 10:00–12:00 in Casablanca is
our choice. The descriptions are written for this demo.

Its published summary quotes the report's key figures and short excerpts of
its quotes; its registrants are FICTIONAL (see ``fictional_audience``): the
report gives no attendance figures.

Here: the organization, its organizer, the people and the two webinars, and the speaker spaces.
The agreements are in agreement_data.py, the summary in summary_data.py, the fictional
registrants in audience.py; service.py and its neighbours save them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from webinars.agenda.models import AgendaKind
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
