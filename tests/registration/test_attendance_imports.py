"""Attendance reports are imported by the worker: the upload returns at once, the page follows the progress,
large files are refused with the limit named, and an import that fails applies nothing and says why."""

from __future__ import annotations

import csv
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from tests.registration.fixtures.registrants import make_registration, published_webinar, report
from tests.registration.test_attendance import attendance_state, attendance_url, registration, upload
from webinars.extensions import db
from webinars.registration import attendance, attendance_imports, attendance_reports
from webinars.registration.models import AttendanceImport, ImportStatus

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"


def zoom_rows(*people: tuple[str, str], join: str = "12/10/2026 06:00:00 PM") -> bytes:
    lines = [f"{name},{email},{join},12/10/2026 07:00:00 PM,60,No\n" for name, email in people]
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def webinar(organizer, clock):
    webinar = published_webinar(
        organizer.organization,
        title="L'offshoring régionalisé",
        timezone="Europe/Paris",
        starts_at=datetime(2026, 12, 10, 17, 0, tzinfo=UTC),
    )
    for email, first, last in [
        ("amina@example.org", "Amina", "Alaoui"),
        ("karim.bennani@example.org", "Karim", "Bennani"),
        ("sara@example.org", "Sara", "Idrissi"),
    ]:
        make_registration(webinar, email, first_name=first, last_name=last)
    clock.set(datetime(2026, 12, 10, 20, 0, tzinfo=UTC))
    return webinar


@pytest.fixture
def logged(caplog, monkeypatch):
    """The worker's log. Alembic's fileConfig (tests/database) disables the loggers that exist when it runs."""
    monkeypatch.setattr(attendance_imports.log, "disabled", False)
    return caplog


@pytest.fixture
def wake_ups(app, monkeypatch):
    """The worker is not woken: the test runs its job when it chooses. Counts the wake-up calls."""
    calls = []
    monkeypatch.setitem(app.extensions, "wake_attendance_imports", lambda: calls.append(1))
    return calls


def the_import() -> AttendanceImport:
    db.session.expire_all()
    return db.session.scalar(select(AttendanceImport).order_by(AttendanceImport.id.desc()))


def status_of(client, queued: AttendanceImport) -> dict:
    return client.get(f"/manage/attendance-imports/{queued.id}?lang=en").get_json()


def test_the_upload_is_imported_by_the_worker_and_the_page_follows_it(client, webinar, wake_ups):
    response = upload(client, webinar, report("zoom_participants.csv"))

    assert response.status_code == 302
    assert wake_ups == [1]
    assert not registration("amina@example.org").attended  # nothing done in the request
    queued = the_import()
    assert (queued.status, queued.rows_total, queued.filename) == (ImportStatus.QUEUED, 6, "report.csv")
    page = client.get(attendance_url(webinar)).get_data(as_text=True)
    assert "report.csv is waiting for the worker (6 rows)." in page
    assert f'data-status-url="/manage/attendance-imports/{queued.id}"' in page
    assert 'Refresh</a>' in page  # without script, the organizer reloads by hand
    assert status_of(client, queued) == {
        "finished": False, "failed": False, "message": "report.csv is waiting for the worker (6 rows)."
    }

    assert attendance_imports.run_queued_imports() == 1

    assert registration("amina@example.org").attended
    done = the_import()
    assert done.status is ImportStatus.DONE and done.content is None  # the file is not kept
    message = "Zoom report imported: 2 registrants marked as attended, 3 people to resolve below."
    assert status_of(client, done) == {"finished": True, "failed": False, "message": message}
    page = client.get(attendance_url(webinar)).get_data(as_text=True)
    assert message in page and "Refresh</a>" not in page
    assert attendance_imports.run_queued_imports() == 0


def test_progress_is_committed_while_the_report_is_read(app, client, webinar, wake_ups, monkeypatch):
    monkeypatch.setattr(attendance_reports, "PROGRESS_EVERY", 2)
    people = [(f"Guest {n}", f"guest{n}@example.net") for n in range(5)]
    upload(client, webinar, zoom_rows(*people))
    seen = []
    record = attendance_imports._record_progress

    def record_and_look(import_id, rows_read):
        record(import_id, rows_read)
        with db.engine.connect() as another:  # what another request would see
            seen.append(another.execute(text("SELECT rows_read FROM attendance_imports")).scalar_one())

    monkeypatch.setattr(attendance_imports, "_record_progress", record_and_look)
    attendance_imports.run_queued_imports()

    assert seen == [2, 4]
    queued = the_import()
    queued.status, queued.rows_read = ImportStatus.RUNNING, 2
    assert attendance_imports.progress_of(queued).message == "Importing report.csv: 2 of 5 rows read."


def test_a_report_over_the_row_limit_is_refused_with_the_limit(app, client, webinar, wake_ups):
    app.config["ATTENDANCE_IMPORT_MAX_ROWS"] = 4
    people = [(f"Guest {n}", f"guest{n}@example.net") for n in range(5)]

    response = upload(client, webinar, zoom_rows(*people))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This report has more than 4 participant rows, the most one import takes." in page
    assert "at most 4 participant rows and 5 MB" in page  # said before uploading too
    assert the_import() is None and wake_ups == []
    assert upload(client, webinar, zoom_rows(*people[:4])).status_code == 302


def test_a_cell_longer_than_the_csv_readers_limit_gets_a_message(client, webinar, wake_ups):
    content = HEADER.encode() + b'Amina,"' + b"x" * (csv.field_size_limit() + 1) + b'",12/10/2026 06:00:00 PM,,1,No\n'

    response = upload(client, webinar, content)

    assert response.status_code == 422
    assert "Line 2 of the file has a cell longer than 131,072 characters" in response.get_data(as_text=True)
    assert the_import() is None


def test_a_row_that_cannot_be_read_stops_the_import_before_anything_is_applied(client, webinar):
    content = zoom_rows(("Amina Alaoui", "amina@example.org"), ("Karim", "karim.bennani@example.org"))
    content += b"Sara,sara@example.org,yesterday,12/10/2026 07:00:00 PM,60,No\n"
    before = attendance_state(webinar)

    assert upload(client, webinar, content).status_code == 302  # read and applied by the worker

    assert attendance_state(webinar) == before
    page = client.get(attendance_url(webinar)).get_data(as_text=True)
    assert (
        "The import of report.csv stopped, and nothing of it was applied: "
        "Row 3 of the participants table: The time “yesterday” could not be read."
    ) in page


def test_a_database_error_midway_leaves_nothing_half_applied(client, webinar, wake_ups, monkeypatch, logged):
    content = zoom_rows(("Amina Alaoui", "amina@example.org"), ("A guest", "guest@example.net"))
    upload(client, webinar, content)
    before = attendance_state(webinar)
    real_insert = attendance.insert

    def failing_insert(table):
        # The registrants' attendance is written by now; the rows to resolve come next.
        assert db.session.execute(text("SELECT count(*) FROM registrations WHERE attended")).scalar_one() == 1
        raise RuntimeError("the database went away")

    monkeypatch.setattr(attendance, "insert", failing_insert)
    with logged.at_level(logging.ERROR):
        attendance_imports.run_queued_imports()
    monkeypatch.setattr(attendance, "insert", real_insert)

    assert attendance_state(webinar) == before
    queued = the_import()
    assert queued.status is ImportStatus.FAILED and queued.content is None
    assert "an unexpected error stopped it" in attendance_imports.progress_of(queued).message
    assert "Attendance import" in logged.text


def test_an_import_whose_worker_stopped_is_taken_again(app, client, webinar, wake_ups, clock):
    upload(client, webinar, report("zoom_participants.csv"))
    queued = the_import()
    queued.status, queued.claimed_at, queued.attempts = ImportStatus.RUNNING, clock.now(), 1
    db.session.commit()

    assert attendance_imports.run_queued_imports() == 0  # its worker may still be at it

    clock.advance(seconds=app.config["ATTENDANCE_IMPORT_CLAIM_SECONDS"] + 1)
    assert attendance_imports.run_queued_imports() == 1
    assert the_import().status is ImportStatus.DONE
    assert registration("amina@example.org").attended


def test_an_import_that_stopped_its_worker_three_times_is_given_up(client, webinar, wake_ups, clock):
    upload(client, webinar, report("zoom_participants.csv"))
    queued = the_import()
    queued.status, queued.claimed_at, queued.attempts = ImportStatus.RUNNING, clock.now() - timedelta(hours=1), 3
    db.session.commit()

    attendance_imports.run_queued_imports()

    queued = the_import()
    assert queued.status is ImportStatus.FAILED
    assert "the import was started 3 times without finishing" in attendance_imports.progress_of(queued).message
    assert not registration("amina@example.org").attended


def test_a_lost_wake_up_is_made_up_by_the_sweep(app, client, webinar, monkeypatch, logged):
    def queue_down():
        raise ConnectionError("Redis is down")

    monkeypatch.setitem(app.extensions, "wake_attendance_imports", queue_down)
    with logged.at_level(logging.WARNING):
        response = upload(client, webinar, report("zoom_participants.csv"))
    assert response.status_code == 302
    assert "the periodic sweep will run it" in logged.text

    for job in app.extensions["periodic_jobs"]:
        job()

    assert registration("amina@example.org").attended


def test_an_outsider_cannot_follow_an_import(client, auth, webinar, wake_ups):
    from tests import factories

    upload(client, webinar, report("zoom_participants.csv"))
    auth.logout()
    auth.login(factories.make_user(factories.make_organization(), email="outsider@example.org").email)

    assert client.get(f"/manage/attendance-imports/{the_import().id}").status_code == 404


def test_the_rows_to_resolve_are_listed_a_page_at_a_time(client, webinar, monkeypatch):
    monkeypatch.setattr(attendance, "ROWS_PAGE_SIZE", 2)
    people = [(f"Guest {n}", f"guest{n}@example.net") for n in range(5)]
    upload(client, webinar, zoom_rows(*people))

    listed, pages = [], []
    url = attendance_url(webinar)
    while url:
        page = client.get(url).get_data(as_text=True)
        assert "5 people to resolve." in page
        pages.append(page)
        listed += re.findall(r"<td>(Guest \d)</td>", page)
        next_link = re.search(r'href="([^"]*rows_after=[^"]*)" rel="next"', page)
        url = next_link.group(1).replace("&amp;", "&") if next_link else None

    assert listed == [f"Guest {n}" for n in range(5)]  # by name, each once
    assert len(pages) == 3
    previous = re.search(r'href="([^"]*rows_before=[^"]*)" rel="prev"', pages[-1]).group(1).replace("&amp;", "&")
    assert re.findall(r"<td>(Guest \d)</td>", client.get(previous).get_data(as_text=True)) == ["Guest 2", "Guest 3"]
