"""The migrations in ``migrations/`` build exactly the schema the models describe (as ``flask db check`` would)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

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
