"""The attendance page runs as many statements with 1,000 registrants and 1,000 people of the report to
resolve as with 10 of each, and shows a page of each list, never all of it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import insert

from tests.query_counts.test_statement_counts import SMALL, assert_rendered, assert_same_count, build
from webinars import clock
from webinars.extensions import db
from webinars.registration import attendance
from webinars.registration.models import AttendanceImport, ImportStatus, ReportRowResolution, UnmatchedAttendance


def add_report_rows(webinar_id: int, count: int) -> None:
    """``count`` people of an imported report waiting for the organizer, and the import that found them."""
    db.session.execute(
        insert(UnmatchedAttendance),
        [
            {
                "webinar_id": webinar_id,
                "match_key": f"guest{number:05d}@example.net",
                "name": f"Guest {number:05d}",
                "email": f"guest{number:05d}@example.net",
                "minutes_in_session": 30,
                "resolution": ReportRowResolution.OPEN,
            }
            for number in range(count)
        ],
    )
    db.session.add(
        AttendanceImport(
            webinar_id=webinar_id,
            language="en",
            filename="report.csv",
            status=ImportStatus.DONE,
            rows_total=count,
            rows_read=count,
            platform="zoom",
            matched=0,
            unmatched=count,
            finished_at=clock.now(),
        )
    )
    db.session.commit()


def test_attendance_page(measure, organizer, clock):
    small = build(organizer.user.id, SMALL)
    large = build(organizer.user.id, replace(SMALL, registrations=1000))
    add_report_rows(small.webinar_id, 10)
    add_report_rows(large.webinar_id, 1000)

    pages = [measure(f"/manage/webinars/{each.webinar_id}/attendance?lang=en") for each in (small, large)]

    assert_rendered(pages[0], "Guest 00009", "10 people to resolve.", "Zoom report imported")
    assert_rendered(pages[1], "Guest 00049", "1,000 people to resolve.", 'rel="next"')
    assert "Guest 00050" not in pages[1].text
    assert_same_count(*pages)
    # A page of each list, not a thousand rows: the page weighed 42 MB with 60,000 people to resolve.
    unmatched = pages[1].text.split('class="list unmatched-list"')[1].split("</table>")[0]
    assert unmatched.count("<tr>") == 1 + attendance.ROWS_PAGE_SIZE  # the header row, then the page
