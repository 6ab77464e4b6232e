"""Reuse a large webinar's summary figures until one of its registrations changes.

Counting 100,000 registrations by state, day, organization, country, city, job
title and answer takes about a second. Whether anything changed since is one row:
the webinar's registration tally (``registration/tallies.py``), whose version
moves with every change of a registration, of its answers or of the webinar's
questions (whose labels title the breakdowns), in the transaction that makes it.

Each app process keeps its own few entries (no shared store to configure or to
go stale); a process that has not seen a change yet computes once, and its other
threads wait for that result rather than compute it too. Webinars under
``SUMMARY_FIGURES_CACHE_FROM`` registrations are not cached: counting them is cheap.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

from webinars.registration.tallies import tally_of

T = TypeVar("T")

ENTRIES_PER_PROCESS = 64


class FiguresCache:
    """A small least-recently-used store, shared by the threads of one app process."""

    def __init__(self, size: int = ENTRIES_PER_PROCESS):
        self._entries: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, version: int):
        """The value kept for ``key`` if it was computed at ``version``; None otherwise."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def computing(self, key: Hashable) -> threading.Lock:
        """A lock per key, so that threads missing the same entry compute it once."""
        with self._lock:
            return self._computing.setdefault(key, threading.Lock())

    def put(self, key: Hashable, version: int, value: object) -> None:
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                forgotten, _ = self._entries.popitem(last=False)
                self._computing.pop(forgotten, None)


def _cache() -> FiguresCache:
    return current_app.extensions.setdefault("summary_figures_cache", FiguresCache())


def cached(webinar_id: int, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result when the webinar's registrations have not changed since."""
    tally = tally_of(webinar_id)
    if tally.total < current_app.config["SUMMARY_FIGURES_CACHE_FROM"]:
        return compute()
    store = _cache()
    full_key = (webinar_id, *key)
    value = store.get(full_key, tally.version)
    if value is None:
        with store.computing(full_key):
            value = store.get(full_key, tally.version)  # another thread may have computed it meanwhile
            if value is None:
                value = compute()
                store.put(full_key, tally.version, value)
    return value
