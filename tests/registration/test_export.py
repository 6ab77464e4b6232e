"""CSV export of registrations: the pure row builder, then the download through HTTP."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from tests.registration.fixtures.registrants import add_question, answer, make_registration, published_webinar
from webinars.registration.export import (
    BOM,
    FIXED_COLUMNS,
    ExportLabels,
    RegistrantRecord,
    csv_chunks,
    header_row,
    neutralize,
    registration_row,
)
from webinars.registration.models import QuestionKind, RegistrationState

LABELS = ExportLabels(
    columns={key: key.replace("_", " ").title() for key in FIXED_COLUMNS},
    states={state: state.value.upper() for state in RegistrationState},
    yes="Oui",
    no="Non",
    country_name=lambda code: {"MA": "Maroc"}.get(code, code),
)
SECTOR = SimpleNamespace(id=1, label="Secteur", kind=QuestionKind.SHORT_TEXT)
TOPICS = SimpleNamespace(id=2, label="Thèmes", kind=QuestionKind.MULTIPLE_CHOICE)
FIRST_TIME = SimpleNamespace(id=3, label="Première fois ?", kind=QuestionKind.YES_NO)


def record(**changes) -> RegistrantRecord:
    values = dict(
        id=7,
        created_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        state=RegistrationState.CONFIRMED,
        first_name="Éloïse",
        last_name="Durand",
        email="eloise@example.fr",
        affiliation="CRI Fès-Meknès",
        job_title=None,
        country="MA",
        city="Fès",
        language="fr",
        wants_future_events=True,
        confirmed_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        cancelled_at=None,
        attended=False,
        joined_at=None,
        left_at=None,
        minutes_in_session=None,
    )
    values.update(changes)
    return RegistrantRecord(**values)


@pytest.mark.parametrize(
    ("cell", "neutralized"),
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Finance = money", "Finance = money"),
        ("", ""),
        # a spreadsheet splitting on semicolons starts a cell after each one
        ("x;=HYPERLINK(\"http://evil\")", "x;'=HYPERLINK(\"http://evil\")"),
        ("Cloud; =1+1; IA", "Cloud; '=1+1; IA"),
        ("a;;@SUM(A1);-1;+1", "a;;'@SUM(A1);'-1;'+1"),
        ("=1;=2", "'=1;'=2"),
        ("Cloud; IA", "Cloud; IA"),
        ("Fès; Meknès - Rabat", "Fès; Meknès - Rabat"),
    ],
)
def test_cells_that_spreadsheets_would_run_as_formulas_are_neutralized(cell, neutralized):
    assert neutralize(cell) == neutralized


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_no_cell_starts_a_formula_whichever_separator_the_spreadsheet_uses(client, organizer, clock, delimiter):
    webinar = published_webinar(organizer.organization)
    sector = add_question(webinar, "Votre secteur ?")
    amina = make_registration(webinar, "amina@example.org", first_name="Amina", last_name="x;=HYPERLINK(\"http://evil\")")
    answer(amina, sector, "IT; +33 6 12; @cmd")

    response = client.get(f"/manage/webinars/{webinar.id}/registrations.csv")

    cells = [cell for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=delimiter) for cell in row]
    starts = [cell.lstrip(" ")[:1] for cell in cells]
    assert not set(starts) & {"=", "+", "-", "@"}, [cell for cell in cells if cell.lstrip(" ")[:1] in "=+-@" and cell]


def test_a_row_has_the_fixed_columns_then_one_column_per_question():
    answers = {1: ["Finance"], 2: ["Cloud", "IA"], 3: ["yes"]}
    row = registration_row(record(), answers, [SECTOR, TOPICS, FIRST_TIME], "Europe/Paris", LABELS)

    assert header_row([SECTOR, TOPICS, FIRST_TIME], LABELS)[-3:] == ["Secteur", "Thèmes", "Première fois ?"]
    assert len(row) == len(FIXED_COLUMNS) + 3
    by_column = dict(zip(FIXED_COLUMNS, row))
    assert by_column["registered_at"] == "2026-11-20T10:30:00+01:00"  # in the webinar's zone, with its offset
    assert by_column["state"] == "CONFIRMED"
    assert by_column["country"] == "Maroc"
    assert by_column["job_title"] == "" and by_column["cancelled_at"] == ""
    assert by_column["wants_future_events"] == "Oui" and by_column["attended"] == "Non"
    assert row[-3:] == ["Finance", "Cloud; IA", "Oui"]


def test_the_file_starts_with_a_bom_and_reads_back_as_utf8_csv():
    rows = [header_row([SECTOR], LABELS), registration_row(record(), {1: ["=1+1"]}, [SECTOR], "UTC", LABELS)]

    text = "".join(csv_chunks(rows))

    assert text.startswith(BOM)
    parsed = list(csv.reader(io.StringIO(text[len(BOM):])))
    assert parsed[1][2] == "Éloïse" and parsed[1][-1] == "'=1+1"


def test_rows_are_produced_one_at_a_time():
    produced = []

    def rows():
        for number in range(3):
            produced.append(number)
            yield [str(number)]

    chunks = csv_chunks(rows())
    assert next(chunks) == BOM and produced == []
    assert next(chunks) == "0\r\n" and produced == [0]


# --- Through HTTP -----------------------------------------------------------------------------


def test_download_all_registrations_with_their_answers(client, organizer, clock):
    webinar = published_webinar(organizer.organization, title="L'offshoring régionalisé", timezone="Europe/Paris")
    sector = add_question(webinar, "Votre secteur ?")
    topics = add_question(webinar, "Thèmes", QuestionKind.MULTIPLE_CHOICE, choices=["Cloud", "IA"], position=1)
    amina = make_registration(webinar, "amina@example.org", first_name="Amina", last_name="Alaoui", affiliation="CRI Fès")
    answer(amina, sector, "=cmd|' /C calc'!A0")
    answer(amina, topics, "Cloud", "IA")
    make_registration(webinar, "karim@example.org", RegistrationState.CANCELLED, first_name="Karim", last_name="Bennani")

    response = client.get(f"/manage/webinars/{webinar.id}/registrations.csv?lang=fr")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="registrations-{webinar.slug}.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, amina_row, karim_row = rows
    assert header[-2:] == ["Votre secteur ?", "Thèmes"]
    assert amina_row[2:5] == ["Amina", "Alaoui", "amina@example.org"]
    assert amina_row[-2:] == ["'=cmd|' /C calc'!A0", "Cloud; IA"]  # the formula is neutralized
    assert amina_row[0].endswith("+01:00")  # Europe/Paris in November
    assert karim_row[2:4] == ["Karim", "Bennani"] and karim_row[-2:] == ["", ""]


def test_the_header_is_in_the_organizers_language(client, organizer, clock):
    webinar = published_webinar(organizer.organization)

    english = client.get(f"/manage/webinars/{webinar.id}/registrations.csv?lang=en").data.decode("utf-8-sig")

    assert english.splitlines()[0].startswith("Registered at,State,First name,Last name,E-mail,Organization")
