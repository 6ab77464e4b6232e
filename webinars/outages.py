"""Saying that a service the app depends on is down, once in a while instead of at every failure.

During an outage of Redis or the database every request and every worker loop fails the same way;
a traceback for each would bury the log. An ``OutageLog`` writes one warning when the service first
fails, another every ``OUTAGE_LOG_SECONDS`` while it stays down (with the count of failures), and one
line when it answers again.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)


class OutageLog:
    def __init__(self, service: str, consequence: str, every_seconds: float):
        self.service = service
        self.consequence = consequence  # what the app does meanwhile, said in the first warning
        self.every_seconds = every_seconds
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._last_logged = 0.0
        self._failures = 0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures += 1
            if self._down_since is None:
                self._down_since = self._last_logged = now
                log.warning("%s unreachable: %s. %s", self.service, _describe(error), self.consequence)
            elif now - self._last_logged >= self.every_seconds:
                self._last_logged = now
                log.warning(
                    "%s still unreachable after %d s (%d failures): %s",
                    self.service,
                    now - self._down_since,
                    self._failures,
                    _describe(error),
                )

    def answered(self) -> None:
        if self._down_since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            if self._down_since is None:
                return
            log.warning("%s reachable again after %d s", self.service, time.monotonic() - self._down_since)
            self._down_since = None
            self._failures = 0


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
