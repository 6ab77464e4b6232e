"""How long an attendance report of 60,000 rows takes: the upload's check, the worker's reading and applying.

    .venv/bin/python bench/attendance_import.py [--database-url URL] [--rows N]

Builds a webinar in the given database (default: a temporary SQLite file) whose
registrants are half of the report's people (the other half are left to resolve),
writes a Zoom participants report of ``--rows`` rows, then times what the upload
request does (``participants_table``: decode and count the rows), what the worker
does (``read_report``, then ``import_report`` in one transaction), and a second
import of the same file (which changes nothing). The organization is deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, insert  # noqa: E402

from webinars import create_app  # noqa: E402
from webinars.accounts.models import Organization  # noqa: E402
from webinars.events.models import Language, Webinar, WebinarStatus  # noqa: E402
from webinars.extensions import db  # noqa: E402
from webinars.registration import attendance, tallies  # noqa: E402
from webinars.registration.attendance_reports import participants_table, read_report  # noqa: E402
from webinars.registration.models import Registration, RegistrationState  # noqa: E402

STARTS_AT = datetime(2026, 12, 10, 17, 0, tzinfo=UTC)


def zoom_report(rows: int) -> bytes:
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    for number in range(rows):
        minute, second = number % 60, (number * 7) % 60
        lines.append(
            f"Person {number},person{number}@example.org,12/10/2026 06:{minute:02d}:{second:02d} PM,"
            f"12/10/2026 07:{minute:02d}:{second:02d} PM,60,Yes"
        )
    return ("\n".join(lines) + "\n").encode()


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<48} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rows", type=int, default=60_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="attendance-bench-")
    url = args.database_url or f"sqlite:///{os.path.join(folder, 'bench.sqlite3')}"
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": folder, "SECRET_KEY": "bench", "HUEY_IMMEDIATE": True})
    with app.app_context():
        db.create_all()
        organization = Organization(name="Attendance bench", slug="attendance-bench", timezone="Europe/Paris")
        webinar = Webinar(
            organization=organization, title="Bench", slug="attendance-bench", timezone="Europe/Paris",
            starts_at=STARTS_AT, ends_at=STARTS_AT.replace(hour=19), language=Language.FR, status=WebinarStatus.PUBLISHED,
        )
        db.session.add(webinar)
        db.session.commit()
        db.session.execute(
            insert(Registration),
            [
                {
                    "webinar_id": webinar.id, "email": f"person{number}@example.org", "first_name": "Person",
                    "last_name": str(number), "language": "fr", "state": RegistrationState.CONFIRMED,
                    "consented_at": STARTS_AT, "confirmed_at": STARTS_AT,
                }
                for number in range(args.rows // 2)
            ],
        )
        tallies.recount([webinar.id])
        db.session.commit()
        content = zoom_report(args.rows)
        print(f"{args.rows:,} rows, {len(content) / 1_000_000:.1f} MB, {args.rows // 2:,} registrants ({url.split(':')[0]})")
        try:
            timed("upload: count the rows (in the request)", lambda: participants_table(content, args.rows))
            for label in ("first import", "same file again"):
                report = timed(f"{label}: read (worker)", lambda: read_report(content, webinar.timezone, near=STARTS_AT))
                result = timed(
                    f"{label}: apply, one transaction (worker)",
                    lambda: (attendance.import_report(webinar, report), db.session.commit())[0],
                )
            print(f"matched {result.matched:,}, to resolve {result.unmatched:,}")
        finally:
            db.session.rollback()
            db.session.execute(delete(Organization).where(Organization.id == organization.id))
            db.session.commit()


if __name__ == "__main__":
    main()
