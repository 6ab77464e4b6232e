"""The summary's SVG charts: well-formed, escaped, accessible, and printable by WeasyPrint.

Pure functions: no database and no request needed.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
import weasyprint
from markupsafe import Markup
from pypdf import PdfReader

from webinars.summaries.attendance import AttendanceFigures, DayCount
from webinars.summaries.breakdowns import Breakdown, Group
from webinars.summaries.charts import (
    attendance_svg,
    breakdown_svg,
    nice_ticks,
    registrations_per_day_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if "chart-bar" in (rect.get("class") or "").split()]


def texts(root: ET.Element) -> list[str]:
    return [text.text for text in root.iter(f"{SVG}text")]


def tooltip(element: ET.Element) -> str:
    return element.find(f"{SVG}title").text


def days(counts: list[int], first: date = date(2026, 11, 1)) -> list[DayCount]:
    return [DayCount(first + timedelta(days=n), count) for n, count in enumerate(counts)]


def short_date(day: date) -> str:
    return day.strftime("%d/%m")


def percent(share: float) -> str:
    return f"{round(share * 100)} %"


def figures(attendees=7, confirmed=12, waitlisted=3) -> AttendanceFigures:
    return AttendanceFigures(
        confirmed=confirmed, waitlisted=waitlisted, pending=2, rejected=1, cancelled=4, capacity=12,
        attendees=attendees, no_shows=confirmed - attendees,
        attendance_rate=attendees / confirmed if confirmed else None,
        minutes_reported=5, average_minutes=69.0, median_minutes=60.0, per_day=days([1, 2]),
    )


ORGANIZATIONS = Breakdown(
    key="affiliation",
    title="Organization",
    total=40,
    groups=[
        Group("<script>alert('x')</script>", 20),
        Group('Fès & "Meknès"', 12),
        Group("Others", 8, is_others=True),
    ],
)


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (100, [0, 20, 40, 60, 80, 100]),
     (101, [0, 50, 100, 150]), (1234, [0, 500, 1000, 1500])],
)
def test_axis_values_are_round(maximum, expected):
    assert nice_ticks(maximum) == expected


def test_per_day_chart_has_a_bar_per_day_with_its_count_on_hover():
    svg = registrations_per_day_svg(days([3, 0, 5]), title="Registrations per day", date_label=short_date)
    root = parse(svg)

    assert root.get("role") == "img"
    assert root.get("aria-label") == "Registrations per day"
    assert root.find(f"{SVG}title").text == "Registrations per day"
    assert "8" in root.find(f"{SVG}desc").text
    assert [tooltip(bar) for bar in bars(root)] == ["01/11: 3", "02/11: 0", "03/11: 5"]
    heights = [float(bar.get("height")) for bar in bars(root)]
    assert heights[1] == 0 and heights[0] < heights[2]
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_per_day_chart_labels_only_a_few_dates_when_there_are_many_days():
    root = parse(registrations_per_day_svg(days([1] * 60), title="Per day", date_label=short_date))

    dates = [text for text in texts(root) if "/" in text]
    assert len(bars(root)) == 60
    assert dates[0] == "01/11"
    assert 2 <= len(dates) <= 7


def test_per_day_chart_y_axis_reaches_the_busiest_day():
    root = parse(registrations_per_day_svg(days([4, 7, 1]), title="Per day", date_label=short_date))

    assert [text for text in texts(root) if "/" not in text] == ["0", "2", "4", "6", "8"]


def test_breakdown_chart_escapes_labels_and_shows_counts_and_shares():
    svg = breakdown_svg(ORGANIZATIONS, percent=percent)
    root = parse(svg)

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert len(bars(root)) == 3
    assert texts(root) == [
        "<script>alert('x')</script>", "20 (50 %)", 'Fès & "Meknès"', "12 (30 %)", "Others", "8 (20 %)"
    ]
    assert root.get("aria-label") == "Organization"
    widths = [float(bar.get("width")) for bar in bars(root)]
    assert widths[0] > widths[1] > widths[2]


def test_a_question_label_is_escaped_in_attributes_too():
    breakdown = Breakdown("question-1", 'Sector "IT" & <more>', 5, [Group("Finance", 5)])
    svg = breakdown_svg(breakdown, percent=percent)

    assert parse(svg).get("aria-label") == 'Sector "IT" & <more>'
    assert 'aria-label="Sector &#34;IT&#34; &amp; &lt;more&gt;"' in svg


def test_the_others_bar_is_told_apart_from_named_groups():
    colours = [bar.get("fill") for bar in bars(parse(breakdown_svg(ORGANIZATIONS, percent=percent)))]

    assert colours[0] == colours[1] != colours[2]


def test_a_very_long_label_is_shortened_on_screen_but_complete_on_hover():
    long_name = "Agence Marocaine de Développement des Investissements et des Exportations, délégation de Fès"
    breakdown = Breakdown("affiliation", "Organization", 5, [Group(long_name, 5)])
    root = parse(breakdown_svg(breakdown, percent=percent))

    assert texts(root)[0].endswith("…") and len(texts(root)[0]) < len(long_name)
    assert tooltip(bars(root)[0]) == f"{long_name}: 5 (100 %)"


def test_attendance_chart_stacks_attended_no_shows_and_waitlist():
    root = parse(
        attendance_svg(
            figures(),
            labels={"title": "Attendance", "attended": "Attended", "no_shows": "No-shows", "waitlisted": "Waitlisted"},
            percent=percent,
        )
    )

    assert [tooltip(bar) for bar in bars(root)] == ["Attended: 7 (58 %)", "No-shows: 5 (42 %)", "Waitlisted: 3"]
    widths = [float(bar.get("width")) for bar in bars(root)]
    assert widths == pytest.approx([7 / 15 * 640, 5 / 15 * 640, 3 / 15 * 640], abs=0.1)
    assert "Attended: 7 (58 %)" in texts(root)  # the legend, for print where there is no hover
    assert root.get("aria-label") == "Attendance"


def test_attendance_chart_with_nobody_draws_no_segment():
    nobody = figures(attendees=0, confirmed=0, waitlisted=0)
    root = parse(attendance_svg(nobody, labels={"title": "<b>"}, percent=percent))

    assert bars(root) == []
    assert root.get("aria-label") == "<b>"


def test_weasyprint_prints_every_chart():
    charts = Markup("").join(
        [
            registrations_per_day_svg(days([3, 0, 5, 2]), title="Per day", date_label=short_date),
            breakdown_svg(ORGANIZATIONS, percent=percent),
            attendance_svg(figures(), labels={}, percent=percent),
        ]
    )
    html = Markup("<!doctype html><html><body>{}</body></html>").format(charts)

    pdf = weasyprint.HTML(string=str(html)).write_pdf()

    assert pdf.startswith(b"%PDF")
    printed = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for text in ("03/11", "<script>alert('x')</script>", "12 (30 %)", "Attended: 7 (58 %)"):
        assert text in printed
