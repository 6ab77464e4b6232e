"""Attendance through HTTP: check-in, importing Zoom and Teams reports, resolving unmatched people."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests import factories
from tests.registration.fixtures.registrants import make_registration, published_webinar, reload, report
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration.models import Registration, RegistrationState, ReportRowResolution, UnmatchedAttendance

UNMATCHED_IN_BOTH = {"host@apebi.example", "eloise.durand@example.fr"}


@pytest.fixture
def webinar(organizer, clock):
    webinar = published_webinar(
        organizer.organization,
        title="L'offshoring régionalisé",
        timezone="Europe/Paris",
        starts_at=datetime(2026, 12, 10, 17, 0, tzinfo=UTC),  # 18:00 in Paris
    )
    make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui")
    make_registration(webinar, "karim.bennani@example.org", first_name="Karim", last_name="Bennani")
    make_registration(webinar, "sara@example.org", first_name="Sara", last_name="Idrissi")
    # registered under another address than the one she joined with
    make_registration(webinar, "eloise@durand.example", first_name="Éloïse", last_name="Durand")
    clock.set(datetime(2026, 12, 10, 20, 0, tzinfo=UTC))  # the webinar is over
    return webinar


def attendance_url(webinar, query: str = "") -> str:
    return f"/manage/webinars/{webinar.id}/attendance?lang=en{query}"


def upload(client, webinar, content: bytes, filename: str = "report.csv"):
    return client.post(
        f"/manage/webinars/{webinar.id}/attendance/import?lang=en",
        data={"report": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def attendance_state(webinar) -> dict:
    """Everything an import may change: each registrant's attendance and the unmatched rows."""
    db.session.expire_all()
    registrations = db.session.execute(
        select(
            Registration.email, Registration.attended, Registration.joined_at, Registration.left_at, Registration.minutes_in_session
        ).where(Registration.webinar_id == webinar.id)
    ).all()
    rows = db.session.execute(
        select(
            UnmatchedAttendance.match_key, UnmatchedAttendance.minutes_in_session, UnmatchedAttendance.resolution
        ).where(UnmatchedAttendance.webinar_id == webinar.id)
    ).all()
    return {"registrations": sorted(registrations), "unmatched": sorted(rows)}


def registration(email: str) -> Registration:
    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.email == email))


def open_row(key: str) -> UnmatchedAttendance:
    db.session.expire_all()
    return db.session.scalar(select(UnmatchedAttendance).where(UnmatchedAttendance.match_key == key))


@pytest.mark.parametrize(
    ("sample", "platform", "amina_minutes", "karim_minutes"),
    [("zoom_participants.csv", "Zoom", 119, 113), ("teams_attendance.csv", "Microsoft Teams", 119, 113)],
)
def test_import_a_report_then_again_without_change(client, webinar, sample, platform, amina_minutes, karim_minutes):
    response = upload(client, webinar, report(sample))

    assert response.status_code == 302
    amina = registration("amina@example.org")
    assert amina.attended and amina.minutes_in_session == amina_minutes
    assert amina.joined_at == datetime(2026, 12, 10, 16, 58, 1, tzinfo=UTC)
    assert amina.left_at == datetime(2026, 12, 10, 19, 1, 2, tzinfo=UTC)
    assert registration("karim.bennani@example.org").minutes_in_session == karim_minutes
    assert not registration("sara@example.org").attended

    page = client.get(attendance_url(webinar)).get_data(as_text=True)
    assert f"{platform} report imported: 2 registrants marked as attended, 3 people to resolve below." in page
    unmatched = page.split("not found among the registrants")[1].split("Check-in of confirmed registrants")[0]
    for name in ("APEBI Host", "Éloïse Durand", "host@apebi.example", "eloise.durand@example.fr"):
        assert name in unmatched
    assert "Youssef" in unmatched

    after_first = attendance_state(webinar)
    assert upload(client, webinar, report(sample)).status_code == 302
    assert attendance_state(webinar) == after_first


def test_the_page_says_how_report_times_are_read(client, webinar):
    page = client.get(attendance_url(webinar)).get_data(as_text=True)

    assert "Times in the report are read in the webinar's time zone (France time, UTC+1) unless they carry their own offset." in page


def test_unmatched_rows_are_resolved_and_stay_resolved_on_the_next_import(client, webinar):
    upload(client, webinar, report("zoom_participants.csv"))
    eloise_row, host_row = open_row("eloise.durand@example.fr"), open_row("host@apebi.example")
    youssef_row = open_row("name:iphone de youssef")

    # Éloïse: the organizer finds her registration and attaches the row to it
    resolve_page = client.get(f"/manage/attendance-rows/{eloise_row.id}?lang=en&q=durand").get_data(as_text=True)
    assert "eloise@durand.example" in resolve_page and "amina@example.org" not in resolve_page
    eloise = registration("eloise@durand.example")
    response = client.post(f"/manage/attendance-rows/{eloise_row.id}/attach/{eloise.id}")
    assert response.status_code == 302
    eloise = registration("eloise@durand.example")
    assert eloise.attended and eloise.minutes_in_session == 46

    # the host is not a registrant
    client.post(f"/manage/attendance-rows/{host_row.id}/dismiss")

    # Youssef joined without registering and without an address: the organizer registers him
    form = client.get(f"/manage/attendance-rows/{youssef_row.id}?lang=en").get_data(as_text=True)
    assert 'value="iPhone"' in form  # the name in the report fills the form
    client.post(
        f"/manage/attendance-rows/{youssef_row.id}/add",
        data={"first_name": "Youssef", "last_name": "Amrani", "email": "youssef@example.org", "language": "fr", "consent_obtained": "y"},
    )
    youssef = registration("youssef@example.org")
    assert youssef.state is RegistrationState.CONFIRMED and youssef.attended and youssef.minutes_in_session == 40
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "youssef@example.org")).all() == []

    page = client.get(attendance_url(webinar)).get_data(as_text=True)
    assert "not found among the registrants" not in page  # nothing left to resolve

    resolved = attendance_state(webinar)
    upload(client, webinar, report("zoom_participants.csv"))
    assert attendance_state(webinar) == resolved  # Éloïse's 46 minutes are not counted twice
    assert open_row("host@apebi.example").resolution is ReportRowResolution.DISMISSED


def test_a_resolved_row_cannot_be_resolved_again(client, webinar):
    upload(client, webinar, report("zoom_participants.csv"))
    row = open_row("host@apebi.example")
    sara = registration("sara@example.org")
    client.post(f"/manage/attendance-rows/{row.id}/dismiss")

    client.post(f"/manage/attendance-rows/{row.id}/attach/{sara.id}")

    assert not registration("sara@example.org").attended
    assert open_row("host@apebi.example").resolution is ReportRowResolution.DISMISSED


def test_adding_from_a_row_reports_bad_input_and_saves_nothing(client, webinar):
    upload(client, webinar, report("zoom_participants.csv"))
    row = open_row("name:iphone de youssef")

    for data, message in [
        ({"first_name": "Youssef", "last_name": "Amrani", "email": "", "language": "fr", "consent_obtained": "y"}, "Enter the person"),
        ({"first_name": "Youssef", "last_name": "Amrani", "email": "y@example.org", "language": "fr"}, "only with their consent"),
        ({"first_name": "Sara", "last_name": "I", "email": "SARA@example.org", "language": "fr", "consent_obtained": "y"}, "already registered"),
    ]:
        response = client.post(f"/manage/attendance-rows/{row.id}/add?lang=en", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)

    assert open_row("name:iphone de youssef").resolution is ReportRowResolution.OPEN
    assert registration("y@example.org") is None


def test_a_row_cannot_be_attached_to_another_webinars_registrant(client, organizer, webinar):
    upload(client, webinar, report("zoom_participants.csv"))
    other = published_webinar(organizer.organization, title="Another one")
    stranger = make_registration(other, "stranger@example.org")
    row = open_row("host@apebi.example")

    assert client.post(f"/manage/attendance-rows/{row.id}/attach/{stranger.id}").status_code == 404
    assert open_row("host@apebi.example").resolution is ReportRowResolution.OPEN


def test_a_file_that_is_not_a_report_is_refused_with_a_message(client, webinar):
    response = upload(client, webinar, b"first name,last name\nAmina,Alaoui\n")

    assert response.status_code == 422
    assert "No participants table was found." in response.get_data(as_text=True)
    assert not registration("amina@example.org").attended

    response = upload(client, webinar, b"%PDF-1.7", filename="report.pdf")
    assert response.status_code == 422
    assert "Upload the report as exported: a .csv file." in response.get_data(as_text=True)


def test_check_in_one_click_per_person_and_undo(client, webinar):
    amina = registration("amina@example.org")

    page = client.get(attendance_url(webinar, "&q=alaoui")).get_data(as_text=True)
    assert "Amina Alaoui" in page and "Karim Bennani" not in page

    response = client.post(f"/manage/registrations/{amina.id}/attended?q=alaoui")
    assert response.headers["Location"] == f"/manage/webinars/{webinar.id}/attendance?q=alaoui"
    assert reload(amina).attended
    page = client.get(attendance_url(webinar)).get_data(as_text=True)
    assert "Amina Alaoui attended." in page
    assert re.search(r"<strong class=\"registration-count\">1</strong>", page)

    client.post(f"/manage/registrations/{amina.id}/absent")
    assert not reload(amina).attended


def test_the_check_in_list_shows_confirmed_registrants_only(client, webinar):
    make_registration(webinar, "waiting@example.org", RegistrationState.WAITLISTED, last_name="Waiting")
    make_registration(webinar, "gone@example.org", RegistrationState.CANCELLED, last_name="Gone")

    page = client.get(attendance_url(webinar)).get_data(as_text=True)

    assert "amina@example.org" in page and "waiting@example.org" not in page and "gone@example.org" not in page


def test_an_outsider_cannot_import_or_check_in(client, auth, webinar):
    amina = registration("amina@example.org")
    auth.logout()
    auth.login(factories.make_user(factories.make_organization(), email="outsider@example.org").email)

    assert upload(client, webinar, report("zoom_participants.csv")).status_code == 404
    assert client.post(f"/manage/registrations/{amina.id}/attended").status_code == 404
    assert not registration("amina@example.org").attended
