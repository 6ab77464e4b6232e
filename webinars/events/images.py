"""A webinar's cover image and its partners' logos: checked and re-encoded when uploaded.

The checks are those of every uploaded image (``webinars/images.py``); the sizes and formats
particular to covers and partners' logos are here. Pure functions of the uploaded bytes (tested
without the app).

- Covers become a metadata-free JPEG of at most 1600 × 900 pixels (enough for a full-width banner
  on a high-density screen, 150–300 kB), never enlarged.
- Logos keep their transparency: a PNG of at most 480 × 240 pixels. An SVG is refused by name
  (the organizer can export a PNG), as for the organization's own logo.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image

from webinars.images import Encoding, ProcessedImage, encode_jpeg, process_image

COVER_MAX_SIZE = (1600, 900)
# A lighter copy for phones (``srcset``), made from the stored cover when first asked for.
COVER_SMALL_WIDTH = 800
LOGO_MAX_SIZE = (480, 240)


def process_cover(data: bytes, max_bytes: int) -> ProcessedImage:
    """A JPEG fitting ``COVER_MAX_SIZE``, or ``ImageRejected`` saying what is wrong with the file."""
    return process_image(data, max_bytes, max_size=COVER_MAX_SIZE, encoding=Encoding.JPEG)


def smaller_cover(cover: bytes, width: int) -> bytes:
    """The stored cover (already a checked JPEG) at most ``width`` pixels wide, for phones."""
    with Image.open(BytesIO(cover)) as source:
        rgb = source.convert("RGB")
    rgb.thumbnail((width, width), Image.Resampling.LANCZOS)
    return encode_jpeg(rgb)


def process_logo(data: bytes, max_bytes: int) -> ProcessedImage:
    """A PNG fitting ``LOGO_MAX_SIZE`` with transparency kept, or ``ImageRejected``."""
    return process_image(data, max_bytes, max_size=LOGO_MAX_SIZE, encoding=Encoding.PNG, name_svg=True)
