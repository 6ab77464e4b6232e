"""A speaker's photo cropped to the square the pages show: a pure function of the upload and the
square chosen in the crop preview (static/photo-crop.js), tested without the app.

The checks (type, size, pixels, metadata stripped, turned upright) are those of every photo
(``people.photos.process_photo``, ``webinars/images.py``); the square is cut from its upright result, so what the
preview showed is what is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from PIL import Image

from webinars.images import Encoding, ProcessedImage, encode_jpeg
from webinars.people.photos import MAX_SIDE, process_photo

# Cropping works on a large upright copy, so the square keeps enough pixels once reduced.
WORKING_SIDE = 2048


@dataclass(frozen=True)
class Crop:
    """The square, in fractions of the upright image: left and top edges (of its width and
    height), and the side (of its shorter side)."""

    left: float
    top: float
    size: float

    @classmethod
    def parse(cls, left: str | None, top: str | None, size: str | None) -> Crop | None:
        """From the form's hidden fields; None when absent or not numbers in range (the centre is used)."""
        try:
            values = [float(value) for value in (left, top, size)]
        except (TypeError, ValueError):
            return None
        left_value, top_value, size_value = values
        if not (0 <= left_value < 1 and 0 <= top_value < 1 and 0 < size_value <= 1):
            return None
        return cls(left_value, top_value, size_value)


def crop_photo(data: bytes, max_bytes: int, crop: Crop | None = None, max_side: int = MAX_SIDE) -> ProcessedImage:
    """A JPEG of the chosen square (the centred one without ``crop``), at most ``max_side``
    pixels wide, without metadata. Raises ``webinars.images.ImageRejected``."""
    checked, _content_type = process_photo(data, max_bytes, max_side=WORKING_SIDE)
    with Image.open(BytesIO(checked)) as image:
        image.load()
        width, height = image.size
        box = _square(width, height, crop)
        square = image.crop(box)
    square.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return ProcessedImage(encode_jpeg(square), Encoding.JPEG.content_type)


def _square(width: int, height: int, crop: Crop | None) -> tuple[int, int, int, int]:
    shorter = min(width, height)
    if crop is None:
        left, top, side = (width - shorter) // 2, (height - shorter) // 2, shorter
    else:
        side = max(1, min(shorter, round(crop.size * shorter)))
        left = round(crop.left * width)
        top = round(crop.top * height)
    # Kept inside the image whatever the browser sent.
    left = min(max(0, left), width - side)
    top = min(max(0, top), height - side)
    return left, top, left + side, top + side
