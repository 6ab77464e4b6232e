"""How long a registration holds its webinar's row lock: the time every other registration of the same
webinar waits for it (issue 20: under 2 ms). Measured in-process on PostgreSQL, from the
``SELECT ... FOR NO KEY UPDATE`` to the start of the ``COMMIT`` that releases it (the commit's own write to
disk comes on top, and depends on the disk, not on the code)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LockTimes:
    registrations: int
    median_ms: float
    p90_ms: float


def record_lock_times(app) -> list[float]:
    """Start recording: seconds per transaction between taking a webinar's row lock and releasing it."""
    from sqlalchemy import event

    from webinars.extensions import db

    held: list[float] = []

    def lock_taken(connection, cursor, statement, parameters, context, executemany):
        if "FOR NO KEY UPDATE" in statement and "lock_taken_at" not in connection.info:
            connection.info["lock_taken_at"] = time.perf_counter()

    def released(connection):
        taken_at = connection.info.pop("lock_taken_at", None)
        if taken_at is not None:
            held.append(time.perf_counter() - taken_at)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lock_taken)
    event.listen(engine, "commit", released)
    event.listen(engine, "rollback", released)
    return held


def summarize(held: list[float]) -> LockTimes | None:
    if not held:
        return None  # SQLite: the database's write lock (BEGIN IMMEDIATE), not a row lock
    ordered = sorted(held)
    return LockTimes(len(ordered), ordered[len(ordered) // 2] * 1000, ordered[int(len(ordered) * 0.9)] * 1000)


def registration_poster(client, path: str, label: str = "profile"):
    """A function that POSTs the form at ``path`` with a new address on each call (as bench/wrk/register.lua)."""
    from bench.dataset import POSTED_EMAIL_PREFIX

    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    run = time.time_ns()
    numbers = iter(range(1_000_000))

    def post():
        return client.post(path, data={
            "csrf_token": token, "email": f"{POSTED_EMAIL_PREFIX}{label}-{run}-{next(numbers)}@example.org",
            "first_name": "Charge", "last_name": "Essai", "affiliation": "Entreprise Atlas 1", "job_title": "Analyste",
            "country": "MA", "city": "Casablanca", "consent": "y",
        })

    return post


def measure_registration_lock(path: str, count: int = 200) -> LockTimes | None:
    """``count`` registrations one after another in this process (no other load), lock times recorded."""
    from bench.environment import USER_AGENT
    from webinars import create_app
    from webinars.extensions import db

    app = create_app()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    post = registration_poster(client, path, "lock")
    for _ in range(20):
        post().close()  # templates compiled, statements cached
    held = record_lock_times(app)
    for _ in range(count):
        answer = post()
        if answer.status_code != 302:
            raise RuntimeError(f"a registration answered {answer.status_code}")
        answer.close()
    with app.app_context():
        db.engine.dispose()
    return summarize(held)
