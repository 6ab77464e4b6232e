"""The demo's fictional registrants, drawn from a seeded generator: the same people on every run."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from webinars.demo.summary_data import DemoAudience


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
