"""The migrations in ``migrations/`` build exactly the schema the models describe (as ``flask db check`` would)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, text

from tests.conftest import base_config
from webinars import create_app
from webinars.extensions import db

SCHEMA = "migration_check"


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with no tables: a new SQLite file, or a fresh PostgreSQL schema."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    separator = "&" if "?" in database_url else "?"
    yield f"{database_url}{separator}options=-csearch_path%3D{SCHEMA}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def test_migrations_match_the_models_and_downgrade_cleanly(empty_database_url, tmp_path):
    app = create_app(base_config(empty_database_url, tmp_path / "instance"))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"

        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_every_migration_file_is_in_the_versions_folder():
    versions = Path(__file__).resolve().parents[2] / "migrations" / "versions"
    assert any(versions.glob("*.py")), "the first migration must create the whole schema"


def test_upgrading_a_database_with_registrations_counts_them(empty_database_url, tmp_path, clock):
    """Registrations written before the tallies existed are counted by the migration that adds them."""
    from tests import factories
    from webinars.registration.models import RegistrationState
    from webinars.registration.tallies import tally_of

    app = create_app(base_config(empty_database_url, tmp_path / "instance"))
    with app.app_context():
        upgrade()
        webinar = factories.make_webinar(factories.make_organization())
        for state in (RegistrationState.CONFIRMED, RegistrationState.CONFIRMED, RegistrationState.WAITLISTED):
            factories.make_registration(webinar, state=state)
        db.session.commit()
        downgrade(revision="e9237eb13994")  # before the tallies

        upgrade()

        counts = tally_of(webinar.id).counts
        assert (counts[RegistrationState.CONFIRMED], counts[RegistrationState.WAITLISTED]) == (2, 1)
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


def test_links_mailed_before_the_upgrade_keep_working_and_nothing_is_lost(empty_database_url, tmp_path, clock):
    """The migration to personal links moves each holder's token hash; rebuilding SQLite tables
    on the way must not cascade-delete answers or links (foreign keys are off while migrating)."""
    from types import SimpleNamespace as Namespace

    from webinars.events.models import Webinar
    from webinars.registration.models import Answer, Question
    from webinars.registration.service import registration_for_token
    from webinars.tokens import hash_token

    app = create_app(base_config(empty_database_url, tmp_path / "instance"))
    with app.app_context():
        upgrade(revision="6d7659b96e0f")  # one token hash per registration
        now = clock.now().replace(tzinfo=None)
        with db.engine.begin() as connection:
            # In SQL, as everything at this revision: the models describe the newest schema.
            connection.execute(
                text("INSERT INTO organizations (name, slug, timezone, created_at) VALUES ('O', 'o', 'UTC', :now)"),
                {"now": now},
            )
            organization = Namespace(id=connection.execute(text("SELECT id FROM organizations")).scalar())
            connection.execute(
                text(
                    "INSERT INTO webinars (organization_id, slug, title, description, language, timezone, starts_at, "
                    "ends_at, join_url_is_public, waitlist_enabled, approval_required, reminder_minutes, status, "
                    "is_past_record, calendar_uid, calendar_sequence, created_at, updated_at) VALUES (:org, 'w', 'W', "
                    "'**Bienvenue** à tous', 'fr', 'UTC', :now, :now, false, true, false, '60', 'published', false, "
                    "'uid-1', 0, :now, :now)"
                ),
                {"org": organization.id, "now": now},
            )
            webinar_id = connection.execute(text("SELECT id FROM webinars")).scalar()
            connection.execute(
                text(
                    "INSERT INTO registrations (webinar_id, email, first_name, last_name, language, state, "
                    "consented_at, wants_future_events, token_hash, created_at, updated_at, confirmed_at, attended) "
                    "VALUES (:webinar, 'amina@example.org', 'Amina', 'Idrissi', 'fr', 'confirmed', :now, false, "
                    ":hash, :now, :now, :now, false)"
                ),
                {"webinar": webinar_id, "now": now, "hash": hash_token("old-link-token-1234567890")},
            )
            registration_id = connection.execute(text("SELECT id FROM registrations")).scalar()
            connection.execute(
                text("INSERT INTO questions (webinar_id, label, kind, required, position) VALUES (:w, 'Sector?', 'short_text', false, 0)"),
                {"w": webinar_id},
            )
            question_id = connection.execute(text("SELECT id FROM questions")).scalar()
            connection.execute(
                text("INSERT INTO answers (registration_id, question_id, value) VALUES (:r, :q, 'Finance')"),
                {"r": registration_id, "q": question_id},
            )
        db.session.remove()

        upgrade()

        registration = registration_for_token("old-link-token-1234567890")
        assert registration is not None and registration.email == "amina@example.org"
        assert registration.invite_sent_at is not None  # confirmed before: their invite went with the confirmation
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
        assert db.session.scalar(select(func.count()).select_from(Question)) == 1
        refreshed = db.session.get(Webinar, webinar_id)
        assert "<strong>Bienvenue</strong>" in refreshed.description_html
        assert refreshed.description_text == "Bienvenue à tous"
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


# The demo's release and the parties' clause of its conventions as they were written in Jinja.
JINJA_RELEASE = """\
Je soussigné(e) **{{ person.full_name }}**{% if person.position %}, {{ person.position }}{% endif %}\
{% if person.affiliation %} ({{ person.affiliation }}){% endif %}, qui intervient comme {{ person.role }} \
au webinaire « {{ webinar.title }} » organisé par {{ organization.name }} le {{ webinar.date }}, \
de {{ webinar.time }} ({{ webinar.timezone }}) :
"""
JINJA_PARTIES = """\
{% for party in parties %}- **{{ party.name }}**, représenté(e) par {{ party.signatory }}\
{% if party.position %}, {{ party.position }}{% endif %} ;
{% endfor %}
ci-après ensemble « les Parties », entre {{ parties[0].name }} et {{ parties[1].name|upper }}.{# fin #}
Calcul : {{ 10**5000 }}
"""


def test_jinja_templates_become_placeholders_and_sent_agreements_keep_their_text(empty_database_url, tmp_path, clock):
    from tests import factories
    from webinars.agreements import drafting, sending
    from webinars.agreements.models import Agreement, AgreementKind, AgreementTemplate
    from webinars.demo import agreement_data

    app = create_app(base_config(empty_database_url, tmp_path / "instance"))
    with app.app_context():
        upgrade()
        webinar = factories.make_webinar(factories.make_organization(), title="L'offshoring régionalisé")
        convention = AgreementTemplate(
            organization_id=webinar.organization_id,
            kind=AgreementKind.CONVENTION,
            title="Convention — {{party1.name}}",
            body="{{#parties}}- {{party.name}} ({{party.signatory}})\n{{/parties}}Le {{webinar.date}}.\n",
        )
        db.session.add(convention)
        db.session.flush()
        parties = [
            drafting.PartyDetails("APEBI", "Karim Alaoui", None, "alaoui@example.org"),
            drafting.PartyDetails("CRI Fès-Meknès", "Yassine Tazi", "Directeur général", "tazi@example.org"),
        ]
        sent = drafting.create_convention_draft(webinar, convention, parties, "Test")
        sending.send_agreement(sent, "Test", notify=False)
        db.session.commit()
        frozen = (sent.title, sent.body, sent.document_sha256)
        convention_id, sent_id, organization_id = convention.id, sent.id, webinar.organization_id
        db.session.remove()

        downgrade(revision="b15c3d8dd30f")  # templates back in Jinja
        with db.engine.begin() as connection:
            body = connection.execute(text("SELECT body FROM agreement_templates")).scalar_one()
            assert body == "{% for party in parties %}- {{ party.name }} ({{ party.signatory }})\n{% endfor %}Le {{ webinar.date }}.\n"
        for kind, title, body in (
            (AgreementKind.RELEASE, "Autorisation — {{ person.full_name }}", JINJA_RELEASE),
            (AgreementKind.CONVENTION, "Convention", JINJA_PARTIES),
        ):
            db.session.add(AgreementTemplate(organization_id=organization_id, kind=kind, title=title, body=body))
        db.session.commit()
        db.session.remove()

        upgrade()

        templates = {t.id: t for t in db.session.scalars(select(AgreementTemplate).order_by(AgreementTemplate.id))}
        assert templates[convention_id].body == "{{#parties}}- {{party.name}} ({{party.signatory}})\n{{/parties}}Le {{webinar.date}}.\n"
        release, parties_clause = (t for t in templates.values() if t.id != convention_id)
        assert release.title == "Autorisation — {{person.full_name}}"
        assert release.body == agreement_data.SPEAKER_RELEASE.body.split("\n\n")[0] + "\n"  # the demo's own, converted
        assert parties_clause.body == (
            "{{#parties}}- **{{party.name}}**, représenté(e) par {{party.signatory}}, {{party.position}} ;\n{{/parties}}\n"
            "ci-après ensemble « les Parties », entre {{party1.name}} et {{party2.name}}.\n"
            "Calcul : {{ 10**5000 }}\n"  # never evaluated: the editor names it, drafts cannot be sent
        )
        agreement = db.session.get(Agreement, sent_id)
        assert (agreement.title, agreement.body, agreement.document_sha256) == frozen
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
