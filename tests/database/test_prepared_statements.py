"""On PostgreSQL, a transaction that only read ends with COMMIT, so the connection keeps the statements
psycopg prepared (webinars/database.py): a ROLLBACK makes psycopg forget them all, and every request's
statements were then parsed and planned again. A transaction that wrote is still rolled back."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, func, insert, select, text

from tests.conftest import TEST_DATABASE_URL
from webinars.accounts.models import Organization
from webinars.events.models import Webinar
from webinars.extensions import db

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="psycopg's prepared statements: the PostgreSQL pass")

BY_SLUG = select(Webinar.id).where(Webinar.slug == bindparam("slug"))


def prepared_statements(connection) -> list[str]:
    cursor = connection.connection.dbapi_connection.cursor()
    cursor.execute("SELECT statement FROM pg_prepared_statements")
    return [statement for (statement,) in cursor.fetchall()]


def test_statements_stay_prepared_across_transactions_that_only_read(app):
    with db.engine.connect() as connection:
        for _ in range(8):  # psycopg prepares a statement at its fifth execution
            connection.execute(BY_SLUG, {"slug": "nowhere"}).all()
            connection.rollback()  # what the end of each request does

        assert any("webinars.slug" in statement for statement in prepared_statements(connection))


def test_a_transaction_that_wrote_is_rolled_back(app):
    with db.engine.connect() as connection:
        connection.execute(insert(Organization).values(name="Rolled back", slug="rolled-back", timezone="UTC"))
        connection.execute(BY_SLUG, {"slug": "nowhere"}).all()  # a read after the write changes nothing
        connection.rollback()

    assert db.session.scalar(select(func.count()).select_from(Organization).where(Organization.slug == "rolled-back")) == 0


def test_a_failed_transaction_is_rolled_back_as_before(app):
    with db.engine.connect() as connection:
        with pytest.raises(Exception):
            connection.execute(text("SELECT 1 / 0"))
        connection.rollback()
        assert connection.execute(text("SELECT 2")).scalar() == 2
