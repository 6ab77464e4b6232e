"""Portrait photos: an upload checked and re-encoded to a small, metadata-free JPEG.

The checks are those of every uploaded image (``webinars/images.py``); what is particular to
photos is here. A pure function of the uploaded bytes, tested without the app.

Why JPEG rather than WebP: the photo also goes where WebP is not welcome
everywhere (e-mails to attendees, printed programmes rendered to PDF, old
mail clients), portraits need no transparency, and at 512 px a quality-85
JPEG is already small (30–60 kB). One format everywhere keeps things simple.
"""

from __future__ import annotations

from webinars.images import Encoding, ProcessedImage, process_image

MAX_SIDE = 512


def process_photo(data: bytes, max_bytes: int, max_side: int = MAX_SIDE) -> ProcessedImage:
    """The uploaded JPEG/PNG/WebP as a JPEG at most ``max_side`` pixels on each side (aspect
    ratio kept, never enlarged), upright, without metadata; or ``ImageRejected`` saying why."""
    return process_image(data, max_bytes, max_size=(max_side, max_side), encoding=Encoding.JPEG)
