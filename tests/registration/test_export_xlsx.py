"""The registrations as an Excel file: real dates in the webinar's zone, headers in the organizer's
language, text that never runs as a formula, written in constant memory."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl

from tests.registration.fixtures.registrants import add_question, answer, make_registration, published_webinar
from webinars.registration.models import QuestionKind, RegistrationState


def download(client, webinar, language="fr"):
    response = client.get(f"/manage/webinars/{webinar.id}/registrations.xlsx?lang={language}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == f'attachment; filename="registrations-{webinar.slug}.xlsx"'
    assert "no-store" in response.headers["Cache-Control"]  # personal data
    return openpyxl.load_workbook(io.BytesIO(response.data), read_only=True).active


def test_the_excel_file_has_real_dates_in_the_webinar_s_zone_and_the_answers(client, organizer, clock):
    webinar = published_webinar(organizer.organization, title="L'offshoring régionalisé", timezone="Europe/Paris")
    sector = add_question(webinar, "Votre secteur ?")
    topics = add_question(webinar, "Thèmes", QuestionKind.MULTIPLE_CHOICE, choices=["Cloud", "IA"], position=1)
    amina = make_registration(
        webinar, "amina@example.org", first_name="Amina", last_name="Alaoui", affiliation="CRI Fès",
        created_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC), minutes_in_session=47,
    )
    answer(amina, sector, "=HYPERLINK(\"https://evil.example\";\"clic\")")
    answer(amina, topics, "Cloud", "IA")
    make_registration(webinar, "karim@example.org", RegistrationState.CANCELLED, first_name="Karim", last_name="Bennani")

    sheet = download(client, webinar)
    header, amina_row, karim_row = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert header[0] == "Date d'inscription (heure de la France)"
    assert header[-2:] == ["Votre secteur ?", "Thèmes"]
    assert amina_row[0] == datetime(2026, 11, 20, 10, 30)  # a real date, 09:30 UTC in Paris
    assert amina_row[2:5] == ["Amina", "Alaoui", "amina@example.org"]
    assert amina_row[header.index("Minutes de connexion")] == 47
    assert amina_row[-2:] == ["'=HYPERLINK(\"https://evil.example\";\"clic\")", "Cloud; IA"]
    assert karim_row[2:4] == ["Karim", "Bennani"]


def test_no_cell_is_a_formula(client, organizer, clock):
    webinar = published_webinar(organizer.organization)
    make_registration(webinar, "x@example.org", first_name="=1+1", last_name="@SUM(A1)", city="-2")

    response = client.get(f"/manage/webinars/{webinar.id}/registrations.xlsx?lang=en")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert workbook.active["A1"].value == "Registered at (Morocco time)"
