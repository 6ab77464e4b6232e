"""Declarative base and the column types every model shares."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import DateTime, Enum, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, mapped_column

# Stable constraint names, so Alembic migrations are the same on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL.

    SQLite has no time-zone support, so values are stored as naive UTC there;
    PostgreSQL stores ``timestamptz``. Naive values are refused: a naive
    datetime is a bug waiting to show up as an hour's shift.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    from webinars import clock

    return clock.now()


intpk = Annotated[int, mapped_column(primary_key=True)]
str200 = Annotated[str, mapped_column(String(200))]
created_now = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow)]


def enum_column(enum_class: type[enum.Enum]) -> Enum:
    """An enum stored as its string values (portable, readable in SQL)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def configure_sqlite(dbapi_connection, connection_record) -> None:
    """SQLite, the embedded default, set up for a web app: enforced foreign keys
    (ON DELETE CASCADE), WAL so readers don't wait for the writer, and patience
    with a busy writer instead of failing at once."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


# --- Read-only transactions end with COMMIT (PostgreSQL) ---------------------------------------
# psycopg prepares a statement after a few executions on a connection, so PostgreSQL parses and
# plans it once; but it forgets every prepared statement when a transaction is rolled back (the
# rolled-back transaction might have dropped what they refer to). Every request that only reads
# ends its transaction with a ROLLBACK (Flask-SQLAlchemy closes the session), so the app's
# statements were planned again on every request: a millisecond of PostgreSQL's CPU for the
# webinar page's statement alone (issue 20). A transaction that wrote nothing has nothing to undo:
# committing it instead is the same for the data, and keeps the connection's prepared statements.
# A statement other than a SELECT marks its transaction as a writer; a writer's rollback stays one.

_WROTE = "webinars_transaction_wrote"


def _note_writes(conn, cursor, statement: str, parameters, context, executemany: bool) -> None:
    if executemany or not statement.startswith("SELECT"):
        conn.info[_WROTE] = True


def _forget_writes(conn) -> None:
    conn.info.pop(_WROTE, None)


def _commit_what_only_read(conn) -> None:
    """On rollback: a transaction that only read (and did not fail) is committed first, which leaves
    the rollback nothing to do (psycopg skips it, and keeps its prepared statements)."""
    if conn.info.pop(_WROTE, False) or conn.dialect.name != "postgresql":
        return
    from psycopg.pq import TransactionStatus

    raw = conn.connection.dbapi_connection
    if raw is not None and raw.info.transaction_status is TransactionStatus.INTRANS:
        raw.commit()


def keep_prepared_statements(engine_class) -> None:
    """Install the listeners on every engine (once per process)."""
    from sqlalchemy import event

    if event.contains(engine_class, "rollback", _commit_what_only_read):
        return
    event.listen(engine_class, "before_cursor_execute", _note_writes)
    event.listen(engine_class, "begin", _forget_writes)
    event.listen(engine_class, "commit", _forget_writes)
    event.listen(engine_class, "rollback", _commit_what_only_read)
