"""Slides are checked as PDFs before they are stored (a pure function, no app)."""

from __future__ import annotations

import pytest

from tests.speakers.helpers import encrypted_pdf, pdf_bytes
from webinars.speakers.pdf_files import SlidesProblem, SlidesRejected, check_pdf, clean_filename

LIMIT = 5 * 1024 * 1024


def problem_of(data: bytes, limit: int = LIMIT) -> SlidesProblem:
    with pytest.raises(SlidesRejected) as refused:
        check_pdf(data, limit)
    return refused.value.problem


def test_a_pdf_is_accepted_with_its_page_count():
    assert check_pdf(pdf_bytes(pages=12), LIMIT) == 12


def test_a_password_protected_pdf_is_refused():
    assert problem_of(encrypted_pdf()) is SlidesProblem.ENCRYPTED


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", SlidesProblem.EMPTY),
        (b"   \n", SlidesProblem.EMPTY),
        (b"<html><script>alert(1)</script></html>", SlidesProblem.NOT_A_PDF),
        (b"PK\x03\x04 a pptx file", SlidesProblem.NOT_A_PDF),
        (b"%PDF-1.7\n% nothing else", SlidesProblem.BROKEN),
    ],
)
def test_what_is_not_a_readable_pdf_is_refused(data, problem):
    assert problem_of(data) is problem


def test_a_truncated_pdf_is_refused_as_damaged():
    whole = pdf_bytes(pages=2)
    assert problem_of(whole[: len(whole) // 2]) is SlidesProblem.BROKEN


def test_a_file_over_the_limit_is_refused_before_parsing():
    assert problem_of(pdf_bytes(pages=1), limit=100) is SlidesProblem.TOO_LARGE


@pytest.mark.parametrize(
    "uploaded, kept",
    [
        ("Présentation Fès-Meknès.pdf", "Présentation Fès-Meknès.pdf"),
        ("C:\\Users\\salma\\slides.PDF", "slides.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ('talk"; filename="evil.html', "talk filename evil.html.pdf"),
        ("", "slides.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_file_names_are_safe_to_show_and_to_send(uploaded, kept):
    assert clean_filename(uploaded) == kept
