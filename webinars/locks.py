"""Serializing the few transactions that must not interleave (taking a seat, promoting from the waitlist)."""

from __future__ import annotations

from sqlalchemy import select

from webinars.extensions import db


def lock_webinar(webinar_id: int) -> None:
    """Hold the webinar's row lock until the end of the current transaction.

    PostgreSQL: ``SELECT ... FOR NO KEY UPDATE`` on the webinar row; other writers for the same webinar
    wait. Not ``FOR UPDATE``: a registration writes its rows before taking this lock, and each row
    referring to the webinar holds a key-share lock on it, which ``FOR UPDATE`` waits for (two
    registrations would each wait for the other); ``FOR NO KEY UPDATE`` does not, and still excludes
    every other holder of this lock and every UPDATE of the webinar.
    SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock before anything is read, so the
    seat count read next is still true at commit. Python's sqlite3 opens a transaction only before
    the first write, so a transaction that has only read so far can still begin as IMMEDIATE, and
    one that is already open has written, which means it holds the write lock already.
    """
    from webinars.events.models import Webinar

    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")
        return
    db.session.execute(select(Webinar.id).where(Webinar.id == webinar_id).with_for_update(key_share=True))
