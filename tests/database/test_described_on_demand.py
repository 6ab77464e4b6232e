"""On PostgreSQL, cursors build ``description`` only when it is read (webinars/described_on_demand.py):
what SQLAlchemy and other readers get is psycopg's own description, and results read as before."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.conftest import TEST_DATABASE_URL
from tests import factories
from webinars.accounts.models import Organization
from webinars.extensions import db

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="psycopg's cursors: the PostgreSQL pass")


def raw_cursor():
    return db.session.connection().connection.dbapi_connection.cursor()


def test_the_description_is_psycopgs_once_read(app):
    cursor = raw_cursor()
    cursor.execute("SELECT 1 AS one, 'deux'::text AS two")

    description = cursor.description

    assert [column.name for column in description] == ["one", "two"]
    assert len(description) == 2 and description[1].type_code == 25  # text
    cursor.execute("UPDATE organizations SET name = name WHERE false")
    assert cursor.description is None  # no rows: None, as psycopg says


def test_reading_it_after_the_cursor_moved_on_raises_instead_of_describing_another_result(app):
    cursor = raw_cursor()
    cursor.execute("SELECT 1 AS one")
    description = cursor.description
    cursor.execute("SELECT 2 AS other, 3 AS more")

    with pytest.raises(RuntimeError, match="another statement"):
        len(description)


def test_orm_and_text_results_read_their_columns_by_name(app):
    factories.make_organization("APEBI")
    for _ in range(2):  # the second time from SQLAlchemy's cached description of the statement
        organization = db.session.scalars(select(Organization).where(Organization.name == "APEBI")).one()
        row = db.session.execute(text("SELECT name AS title, slug FROM organizations")).mappings().one()
        assert organization.name == "APEBI" and row["title"] == "APEBI" and row["slug"] == organization.slug
        db.session.expire_all()
