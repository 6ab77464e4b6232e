"""The one place the app asks what time it is, so tests can move the clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Callable

_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return _source().astimezone(UTC)


def set_source(source: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); ``None`` restores the real one."""
    global _source
    _source = source if source is not None else (lambda: datetime.now(UTC))
