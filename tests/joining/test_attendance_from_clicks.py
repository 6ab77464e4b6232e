"""Organizers see who clicked "Join now" beside the attendance; the summary counts attendees from the
imported report (or the check-in) when there is one, from the join clicks otherwise, and says which."""

from __future__ import annotations

from datetime import timedelta

from tests.joining.helpers import START, registrant, webinar_on
from webinars.extensions import db
from webinars.summaries.exports import figure_lines
from webinars.summaries.attendance import AttendanceSource, attendance_figures


def clicked(client, clock, token, minutes_after_start=0):
    clock.set(START + timedelta(minutes=minutes_after_start))
    assert client.post(f"/r/{token}/join").status_code == 303


def test_without_a_report_the_join_clicks_are_the_attendees_and_the_summary_says_so(client, clock, organizer):
    webinar = webinar_on(organizer.organization)
    tokens = [registrant(webinar)[1] for _ in range(4)]
    for token in tokens[:3]:
        clicked(client, clock, token)
    clock.set(START + timedelta(hours=3))

    figures = attendance_figures(webinar)
    assert (figures.confirmed, figures.attendees, figures.no_shows) == (4, 3, 1)
    assert figures.attendance_rate == 0.75
    assert figures.source is AttendanceSource.JOIN_CLICKS

    html = client.get(f"/manage/webinars/{webinar.id}/summary?lang=en").get_data(as_text=True)
    assert "Attendance counted from clicks on “Join now” (no attendance report imported)." in html


def test_an_imported_report_wins_over_the_clicks(client, clock, organizer):
    webinar = webinar_on(organizer.organization)
    registration, token = registrant(webinar)
    _other, other_token = registrant(webinar)
    clicked(client, clock, token)
    clicked(client, clock, other_token)
    registration.attended, registration.minutes_in_session = True, 95  # as an import writes them
    db.session.commit()
    clock.set(START + timedelta(hours=3))

    figures = attendance_figures(webinar)

    assert (figures.attendees, figures.source) == (1, AttendanceSource.REPORT)
    lines = {line.label: line.value for line in figure_lines(figures, public=True, locale="en")}
    assert lines["Attendance counted from"] == "the platform's attendance report"


def test_the_check_in_wins_over_the_clicks_too(clock, organizer):
    webinar = webinar_on(organizer.organization)
    registration, _token = registrant(webinar, attended=True)
    registrant(webinar)

    assert attendance_figures(webinar).source is AttendanceSource.CHECK_IN
    assert attendance_figures(webinar).attendees == 1


def test_nothing_recorded_says_so(clock, organizer):
    webinar = webinar_on(organizer.organization)
    registrant(webinar)

    figures = attendance_figures(webinar)

    assert (figures.attendees, figures.source) == (0, AttendanceSource.NONE)


def test_the_attendance_page_shows_who_clicked_join_beside_the_attendance(client, clock, organizer):
    webinar = webinar_on(organizer.organization)
    _amina, amina = registrant(webinar, first_name="Amina", last_name="Alaoui")
    registrant(webinar, first_name="Omar", last_name="Bennani")
    clicked(client, clock, amina, minutes_after_start=2)
    clicked(client, clock, amina, minutes_after_start=47)

    html = client.get(f"/manage/webinars/{webinar.id}/attendance?lang=en").get_data(as_text=True)

    assert "clicked “Join now” on their join page." in html
    amina_row = html[html.index("Amina Alaoui"):html.index("Omar Bennani")]
    assert "5:02\u202fPM" in amina_row and "2 clicks, last at 5:47\u202fPM" in amina_row
    omar_row = html[html.index("Omar Bennani"):]
    assert '<td class="clicked-join">' in omar_row and "No" in omar_row.split('<td class="clicked-join">')[1][:80]
