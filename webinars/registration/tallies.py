"""Per-webinar registration counts, kept up to date in the same transaction as the registrations.

Every flush that adds, changes or removes a registration (or a webinar's questions) adds the
difference to the webinar's ``RegistrationTally`` row, with one upsert per webinar. Counting
the states of 100,000 registrations took about 20 ms; reading the row takes a fraction of one.
The seat count under the webinar's lock reads it too, so a registration's transaction, which
holds that lock, no longer grows with the number of registrations.

Rows written with bulk INSERTs (``session.execute(insert(Registration), rows)``: the demo, the
benchmark's data set) do not go through the flush; whoever writes them calls ``recount``.
The test suite checks after every test that each tally matches a real count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, TextClause, bindparam, event, func, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.locks import lock_webinar
from webinars.registration.models import Answer, Question, Registration, RegistrationState, RegistrationTally

STATE_COLUMNS = {state: getattr(RegistrationTally, state.value) for state in RegistrationState}


@dataclass(frozen=True)
class Tally:
    version: int
    counts: dict[RegistrationState, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@cache
def _tally_statement() -> Select:
    """Built once: a reused statement keeps its cache key (read by every seat count)."""
    return select(RegistrationTally.version, *STATE_COLUMNS.values()).where(
        RegistrationTally.webinar_id == bindparam("webinar_id")
    )


def tally_of(webinar_id: int) -> Tally:
    """The webinar's counts by state (all zero when it has never had a registration)."""
    row = db.session.execute(_tally_statement(), {"webinar_id": webinar_id}).first()
    if row is None:
        return _with_waiting(webinar_id, Tally(version=0, counts={state: 0 for state in RegistrationState}))
    version, *counts = row
    return _with_waiting(webinar_id, Tally(version=version, counts=dict(zip(STATE_COLUMNS, counts))))


def _with_waiting(webinar_id: int, tally: Tally) -> Tally:
    """The differences this transaction keeps for its commit (``defer_until_commit``) added in."""
    waiting = db.session.info.get(_DEFERRED, {}).get(webinar_id)
    if not waiting:
        return tally
    return Tally(version=tally.version, counts={state: count + waiting[state] for state, count in tally.counts.items()})


def tallies_of(webinar_ids: Iterable[int]) -> dict[int, Tally]:
    """The counts of each of these webinars, in one query (all zero for one never registered to)."""
    webinar_ids = list(webinar_ids)
    found = {webinar_id: Tally(version=0, counts={state: 0 for state in RegistrationState}) for webinar_id in webinar_ids}
    if webinar_ids:
        rows = db.session.execute(
            select(RegistrationTally.webinar_id, RegistrationTally.version, *STATE_COLUMNS.values()).where(
                RegistrationTally.webinar_id.in_(webinar_ids)
            )
        )
        for webinar_id, version, *counts in rows:
            found[webinar_id] = Tally(version=version, counts=dict(zip(STATE_COLUMNS, counts)))
    return {webinar_id: _with_waiting(webinar_id, tally) for webinar_id, tally in found.items()}


def recount(webinar_ids: Iterable[int]) -> None:
    """Count these webinars' registrations again: after rows were written without the ORM's flush."""
    webinar_ids = list(webinar_ids)
    db.session.flush()
    counted: dict[int, Counter] = {webinar_id: Counter() for webinar_id in webinar_ids}
    rows = db.session.execute(
        select(Registration.webinar_id, Registration.state, func.count())
        .where(Registration.webinar_id.in_(webinar_ids))
        .group_by(Registration.webinar_id, Registration.state)
    )
    for webinar_id, state, count in rows:
        counted[webinar_id][state] = count
    connection = db.session.connection()
    table = RegistrationTally.__table__
    for webinar_id, counts in counted.items():
        exact = {state.value: counts[state] for state in RegistrationState}
        insert = _upsert_statement(connection.dialect.name).values(webinar_id=webinar_id, version=1, **exact)
        # The version still moves forward: figures cached at an earlier version must not match again.
        changes = {"version": table.c.version + 1, **exact}
        connection.execute(insert.on_conflict_do_update(index_elements=[table.c.webinar_id], set_=changes))


def _changes_of(session: Session) -> tuple[dict[int, Counter], set[int]]:
    """What this flush does to each webinar's counts, and which webinars it touches at all."""
    deltas: dict[int, Counter] = {}
    touched: set[int] = set()

    def add(webinar_id: int, state: RegistrationState | None, step: int) -> None:
        touched.add(webinar_id)
        if state is not None:
            deltas.setdefault(webinar_id, Counter())[state] += step

    for obj in session.new:
        if isinstance(obj, Registration):
            add(obj.webinar_id, obj.state, +1)
        elif isinstance(obj, Question):
            touched.add(obj.webinar_id)
    for obj in session.dirty:
        if isinstance(obj, Registration):
            history = inspect(obj).attrs.state.history
            if history.deleted:  # the state changed: from the value it had to the one it has
                add(obj.webinar_id, history.deleted[0], -1)
                add(obj.webinar_id, obj.state, +1)
            else:  # another change (attendance, details, answers): counts stay, the version moves
                touched.add(obj.webinar_id)
        elif isinstance(obj, Question):
            touched.add(obj.webinar_id)
    for obj in session.deleted:
        if isinstance(obj, Registration):
            history = inspect(obj).attrs.state.history
            add(obj.webinar_id, (history.deleted or history.unchanged or [obj.state])[0], -1)
        elif isinstance(obj, Question):
            touched.add(obj.webinar_id)
    touched |= _webinars_of_answers(session)
    return deltas, touched


def _webinars_of_answers(session: Session) -> set[int]:
    """Webinars whose answers this flush changes without going through their registration."""
    registration_ids = set()
    known: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Answer):
            # A new answer added through its registration (a registrant's form) names its webinar: no query.
            registration = obj.__dict__.get("registration") if obj in session.new else None
            if registration is not None and registration.webinar_id is not None:
                known.add(registration.webinar_id)
                continue
            history = inspect(obj).attrs.registration_id.history
            registration_ids.update(value for value in (*history.sum(), obj.registration_id) if value is not None)
    if not registration_ids:
        return known
    return known | set(
        session.connection().scalars(
            select(Registration.webinar_id).where(Registration.id.in_(registration_ids)).distinct()
        )
    )


def _upsert_statement(dialect_name: str):
    return (postgresql if dialect_name == "postgresql" else sqlite).insert(RegistrationTally)


# Differences of this transaction's flushes waiting for its commit (``defer_until_commit``).
_DEFERRED = "registration_tally_deltas"


def defer_until_commit() -> None:
    """This transaction's flushes add their differences up and write them just before its commit.

    A registration can then write its rows before it takes its webinar's lock (register): the tally
    row, which every registration of the webinar updates, is written, and so locked, only at the end,
    under the webinar's lock. Without this, the tally row's lock would be taken at the first flush,
    before the webinar's, the reverse of every other writer's order. Read in the same transaction,
    ``tally_of`` and ``tallies_of`` add what waits: they stay exact."""
    db.session.info.setdefault(_DEFERRED, {})


def apply_flush_changes(session: Session, flush_context) -> None:
    """``after_flush``: add this flush's differences to the tallies, one statement per webinar."""
    deltas, touched = _changes_of(session)
    if not touched:
        return
    waiting = session.info.get(_DEFERRED)
    if waiting is not None:
        for webinar_id in touched:
            waiting.setdefault(webinar_id, Counter()).update(deltas.get(webinar_id, Counter()))
        return
    _write(session, {webinar_id: deltas.get(webinar_id, Counter()) for webinar_id in touched})


def write_waiting_and_read(webinar_id: int, lock_webinar_first: bool = False) -> Tally:
    """Write now what this transaction's tallies wait for (``defer_until_commit``), and return the webinar's
    counts with them, read by the same statement (the upsert returns the row it leaves). Under the webinar's
    lock this is the exact count, this transaction's registrations included; a registration asks it so, rather
    than reading the row and writing it again at its commit: one round trip fewer while it holds the lock.

    ``lock_webinar_first``: take the webinar's lock (``webinars.locks.lock_webinar``) in the same statement,
    on PostgreSQL: one round trip fewer again while the lock is held (see ``_adding_upsert``)."""
    session = db.session()
    waiting = session.info.get(_DEFERRED)
    session.flush()  # a flush's differences join the waiting ones
    delta = waiting.pop(webinar_id, Counter()) if waiting is not None else Counter()
    connection = session.connection()
    in_one_statement = lock_webinar_first and connection.dialect.name == "postgresql" and not waiting
    if lock_webinar_first and not in_one_statement:
        lock_webinar(webinar_id)  # before any tally row: every writer takes the webinar's lock first
    if waiting:
        _write(session, waiting)
        waiting.clear()
    row = connection.execute(
        _adding_upsert(returning=True, locking_webinar=in_one_statement),
        {"webinar_id": webinar_id, **{state.value: delta[state] for state in RegistrationState}},
    ).one()
    version, *counts = row
    return Tally(version=version, counts=dict(zip(STATE_COLUMNS, counts)))


def count_added(webinar_id: int, state: RegistrationState) -> None:
    """A registration written without the session (``registration/new_rows.py``): counted as a flush would."""
    _add_unflushed(webinar_id, Counter({state: 1}))


def count_moved(webinar_id: int, from_state: RegistrationState, to_state: RegistrationState) -> None:
    """A registration's state changed without the session (``registration/new_rows.py``)."""
    _add_unflushed(webinar_id, Counter({from_state: -1, to_state: 1}))


def _add_unflushed(webinar_id: int, delta: Counter) -> None:
    waiting = db.session.info.get(_DEFERRED)
    if waiting is None:
        _write(db.session(), {webinar_id: delta})
    else:
        waiting.setdefault(webinar_id, Counter()).update(delta)


def write_deferred_before_commit(session: Session) -> None:
    """``before_commit``: the differences ``defer_until_commit`` kept, written with the last flush's."""
    if _DEFERRED not in session.info:
        return
    session.flush()
    waiting = session.info.pop(_DEFERRED)
    if waiting:
        _write(session, waiting)


def forget_deferred(session: Session) -> None:
    """``after_rollback``: nothing of a rolled-back transaction is counted."""
    session.info.pop(_DEFERRED, None)


def _write(session: Session, deltas: dict[int, Counter]) -> None:
    connection = session.connection()
    statement = _adding_upsert()
    for webinar_id in sorted(deltas):  # the same order in every transaction: no deadlock between two
        delta = deltas[webinar_id]
        connection.execute(statement, {"webinar_id": webinar_id, **{state.value: delta[state] for state in RegistrationState}})


@cache
def _adding_upsert(returning: bool = False, locking_webinar: bool = False) -> TextClause:
    """Add a difference to a webinar's counts (the row made when missing), built once per process: it runs
    in every registration's transaction, under the webinar's lock. Adding zero to the states a flush did
    not change keeps the statement the same for every flush.

    Written as SQL text, which PostgreSQL and SQLite read alike: SQLAlchemy compiles the dialects'
    ``INSERT ... ON CONFLICT`` constructs anew on each execution (they have no cache key), and that took
    a third of a millisecond of every registration's hold on the lock. ``returning``: the row as the
    upsert leaves it (``write_waiting_and_read``).

    ``locking_webinar`` (PostgreSQL): the webinar's row locked first by the same statement, as
    ``webinars.locks.lock_webinar`` does (the row the upsert inserts comes from the locking scan, so the
    lock is taken before the tally row's: the order of every writer). The counts are still exact: an
    upsert that meets an existing row updates its latest committed version, even one committed after
    the statement began (while it waited for the lock), and returns it; a plain read joined to the lock
    would see the row as it was before the wait."""
    table = RegistrationTally.__table__.name
    states = [state.value for state in RegistrationState]
    values = f"1, {', '.join(f':{state}' for state in states)}"
    if locking_webinar:
        sql = (
            f"WITH locked AS (SELECT id FROM {Webinar.__table__.name} WHERE id = :webinar_id FOR NO KEY UPDATE) "
            f"INSERT INTO {table} (webinar_id, version, {', '.join(states)}) "
            f"SELECT id, {values} FROM locked WHERE true "  # WHERE: ON CONFLICT must not read as a join's ON
        )
    else:
        sql = f"INSERT INTO {table} (webinar_id, version, {', '.join(states)}) VALUES (:webinar_id, {values}) "
    sql += f"ON CONFLICT (webinar_id) DO UPDATE SET version = {table}.version + 1, " + ", ".join(
        f"{state} = {table}.{state} + excluded.{state}" for state in states
    )
    if returning:
        sql += f" RETURNING version, {', '.join(states)}"
    return text(sql)


def load_what_deletions_need(session: Session, flush_context, instances) -> None:
    """``before_flush``: a deleted registration's webinar and state, which cannot be loaded once its row is gone."""
    for obj in session.deleted:
        if isinstance(obj, Registration):
            obj.webinar_id, obj.state  # noqa: B018  (loads them if they were expired)


def register_session_hooks() -> None:
    if not event.contains(db.session, "after_flush", apply_flush_changes):
        event.listen(db.session, "before_flush", load_what_deletions_need)
        event.listen(db.session, "after_flush", apply_flush_changes)
        event.listen(db.session, "before_commit", write_deferred_before_commit)
        event.listen(db.session, "after_rollback", forget_deferred)
