"""Organization logos: check an upload and re-encode it as a small, metadata-free PNG.

Like people's photos (webinars/people/photos.py, whose checks it shares), but PNG rather than
JPEG: logos are drawn, often on a transparent background, and stay sharp at this size. SVG is
refused (a script could ride in it, and PDFs and e-mail clients handle it badly): the organizer
exports a PNG. A pure function of the uploaded bytes, tested without the app.
"""

from __future__ import annotations

import enum
from io import BytesIO

from PIL import Image, ImageOps

from webinars.people.photos import (
    _DECODING_ERRORS,
    _TOO_MANY_PIXELS,
    ACCEPTED_FORMATS,
    MAX_PIXELS,
)

OUTPUT_CONTENT_TYPE = "image/png"
# Big enough for a sharp header on a high-density screen and for a PDF letterhead.
MAX_WIDTH, MAX_HEIGHT = 600, 240


class LogoProblem(enum.StrEnum):
    TOO_LARGE = "too_large"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    SVG = "svg"
    TOO_MANY_PIXELS = "too_many_pixels"


class LogoRejected(Exception):
    def __init__(self, problem: LogoProblem):
        super().__init__(problem.value)
        self.problem = problem


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head


def process_logo(data: bytes, max_bytes: int) -> tuple[bytes, str]:
    """Validate an uploaded PNG/JPEG/WebP and return ``(png_bytes, content_type)``, at most
    ``MAX_WIDTH`` × ``MAX_HEIGHT`` (aspect ratio kept, never enlarged), transparency kept."""
    if len(data) > max_bytes:
        raise LogoRejected(LogoProblem.TOO_LARGE)
    if not data:
        raise LogoRejected(LogoProblem.NOT_AN_IMAGE)
    if _looks_like_svg(data):
        raise LogoRejected(LogoProblem.SVG)
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise LogoRejected(LogoProblem.UNSUPPORTED_FORMAT)
            if probe.width * probe.height > MAX_PIXELS:
                raise LogoRejected(LogoProblem.TOO_MANY_PIXELS)
            probe.verify()
    except _TOO_MANY_PIXELS as error:
        raise LogoRejected(LogoProblem.TOO_MANY_PIXELS) from error
    except _DECODING_ERRORS as error:
        raise LogoRejected(LogoProblem.NOT_AN_IMAGE) from error
    if probe.format == "JPEG" and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise LogoRejected(LogoProblem.NOT_AN_IMAGE)
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = upright.convert("RGBA")
    except _TOO_MANY_PIXELS as error:
        raise LogoRejected(LogoProblem.TOO_MANY_PIXELS) from error
    except _DECODING_ERRORS as error:
        raise LogoRejected(LogoProblem.NOT_AN_IMAGE) from error
    pixels.thumbnail((MAX_WIDTH, MAX_HEIGHT), Image.Resampling.LANCZOS)
    pixels.info = {}
    output = BytesIO()
    pixels.save(output, format="PNG", optimize=True)
    return output.getvalue(), OUTPUT_CONTENT_TYPE
