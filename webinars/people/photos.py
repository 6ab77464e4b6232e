"""Portrait photos: check an upload and re-encode it to a small, metadata-free JPEG.

A pure function of the uploaded bytes, so it is tested without the app.

Why JPEG rather than WebP: the photo also goes where WebP is not welcome
everywhere (e-mails to attendees, printed programmes rendered to PDF, old
mail clients), portraits need no transparency, and at 512 px a quality-85
JPEG is already small (30–60 kB). One format everywhere keeps things simple.
"""

from __future__ import annotations

import enum
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
OUTPUT_CONTENT_TYPE = "image/jpeg"
MAX_SIDE = 512
# A 2 MB file can still declare a gigantic canvas (a "decompression bomb");
# refuse before decoding anything that large. 40 MP covers any real camera.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85


class PhotoProblem(enum.StrEnum):
    TOO_LARGE = "too_large"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TOO_MANY_PIXELS = "too_many_pixels"


class PhotoRejected(Exception):
    """The upload cannot be used as a photo; ``problem`` says why."""

    def __init__(self, problem: PhotoProblem):
        super().__init__(problem.value)
        self.problem = problem


# Everything Pillow raises on a damaged or foreign file.
_DECODING_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)
# Pillow's own refusal of a gigantic canvas, when opening it (an error past twice its
# ``Image.MAX_IMAGE_PIXELS``, a warning before that, which may be set to raise): too many pixels,
# not an unreadable file. Caught before the decoding errors.
_TOO_MANY_PIXELS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


def process_photo(data: bytes, max_bytes: int, max_side: int = MAX_SIDE) -> tuple[bytes, str]:
    """Validate an uploaded JPEG/PNG/WebP and return ``(jpeg_bytes, content_type)``.

    The result is at most ``max_side`` pixels on each side (aspect ratio kept,
    never enlarged), turned upright according to its EXIF orientation, with
    every piece of metadata (EXIF, GPS position, comments) dropped.
    """
    rgb = flatten_to_rgb(decode_upload(data, max_bytes))
    rgb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return encode_jpeg(rgb), OUTPUT_CONTENT_TYPE


def decode_upload(data: bytes, max_bytes: int) -> Image.Image:
    """The uploaded JPEG/PNG/WebP decoded and turned upright, or ``PhotoRejected`` saying why.

    Shared by every image people upload (photos, webinar covers, partner logos)."""
    if len(data) > max_bytes:
        raise PhotoRejected(PhotoProblem.TOO_LARGE)
    if not data:
        raise PhotoRejected(PhotoProblem.NOT_AN_IMAGE)

    # First pass: identify and verify the file's structure without decoding it.
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoRejected(PhotoProblem.UNSUPPORTED_FORMAT)
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRejected(PhotoProblem.TOO_MANY_PIXELS)
            probe.verify()
    except _TOO_MANY_PIXELS as error:
        raise PhotoRejected(PhotoProblem.TOO_MANY_PIXELS) from error
    except _DECODING_ERRORS as error:
        raise PhotoRejected(PhotoProblem.NOT_AN_IMAGE) from error

    # A truncated JPEG passes verify(), and Pillow decodes it without a word
    # whenever ImageFile.LOAD_TRUNCATED_IMAGES is set — which WeasyPrint does,
    # process-wide, when it is imported. So check the end-of-image marker here.
    if probe.format == "JPEG" and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise PhotoRejected(PhotoProblem.NOT_AN_IMAGE)

    # verify() leaves the image unusable and does not decode pixel data, so
    # decode fully from a fresh handle.
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.load()
            return upright
    except _TOO_MANY_PIXELS as error:
        raise PhotoRejected(PhotoProblem.TOO_MANY_PIXELS) from error
    except _DECODING_ERRORS as error:
        raise PhotoRejected(PhotoProblem.NOT_AN_IMAGE) from error


def encode_jpeg(rgb: Image.Image) -> bytes:
    """A metadata-free progressive JPEG of an RGB image."""
    # Pillow writes some metadata (a JPEG comment, for one) from ``info`` by
    # default, and converted images inherit the source's: empty it, and pass no
    # exif=/icc_profile= arguments, so the saved file carries no metadata.
    rgb.info = {}
    output = BytesIO()
    rgb.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue()


def flatten_to_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent areas become white rather than black."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if not has_alpha:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
