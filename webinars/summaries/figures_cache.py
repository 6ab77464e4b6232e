"""Reuse a large webinar's summary figures until one of its registrations changes.

Counting 100,000 registrations by state, day, organization, country, city, job
title and answer takes about a second; checking whether anything changed takes
one index-only scan: the number of registrations, the newest change and the sum
of every change time (``updated_at`` is renewed by every write, ORM or Core).
The sum catches a change committed late with an older time, which the newest
change alone would miss. Question labels are part of the key too, since they
title the breakdowns.

Each app process keeps its own few entries (no shared store to configure or to
go stale); a process that has not seen a change yet computes once. Webinars
under ``SUMMARY_FIGURES_CACHE_FROM`` registrations are not cached: counting
them is as cheap as the check.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app
from sqlalchemy import Float, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from webinars.extensions import db
from webinars.registration.models import Question, Registration

T = TypeVar("T")

ENTRIES_PER_PROCESS = 64


class change_time(FunctionElement):
    """A timestamp as a number, to sum: any change of any row changes the sum."""

    type = Float()
    inherit_cache = True


@compiles(change_time, "sqlite")
def _change_time_sqlite(element, compiler, **kw):
    return f"julianday({compiler.process(element.clauses, **kw)})"


@compiles(change_time)
def _change_time_default(element, compiler, **kw):
    return f"date_part('epoch', {compiler.process(element.clauses, **kw)})"


class FiguresCache:
    """A small least-recently-used store, shared by the threads of one app process."""

    def __init__(self, size: int = ENTRIES_PER_PROCESS):
        self._entries: OrderedDict[Hashable, tuple[Hashable, object]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable, fingerprint: Hashable):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != fingerprint:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, fingerprint: Hashable, value: object) -> None:
        with self._lock:
            self._entries[key] = (fingerprint, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


def _cache() -> FiguresCache:
    return current_app.extensions.setdefault("summary_figures_cache", FiguresCache())


def _registrations_state(webinar_id: int) -> tuple:
    return tuple(
        db.session.execute(
            select(func.count(), func.max(Registration.updated_at), func.sum(change_time(Registration.updated_at))).where(
                Registration.webinar_id == webinar_id
            )
        ).one()
    )


def _questions_state(webinar_id: int) -> tuple:
    return tuple(
        db.session.execute(
            select(Question.id, Question.label, Question.kind, Question.choices_text)
            .where(Question.webinar_id == webinar_id)
            .order_by(Question.id)
        ).tuples()
    )


def cached(webinar_id: int, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result when the webinar's registrations have not changed since."""
    registrations = _registrations_state(webinar_id)
    if registrations[0] < current_app.config["SUMMARY_FIGURES_CACHE_FROM"]:
        return compute()
    fingerprint = (registrations, _questions_state(webinar_id))
    store = _cache()
    full_key = (webinar_id, *key)
    value = store.get(full_key, fingerprint)
    if value is None:
        value = compute()
        store.put(full_key, fingerprint, value)
    return value
