"""psycopg cursors whose ``description`` is built only when someone reads it.

psycopg builds ``cursor.description`` anew on each access: one ``Column`` object per column, each looking
up its name, type and sizes. SQLAlchemy asks for it after every statement but, for a statement it has
run before, only to see whether rows came back: it describes the result from the compiled statement it
keeps (``CursorResultMetaData``, cached with it). A page's statement reads 60 to 90 columns (a webinar,
its organization, a registration), so that was 5% of a rendered page's CPU (issue 20), spent on
objects nobody read.

This cursor answers a sequence that builds the same columns on first use. It is read at once by
whoever asked for it; one read after the cursor moved on to another result raises instead of
describing the wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import psycopg
from psycopg.pq import ExecStatus

_RETURNS_ROWS = frozenset({ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK})
_DESCRIBE = psycopg.Cursor.description.fget


class _Description(Sequence):
    """``cursor.description`` as psycopg builds it, built on first use."""

    __slots__ = ("_cursor", "_result", "_columns")

    def __init__(self, cursor: psycopg.Cursor, result) -> None:
        self._cursor, self._result, self._columns = cursor, result, None

    def _built(self) -> list:
        if self._columns is None:
            if self._cursor.pgresult is not self._result:
                raise RuntimeError("cursor.description read after the cursor ran another statement")
            self._columns = _DESCRIBE(self._cursor)
            self._cursor = self._result = None
        return self._columns

    def __len__(self) -> int:
        return len(self._built())

    def __getitem__(self, index):
        return self._built()[index]

    def __iter__(self) -> Iterator:
        return iter(self._built())

    def __repr__(self) -> str:
        return repr(self._built())


class DescribedOnDemandCursor(psycopg.Cursor):
    @property
    def description(self) -> Sequence | None:
        result = self.pgresult
        if result is not None and (result.nfields or result.status in _RETURNS_ROWS):
            return _Description(self, result)
        return None


def describe_on_demand(dbapi_connection, connection_record) -> None:
    """Engine ``connect`` listener: PostgreSQL connections make ``DescribedOnDemandCursor``s."""
    if isinstance(dbapi_connection, psycopg.Connection):
        dbapi_connection.cursor_factory = DescribedOnDemandCursor
