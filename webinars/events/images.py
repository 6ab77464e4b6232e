"""A webinar's cover image and its partners' logos: checked and re-encoded when uploaded.

Pure functions of the uploaded bytes (tested without the app). The checks are those of people's
photos (``webinars.people.photos``): size, format, pixel count, damaged files.

- Covers become a metadata-free JPEG of at most 1600 × 900 pixels (enough for a full-width banner
  on a high-density screen, 150–300 kB), never enlarged.
- Logos keep their transparency: a PNG of at most 480 × 240 pixels.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image

from webinars.people.photos import decode_upload, encode_jpeg, flatten_to_rgb

COVER_MAX_SIZE = (1600, 900)
# A lighter copy for phones (``srcset``), made from the stored cover when first asked for.
COVER_SMALL_WIDTH = 800
LOGO_MAX_SIZE = (480, 240)


def process_cover(data: bytes, max_bytes: int) -> tuple[bytes, str]:
    """``(jpeg_bytes, "image/jpeg")``, or ``PhotoRejected`` saying what is wrong with the file."""
    rgb = flatten_to_rgb(decode_upload(data, max_bytes))
    rgb.thumbnail(COVER_MAX_SIZE, Image.Resampling.LANCZOS)
    return encode_jpeg(rgb), "image/jpeg"


def smaller_cover(cover: bytes, width: int) -> bytes:
    """The stored cover (already a checked JPEG) at most ``width`` pixels wide, for phones."""
    with Image.open(BytesIO(cover)) as source:
        rgb = source.convert("RGB")
    rgb.thumbnail((width, width), Image.Resampling.LANCZOS)
    return encode_jpeg(rgb)


def process_logo(data: bytes, max_bytes: int) -> tuple[bytes, str]:
    """``(png_bytes, "image/png")`` with transparency kept, or ``PhotoRejected``."""
    image = decode_upload(data, max_bytes)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    converted = image.convert("RGBA" if has_alpha else "RGB")
    converted.thumbnail(LOGO_MAX_SIZE, Image.Resampling.LANCZOS)
    converted.info = {}
    output = BytesIO()
    converted.save(output, format="PNG", optimize=True)
    return output.getvalue(), "image/png"
