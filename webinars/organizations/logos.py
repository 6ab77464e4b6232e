"""Organization logos: an upload checked and re-encoded as a small, metadata-free PNG.

The checks are those of every uploaded image (``webinars/images.py``); what is particular to
organization logos is here. PNG rather than JPEG: logos are drawn, often on a transparent
background, and stay sharp at this size. SVG is refused by name (a script could ride in it, and
PDFs and e-mail clients handle it badly): the organizer exports a PNG. A pure function of the
uploaded bytes, tested without the app.
"""

from __future__ import annotations

from webinars.images import Encoding, ProcessedImage, process_image

# Big enough for a sharp header on a high-density screen and for a PDF letterhead.
MAX_WIDTH, MAX_HEIGHT = 600, 240


def process_logo(data: bytes, max_bytes: int) -> ProcessedImage:
    """The uploaded PNG/JPEG/WebP as a PNG at most ``MAX_WIDTH`` × ``MAX_HEIGHT`` (aspect ratio
    kept, never enlarged), transparency kept; or ``ImageRejected`` saying why."""
    return process_image(data, max_bytes, max_size=(MAX_WIDTH, MAX_HEIGHT), encoding=Encoding.PNG, name_svg=True)
