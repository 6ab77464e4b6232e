"""Slides as PDF files: check an upload before it is stored. A pure function of the bytes, tested
without the app.

The file is parsed with pypdf: something that is not a PDF, a PDF too damaged to read, one
protected by a password (nobody could open it without asking the speaker) or one without a page
is refused with the reason. The bytes are stored as uploaded: re-writing a PDF could change how
it looks, and it is only ever served as a download (never shown inline by the app).
"""

from __future__ import annotations

import enum
import logging
import re
import unicodedata
import warnings
from io import BytesIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_CONTENT_TYPE = "application/pdf"


class SlidesProblem(enum.StrEnum):
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    NOT_A_PDF = "not_a_pdf"
    ENCRYPTED = "encrypted"
    BROKEN = "broken"
    NO_PAGES = "no_pages"


class SlidesRejected(Exception):
    def __init__(self, problem: SlidesProblem):
        super().__init__(problem.value)
        self.problem = problem


# What pypdf raises on a damaged file besides its own errors (it reads structures it does not trust).
_PARSING_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError)


def check_pdf(data: bytes, max_bytes: int) -> int:
    """The number of pages of an acceptable PDF; ``SlidesRejected`` says what is wrong otherwise."""
    if len(data) > max_bytes:
        raise SlidesRejected(SlidesProblem.TOO_LARGE)
    if not data.strip():
        raise SlidesRejected(SlidesProblem.EMPTY)
    # The header may follow a little garbage (PDF readers look in the first kilobyte).
    if b"%PDF-" not in data[:1024]:
        raise SlidesRejected(SlidesProblem.NOT_A_PDF)
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    # A damaged file makes pypdf warn about every repair it tries: the verdict is all that counts.
    pypdf_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise SlidesRejected(SlidesProblem.ENCRYPTED)
            pages = len(reader.pages)
            for page in reader.pages:  # each page's tree must be readable, not only counted
                page.mediabox  # noqa: B018
    except SlidesRejected:
        raise
    except _PARSING_ERRORS as error:
        raise SlidesRejected(SlidesProblem.BROKEN) from error
    finally:
        pypdf_log.setLevel(level)
    if pages == 0:
        raise SlidesRejected(SlidesProblem.NO_PAGES)
    return pages


_UNSAFE = re.compile(r"[^\w.\- ]+")


def clean_filename(name: str | None, fallback: str = "slides") -> str:
    """A file name safe to show and to send in Content-Disposition: no path, no control or quote
    characters, at most 120 characters, ending in ``.pdf``."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    stem = " ".join(_UNSAFE.sub(" ", stem).split()).strip(" .-") or fallback
    return f"{stem[:116]}.pdf"
