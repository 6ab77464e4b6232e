"""How long the summary's figures take for a webinar with 100,000 registrations.

    .venv/bin/python bench/summary_figures.py [--database-url URL] [--registrations N]

Builds the webinar in the given database (default: a temporary SQLite file),
with a realistic spread of states, attendance, durations, organizations,
countries, cities, job titles and answers to a multiple-choice question, then
times ``attendance_figures``, ``breakdowns(public=False)`` and
``breakdowns(public=True)`` (best of 3) and lists the slowest statements.
The webinar's organization (and so everything built) is deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, event, insert, select, text  # noqa: E402

from webinars import create_app  # noqa: E402
from webinars.accounts.models import Organization  # noqa: E402
from webinars.events.models import Webinar  # noqa: E402
from webinars.extensions import db  # noqa: E402
from webinars.registration import tallies  # noqa: E402
from webinars.registration.models import Answer, Question, QuestionKind, Registration, RegistrationState  # noqa: E402
from webinars.summaries.attendance import attendance_figures  # noqa: E402
from webinars.summaries.breakdowns import breakdowns  # noqa: E402

CHUNK = 5_000
STARTS_AT = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
STATES = [
    (RegistrationState.CONFIRMED, 70),
    (RegistrationState.WAITLISTED, 10),
    (RegistrationState.PENDING, 5),
    (RegistrationState.REJECTED, 3),
    (RegistrationState.CANCELLED, 12),
]
COUNTRIES = [("MA", 60), ("FR", 12), ("SN", 5), ("CI", 4), ("TN", 4), ("DZ", 3), ("BE", 3), ("CA", 3), ("US", 2),
             ("ES", 2), ("DE", 1), ("GB", 1)]
TOPICS = ["Cloud", "Artificial intelligence", "Cybersecurity", "Offshoring", "Start-ups", "Training", "Export"]


def weighted(rng: random.Random, choices: list[tuple[object, int]]) -> object:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def zipf_pick(rng: random.Random, names: list[str]) -> str:
    """A few large groups and a long tail, as real organization or city lists have."""
    return names[min(int(rng.paretovariate(1.1)) - 1, len(names) - 1)]


def vary_spelling(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.05:
        return name.upper()
    if roll < 0.10:
        return f" {name.lower()} "
    return name


def build(count: int, seed: int = 7) -> Webinar:
    rng = random.Random(seed)
    organization = Organization(
        name="Bench summaries", slug=f"bench-summaries-{int(time.time())}", timezone="Africa/Casablanca"
    )
    webinar = Webinar(
        organization=organization, title="Summary figures bench", slug=f"summary-figures-bench-{int(time.time())}",
        timezone="Africa/Casablanca", starts_at=STARTS_AT, ends_at=STARTS_AT + timedelta(hours=2), capacity=80_000,
    )
    db.session.add_all([organization, webinar])
    db.session.flush()
    question = Question(webinar_id=webinar.id, label="Topics you want covered", kind=QuestionKind.MULTIPLE_CHOICE,
                        choices_text="\n".join(TOPICS))
    db.session.add(question)
    db.session.commit()

    companies = [f"Company {n}" for n in range(1, 3001)]
    cities = [f"City {n}" for n in range(1, 401)]
    cities[:5] = ["Casablanca", "Rabat", "Fès", "Tanger", "Marrakech"]
    titles = [f"Job title {n}" for n in range(1, 151)]
    titles[:4] = ["Directeur général", "Ingénieur", "Chef de projet", "Étudiant"]
    now = datetime.now(UTC)
    rows = []
    for number in range(count):
        state = weighted(rng, STATES)
        attended = state is RegistrationState.CONFIRMED and rng.random() < 0.6
        # Most people register in the last two weeks; a few six weeks ahead.
        created_at = STARTS_AT - timedelta(minutes=rng.expovariate(1 / (60 * 24 * 10)) % (60 * 24 * 45) + 30)
        rows.append(
            {
                "webinar_id": webinar.id,
                "email": f"bench{number}@example.org",
                "first_name": "Bench",
                "last_name": f"Registrant {number:06d}",
                "affiliation": vary_spelling(rng, zipf_pick(rng, companies)) if rng.random() > 0.1 else None,
                "job_title": vary_spelling(rng, zipf_pick(rng, titles)) if rng.random() > 0.2 else None,
                "country": weighted(rng, COUNTRIES) if rng.random() > 0.05 else None,
                "city": vary_spelling(rng, zipf_pick(rng, cities)) if rng.random() > 0.15 else None,
                "language": "fr",
                "state": state,
                "consented_at": created_at,
                "created_at": created_at,
                "updated_at": now,
                "attended": attended,
                "minutes_in_session": rng.randint(3, 125) if attended and rng.random() < 0.8 else None,
            }
        )
        if len(rows) == CHUNK:
            db.session.execute(insert(Registration), rows)
            rows = []
    if rows:
        db.session.execute(insert(Registration), rows)
    tallies.recount([webinar.id])
    db.session.commit()

    answers = []
    for registration_id in db.session.scalars(select(Registration.id).where(Registration.webinar_id == webinar.id)):
        for topic in rng.sample(TOPICS, rng.randint(1, 3)):
            answers.append({"registration_id": registration_id, "question_id": question.id, "value": topic})
    for start in range(0, len(answers), CHUNK):
        db.session.execute(insert(Answer), answers[start : start + CHUNK])
    db.session.commit()
    return webinar


def settle() -> None:
    """The state a live database reaches on its own after a bulk insert: planner statistics and, on
    PostgreSQL, the visibility map autovacuum sets (without it index-only scans read the table)."""
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))


def measure(webinar: Webinar, runs: int = 3) -> None:
    durations: dict[str, list[float]] = defaultdict(list)
    statements: list[tuple[float, str]] = []
    started: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append((time.perf_counter() - started.pop(id(cursor)), " ".join(statement.split())))

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    try:
        for run in range(runs):
            statements.clear()
            for name, compute in (
                ("attendance_figures", lambda: attendance_figures(webinar)),
                ("breakdowns(public=False)", lambda: breakdowns(webinar, public=False)),
                ("breakdowns(public=True)", lambda: breakdowns(webinar, public=True)),
            ):
                begin = time.perf_counter()
                compute()
                durations[name].append(time.perf_counter() - begin)
                db.session.rollback()  # a fresh transaction each time, as a request would have
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)

    for name, times in durations.items():
        print(f"{name:28} best {min(times) * 1000:8.1f} ms   (runs: {', '.join(f'{t * 1000:.1f}' for t in times)})")
    print(f"{'total':28} best {sum(min(times) for times in durations.values()) * 1000:8.1f} ms")
    # Timings on a shared machine mean little without its load.
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.1f}" for load in os.getloadavg()))
    print(f"\n{len(statements)} statements in the last run; the slowest (time to execute; SQLite runs the later"
          " parts of a UNION ALL while the rows are fetched, so those show only in the totals above):")
    for seconds, statement in sorted(statements, reverse=True)[:6]:
        print(f"  {seconds * 1000:7.1f} ms  {statement[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--registrations", type=int, default=100_000)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="summary-bench-") as folder:
        url = arguments.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": folder, "HUEY_IMMEDIATE": True})
        with app.test_request_context():
            db.create_all()
            print(f"Database: {db.engine.dialect.name}; building {arguments.registrations:,} registrations...")
            begin = time.perf_counter()
            webinar = build(arguments.registrations)
            print(f"Built in {time.perf_counter() - begin:.1f} s.")
            settle()
            try:
                figures = attendance_figures(webinar)
                print(f"Confirmed {figures.confirmed:,}, attendees {figures.attendees:,}, "
                      f"median {figures.median_minutes} min, {len(figures.per_day)} days.\n")
                measure(webinar)
            finally:
                db.session.rollback()
                db.session.execute(delete(Organization).where(Organization.id == webinar.organization_id))
                db.session.commit()
                db.engine.dispose()


if __name__ == "__main__":
    main()
