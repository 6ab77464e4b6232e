"""The benchmark's data set: one federation with 200 webinars, one of them with 100,000 registrations.

Built once and reused: a marker row records what was built (the data set's
version, its sizes, and fingerprints of the migrations and of the models), and
a later run that finds the same marker only moves the few dates that must stay
relative to now. ``--fresh`` (or any change of the marker) drops the bench
database's schema and builds everything again through ``webinars db upgrade``.

The large tables are written with bulk ``insert()`` in chunks of 5,000 rows
and explicit ids (their answers need the ids without a round trip); the 200
webinars with their line-ups and agendas go through the ORM like any other
data of the app.

Webinars the bench measures:
- ``big``: ended three days ago, 100,000 registrations with answers and
  attendance, a published summary (registration list, summary pages, CSV export);
- ``small``: ended, 1,000 registrations of the same shape (the export's baseline);
- ``open``: in 30 days, a full line-up and agenda, 5,000 registrations and a
  registrant whose personal token is known (webinar page, .ics, personal invite,
  registration POST);
- ``reminder``: starts 30 minutes after the run begins with a reminder one hour
  before, so its 10,000 confirmed registrants are all due a reminder.
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import time
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, insert, inspect, select, text, update

from bench.environment import REPO, VENV_BIN, Target, app_environment

DATASET_VERSION = 2
WEBINAR_COUNT = 200
BIG_ROWS = 100_000
SMALL_ROWS = 1_000
OPEN_ROWS = 5_000
REMINDER_ROWS = 10_000
CHUNK = 5_000
POSTED_EMAIL_PREFIX = "post-"  # registrations made by the load generator, removed before each run

ORGANIZATION_SLUG = "bench-federation"
ORGANIZER_EMAIL = "bench-organizer@example.org"
ORGANIZER_PASSWORD = "bench-password-2026"


@dataclass(frozen=True)
class BenchData:
    """What the load generator needs to know about the data set."""

    organization_slug: str
    organizer_email: str
    organizer_password: str
    big_id: int
    big_slug: str
    small_id: int
    open_id: int
    open_slug: str
    reminder_id: int
    invite_token: str  # a confirmed registrant of ``open``: tokens are stored hashed, so it is kept here
    deep_cursor_offset: int


# --- The marker --------------------------------------------------------------------------


def marker(app) -> dict:
    migrations = REPO / "migrations" / "versions"
    migration_hash = hashlib.sha256()
    for path in sorted(migrations.glob("*.py")):
        migration_hash.update(path.name.encode() + path.read_bytes())
    model_hash = hashlib.sha256()
    from webinars.extensions import db

    for table in sorted(db.metadata.tables.values(), key=lambda table: table.name):
        model_hash.update(f"{table.name}:{','.join(sorted(c.name for c in table.columns))};".encode())
    return {
        "version": DATASET_VERSION,
        "sizes": [WEBINAR_COUNT, BIG_ROWS, SMALL_ROWS, OPEN_ROWS, REMINDER_ROWS],
        "migrations": migration_hash.hexdigest()[:16],
        "models": model_hash.hexdigest()[:16],
    }


MARKER_TABLE = "bench_dataset"


def _stored(name: str) -> dict | None:
    from webinars.extensions import db

    if not inspect(db.engine).has_table(MARKER_TABLE):
        return None
    value = db.session.execute(text(f"SELECT value FROM {MARKER_TABLE} WHERE name = :name"), {"name": name}).scalar()
    return json.loads(value) if value else None


def _store(name: str, value: dict) -> None:
    from webinars.extensions import db

    db.session.execute(text(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (name VARCHAR(40) PRIMARY KEY, value TEXT NOT NULL)"))
    db.session.execute(text(f"DELETE FROM {MARKER_TABLE} WHERE name = :name"), {"name": name})
    db.session.execute(text(f"INSERT INTO {MARKER_TABLE} (name, value) VALUES (:name, :value)"), {"name": name, "value": json.dumps(value)})


# --- Entry point -------------------------------------------------------------------------


def ensure_dataset(target: Target, fresh: bool, say=print) -> BenchData:
    """The data set, reused when its marker matches, built otherwise."""
    from webinars import create_app
    from webinars.extensions import db

    app = create_app()
    with app.app_context():
        expected = marker(app)
        found = None if fresh else _stored("marker")
        facts = _stored("facts") if found == expected else None
        db.session.remove()
        db.engine.dispose()
    if facts is not None:
        say("Data set: reusing the existing one (marker matches; --fresh rebuilds it)")
        return BenchData(**facts)

    say("Data set: building it (once; later runs reuse it)")
    started = time.perf_counter()
    _reset_schema(target)
    app = create_app()
    with app.app_context():
        _create_tables_missing_from_migrations(say)
        data = _build(datetime.now(UTC), say)
        _store("marker", marker(app))
        _store("facts", asdict(data))
        db.session.commit()
        settle(db)
        db.session.remove()
        db.engine.dispose()
    say(f"Data set: built in {time.perf_counter() - started:.0f} s")
    return data


def settle(db) -> None:
    """VACUUM ANALYZE on PostgreSQL, as autovacuum does on a database in service: fresh statistics, and
    a visibility map that lets counts read indexes alone instead of 100,000 rows."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def _reset_schema(target: Target) -> None:
    """An empty database, then the schema from the migrations, as on a real deployment."""
    if target.is_sqlite:
        path = Path(target.database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        if "bench" not in target.database_url.rsplit("/", 1)[-1]:
            raise SystemExit(f"Refusing to empty {target.database_url}: its name does not contain 'bench'")
        with psycopg.connect(target.database_url, autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
    subprocess.run(
        [str(VENV_BIN / "webinars"), "db", "upgrade"],
        cwd=REPO,
        env=app_environment(target),
        check=True,
        capture_output=True,
    )


def _create_tables_missing_from_migrations(say) -> None:
    """Tables of models that no migration creates yet (work in progress) are created from the models,
    so the bench measures the current code; it says so, since a deployment would lack them."""
    from webinars.extensions import db

    existing = set(inspect(db.engine).get_table_names())
    missing = [table for name, table in db.metadata.tables.items() if name not in existing]
    if missing:
        say("  tables not in the migrations yet, created from the models: " + ", ".join(t.name for t in missing))
        db.metadata.create_all(db.engine, tables=missing)


# --- Building -----------------------------------------------------------------------------

FIRST_NAMES = (
    "Amine Yasmine Mehdi Salma Youssef Imane Omar Khadija Hamza Fatima Karim Nadia Rachid Samira Anas Hind "
    "Ayoub Meryem Reda Zineb Adil Loubna Hicham Sanaa Nabil Soukaina Tarik Houda Said Ghita Claire Julien Sophie "
    "Thomas Camille Nicolas Léa Antoine Chloé Mathieu Emma Lucas Manon Hugo Inès Louis Sarah Paul Élodie Marc"
).split()
LAST_NAMES = (
    "Alaoui Benali Chraibi Daoudi El Amrani Fassi Guessous Haddad Idrissi Jamai Kettani Lahlou Mansouri Naciri "
    "Ouazzani Qadiri Rami Saidi Tazi Berrada Bennani Cherkaoui Filali Lazrak Sqalli Tahiri Zniber Martin Bernard "
    "Dubois Durand Lefebvre Moreau Laurent Simon Michel Garcia Roux Fournier Girard Bonnet Dupont Lambert Fontaine"
).split()
SECTORS = ["Offshoring", "Industrie", "Banque", "Conseil", "Éducation", "Santé", "Télécoms", "Administration"]
TOPICS = ["Nearshoring", "Formation", "Fiscalité", "Numérique", "Export", "Financement"]
COUNTRIES = ["MA"] * 10 + ["FR"] * 4 + ["SN", "CI", "TN", "BE", "CA", "ES", "DE", "US"]
CITIES = ["Casablanca", "Rabat", "Fès", "Tanger", "Marrakech", "Paris", "Lyon", "Dakar", "Abidjan", "Tunis"]
JOB_TITLES = ["Directeur général", "Chef de projet", "Consultant", "Ingénieur", "Responsable RH", "Étudiant",
              "Analyste", "Directrice financière", "Chargée de mission", "Entrepreneur"]
AFFILIATIONS = [f"Entreprise {name} {n}" for n in range(1, 41) for name in ("Atlas", "Sahel", "Rif")]


def _build(now: datetime, say) -> BenchData:
    from webinars.accounts.models import Membership, Organization, Role, User
    from webinars.extensions import db

    rng = random.Random(2026)
    organization = Organization(
        name="Fédération des entreprises — banc d'essai",
        slug=ORGANIZATION_SLUG,
        timezone="Africa/Casablanca",
        website="https://federation.example.org",
    )
    organizer = User(email=ORGANIZER_EMAIL, full_name="Organisatrice du banc d'essai")
    organizer.set_password(ORGANIZER_PASSWORD)
    db.session.add_all([organization, organizer])
    db.session.flush()
    db.session.add(Membership(user_id=organizer.id, organization_id=organization.id, role=Role.OWNER))

    webinars = _webinars(organization, now, rng)
    big, small, opened, reminder = webinars["big"], webinars["small"], webinars["open"], webinars["reminder"]
    db.session.flush()
    big_questions = _questions(big)
    small_questions = _questions(small)
    db.session.flush()
    say(f"  {WEBINAR_COUNT} webinars with line-ups and agendas")

    next_id = 1
    for webinar, count, questions in (
        (big, BIG_ROWS, big_questions),
        (small, SMALL_ROWS, small_questions),
        (opened, OPEN_ROWS, None),
        (reminder, REMINDER_ROWS, None),
    ):
        ended = webinar.ends_at <= now
        _insert_registrations(webinar, count, next_id, questions, ended, confirmed_only=webinar is reminder, rng=rng)
        next_id += count
        say(f"  {count:,} registrations for “{webinar.title}”")
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('registrations', 'id'), (SELECT max(id) FROM registrations))"))

    invite_token = _known_registrant(opened)
    db.session.commit()
    return BenchData(
        organization_slug=ORGANIZATION_SLUG,
        organizer_email=ORGANIZER_EMAIL,
        organizer_password=ORGANIZER_PASSWORD,
        big_id=big.id,
        big_slug=big.slug,
        small_id=small.id,
        open_id=opened.id,
        open_slug=opened.slug,
        reminder_id=reminder.id,
        invite_token=invite_token,
        deep_cursor_offset=int(BIG_ROWS * 0.9),
    )


def _webinars(organization, now: datetime, rng: random.Random) -> dict:
    """200 webinars two days apart, half past and half ahead, each with a moderator, three speakers,
    five agenda items and two partners; returns the four the bench measures by role."""
    from webinars.agenda.models import AgendaItem, AgendaKind
    from webinars.events.models import Language, Webinar, WebinarPartner, WebinarStatus
    from webinars.extensions import db
    from webinars.people.models import Participation, ParticipationRole, Person

    people = [
        Person(
            organization=organization,
            full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            position=rng.choice(JOB_TITLES),
            affiliation=rng.choice(AFFILIATIONS),
            bio="Spécialiste reconnue du secteur, intervient régulièrement sur les questions d'investissement. " * 3,
        )
        for _ in range(40)
    ]
    db.session.add_all(people)
    description = (
        "## Au programme\n\nUn tour d'horizon des **opportunités** du secteur, avec des témoignages "
        "d'entreprises installées et les dispositifs d'accompagnement.\n\n- Le cadre incitatif\n"
        "- Les métiers recherchés\n- La formation des talents\n\nUne séance de questions-réponses conclut. "
    ) * 3
    special = {0: "big", 1: "small", 2: "open", 3: "reminder"}
    found = {}
    for index in range(WEBINAR_COUNT):
        role = special.get(index)
        starts_at = {
            "big": now - timedelta(days=3),
            "small": now - timedelta(days=10),
            "open": now + timedelta(days=30),
            "reminder": now + timedelta(minutes=30),
        }.get(role) or now + timedelta(days=2 * (index - WEBINAR_COUNT // 2), hours=rng.randint(0, 8))
        starts_at = starts_at.replace(second=0, microsecond=0)
        status = WebinarStatus.PUBLISHED
        if role is None and index % 25 == 0:
            status = WebinarStatus.CANCELLED
        elif role is None and index % 20 == 0:
            status = WebinarStatus.DRAFT
        webinar = Webinar(
            organization=organization,
            slug=f"{role or 'webinaire'}-{index:03d}",
            title=f"Webinaire {index:03d} : l'offshoring régionalisé, réponse aux opportunités",
            subtitle="Investir, former et recruter dans les régions",
            description=description,
            language=Language.FR if index % 3 else Language.EN,
            timezone="Africa/Casablanca",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            join_url="https://zoom.example.org/j/123456789",
            join_url_is_public=False,
            capacity=50_000 if role == "open" else None,
            reminder_minutes="60" if role == "reminder" else "1440,60",
            status=status,
            published_at=now - timedelta(days=60) if status is not WebinarStatus.DRAFT else None,
            cancelled_at=now - timedelta(days=1) if status is WebinarStatus.CANCELLED else None,
        )
        lineup = rng.sample(people, 4)
        webinar.participations = [
            Participation(person=person, role=ParticipationRole.MODERATOR if position == 0 else ParticipationRole.SPEAKER, position=position)
            for position, person in enumerate(lineup)
        ]
        kinds = [AgendaKind.OPENING, AgendaKind.TALK, AgendaKind.TALK, AgendaKind.PANEL, AgendaKind.QA]
        webinar.agenda_items = [
            AgendaItem(
                starts_at=starts_at + timedelta(minutes=20 * slot),
                ends_at=starts_at + timedelta(minutes=20 * (slot + 1)),
                title=f"Séquence {slot + 1} : {kind.value}",
                kind=kind,
                description="Présentation suivie d'un échange avec les participants.",
                speakers=[lineup[slot % 4]],
            )
            for slot, kind in enumerate(kinds)
        ]
        webinar.partners = [
            WebinarPartner(name=f"Partenaire {n}", website=f"https://partenaire{n}.example.org", position=n)
            for n in range(2)
        ]
        db.session.add(webinar)
        if role:
            found[role] = webinar
    return found


def _questions(webinar) -> dict:
    from webinars.extensions import db
    from webinars.registration.models import Question, QuestionKind

    questions = {
        "sector": Question(webinar_id=webinar.id, label="Secteur d'activité", kind=QuestionKind.SINGLE_CHOICE,
                           required=True, position=0, choices_text="\n".join(SECTORS)),
        "topics": Question(webinar_id=webinar.id, label="Sujets d'intérêt", kind=QuestionKind.MULTIPLE_CHOICE,
                           required=False, position=1, choices_text="\n".join(TOPICS)),
    }
    db.session.add_all(questions.values())
    return questions


def _insert_registrations(webinar, count: int, first_id: int, questions, ended: bool, confirmed_only: bool, rng) -> None:
    from webinars.extensions import db
    from webinars.registration import tallies
    from webinars.registration.models import Answer, Registration, RegistrationState

    states = (
        [RegistrationState.CONFIRMED]
        if confirmed_only
        else [RegistrationState.CONFIRMED] * 80
        + [RegistrationState.CANCELLED] * 8
        + [RegistrationState.WAITLISTED] * 5
        + [RegistrationState.PENDING] * 4
        + [RegistrationState.REJECTED] * 3
    )
    opened = webinar.starts_at - timedelta(days=30)
    for chunk_start in range(0, count, CHUNK):
        rows, answers = [], []
        for registration_id in range(first_id + chunk_start, first_id + min(chunk_start + CHUNK, count)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            state = rng.choice(states)
            created = opened + timedelta(seconds=rng.randint(0, 29 * 24 * 3600))
            attended = ended and state is RegistrationState.CONFIRMED and rng.random() < 0.6
            joined = webinar.starts_at + timedelta(minutes=rng.randint(0, 20)) if attended else None
            minutes = rng.randint(5, 120) if attended else None
            rows.append(
                {
                    "id": registration_id,
                    "webinar_id": webinar.id,
                    "email": f"{_ascii(first)}.{_ascii(last)}.{registration_id}@example.org".lower(),
                    "first_name": first,
                    "last_name": last,
                    "affiliation": rng.choice(AFFILIATIONS) if rng.random() < 0.7 else None,
                    "job_title": rng.choice(JOB_TITLES),
                    "country": rng.choice(COUNTRIES),
                    "city": rng.choice(CITIES),
                    "language": "fr" if rng.random() < 0.7 else "en",
                    "state": state,
                    "consented_at": created,
                    "wants_future_events": rng.random() < 0.4,
                    "created_at": created,
                    "updated_at": created,
                    "confirmed_at": created if state is RegistrationState.CONFIRMED else None,
                    "cancelled_at": created + timedelta(days=1) if state is RegistrationState.CANCELLED else None,
                    "attended": attended,
                    "joined_at": joined,
                    "left_at": joined + timedelta(minutes=minutes) if attended else None,
                    "minutes_in_session": minutes,
                }
            )
            if questions:
                answers.append({"registration_id": registration_id, "question_id": questions["sector"].id,
                                "value": rng.choice(SECTORS)})
                for topic in rng.sample(TOPICS, rng.randint(0, 3)):
                    answers.append({"registration_id": registration_id, "question_id": questions["topics"].id,
                                    "value": topic})
        db.session.execute(insert(Registration), rows)
        if answers:
            db.session.execute(insert(Answer), answers)
        db.session.commit()
    tallies.recount([webinar.id])  # bulk INSERTs do not go through the flush that keeps them
    db.session.commit()


def _ascii(name: str) -> str:
    """Élodie -> Elodie: addresses of the data set stay plain ASCII, like most real ones."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def _known_registrant(webinar) -> str:
    """A confirmed registrant of the open webinar whose personal link the bench can open."""
    from webinars.extensions import db
    from webinars.personal_links import service as personal_links
    from webinars.registration.models import Registration, RegistrationState

    now = datetime.now(UTC)
    registration = Registration(
        webinar_id=webinar.id,
        email="invite.holder@example.org",
        first_name="Inès",
        last_name="Invitée",
        affiliation="Entreprise Atlas 1",
        language="fr",
        state=RegistrationState.CONFIRMED,
        consented_at=now,
        confirmed_at=now,
    )
    db.session.add(registration)
    token = personal_links.issue(registration)
    db.session.flush()
    return token


# --- Before each run ---------------------------------------------------------------------


def prepare_run(data: BenchData, now: datetime, say=print) -> str | None:
    """Put the reused data set back in the state a run expects; returns why the summary is missing, if it is.

    The open webinar stays 30 days ahead and the reminder webinar 30 minutes ahead (so its
    reminder, one hour before, is due); what earlier runs added (posted registrations, mail,
    reminder records) is removed.
    """
    from webinars import create_app
    from webinars.events.models import Webinar
    from webinars.extensions import db
    from webinars.mail.models import OutboxAttachment, OutboxMessage
    from webinars.registration import tallies
    from webinars.registration.models import Registration
    from webinars.reminders.models import ReminderDelivery

    app = create_app()
    with app.app_context():
        for webinar_id, starts_at in (
            (data.open_id, now + timedelta(days=30)),
            (data.reminder_id, now + timedelta(minutes=30)),
        ):
            starts_at = starts_at.replace(second=0, microsecond=0)
            db.session.execute(
                update(Webinar).where(Webinar.id == webinar_id).values(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
            )
        db.session.execute(
            delete(Registration).where(
                Registration.webinar_id == data.open_id, Registration.email.startswith(POSTED_EMAIL_PREFIX)
            )
        )
        tallies.recount([data.open_id])
        db.session.execute(delete(ReminderDelivery))
        db.session.execute(delete(OutboxAttachment))
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
        missing = _publish_summary(data.big_id, now, app)
        db.session.commit()
        settle(db)
        flush_queue(app)
        db.session.remove()
        db.engine.dispose()
    return missing


def _publish_summary(webinar_id: int, now: datetime, app) -> str | None:
    """The big webinar's summary, published through the app's own service (once)."""
    if "summaries.index" not in app.view_functions or "public_summaries.summary" not in app.view_functions:
        return "page missing"
    try:
        from webinars.summaries import service
    except ImportError:
        return "page missing (no webinars.summaries.service)"
    from webinars.events.models import Webinar
    from webinars.extensions import db
    from webinars.summaries.models import Highlight, KeyFigure

    webinar = db.session.get(Webinar, webinar_id)
    summary = service.summary_for(webinar)
    if summary.is_published:
        return None
    if not summary.highlights:
        summary.highlights = [Highlight(position=n, text=f"Point fort {n + 1} : des échanges riches avec la salle.") for n in range(3)]
        summary.key_figures = [KeyFigure(position=0, value="100 000", label="inscrits"), KeyFigure(position=1, value="36", label="centres d'appels")]
    if not summary.article:
        if hasattr(service, "redraft_article"):
            service.redraft_article(summary, now)
        else:
            summary.article_title = "Retour sur le webinaire"
            summary.article = "Le webinaire a réuni de nombreux participants. " * 20
    service.publish(summary, now)
    return None


def flush_queue(app) -> None:
    """Drop queued wake-up calls of earlier runs (the work itself lives in the database)."""
    app.extensions["huey"].flush()


def posted_count(open_id: int) -> int:
    from webinars.extensions import db
    from webinars.registration.models import Registration

    return db.session.scalar(
        select(func.count()).where(Registration.webinar_id == open_id, Registration.email.startswith(POSTED_EMAIL_PREFIX))
    )
