"""Recording the SQL statements a piece of code sends to the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event

from webinars.extensions import db


@contextmanager
def recorded_statements(engine: Engine | None = None) -> Iterator[list[str]]:
    """Every SQL statement sent to the database inside the block, in order.

    ``engine`` defaults to the current application's engine, so the block must
    run inside an application context; the list stays readable after it.
    """
    engine = db.engine if engine is None else engine
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
