"""The demo data: the APEBI offshoring webinar of 18 December 2020, and a fictional follow-up.

The first webinar took place: its title, date, moderator, speakers and the
signing of the APEBI – CRI Fès-Meknès convention come from a press report
of the event. The press did not give its time; 10:00–12:00 in Casablanca is
our choice. The descriptions are written for this demo.
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
)

ORGANIZER = DemoOrganizer(
    email="organizer@example.org",
    password="webinars-demo",
    full_name="Organisateur démo",
)

CRI = "Centre régional d'investissement Fès-Meknès"

# No e-mail addresses: these are real people and the demo must not invent contacts for them.
PEOPLE = {
    "benabbou": DemoPerson("Mohamed Benabbou"),
    "tazi": DemoPerson("Yassine Tazi", position="Directeur général", affiliation=CRI),
    "elasri": DemoPerson("Idriss Elasri", position="Directeur général", affiliation="Altran Maroc"),
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
