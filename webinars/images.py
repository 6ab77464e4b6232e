"""Every image people upload (photos, webinar covers, partner and organization logos): checked
and re-encoded, without metadata, at most a given size.

One set of checks for all of them: file size, format (JPEG, PNG or WebP), pixel count, damaged
or truncated files. What differs from one kind of image to another (the largest size, JPEG or
PNG, naming SVG files) is a parameter given by its own module: ``people/photos.py``,
``events/images.py``, ``organizations/logos.py``. Pure functions of the uploaded bytes, tested
without the app; what to tell the user about a refused file is in ``webinars/image_uploads.py``.
"""

from __future__ import annotations

import enum
from io import BytesIO
from typing import NamedTuple

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# A 2 MB file can still declare a gigantic canvas (a "decompression bomb");
# refuse before decoding anything that large. 40 MP covers any real camera.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85


class Encoding(enum.Enum):
    """What an upload is stored as."""

    # Photos and covers: no transparency needed, small files that every mail client and PDF takes.
    JPEG = "image/jpeg"
    # Logos: drawn, often on a transparent background, sharp at small sizes.
    PNG = "image/png"

    @property
    def content_type(self) -> str:
        return self.value


class ImageProblem(enum.StrEnum):
    TOO_LARGE = "too_large"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    SVG = "svg"
    TOO_MANY_PIXELS = "too_many_pixels"


class ImageRejected(Exception):
    """The upload cannot be used; ``problem`` says why."""

    def __init__(self, problem: ImageProblem):
        super().__init__(problem.value)
        self.problem = problem


class ProcessedImage(NamedTuple):
    """A checked, re-encoded upload (a tuple, so ``content, content_type = image`` works too)."""

    content: bytes
    content_type: str


# Everything Pillow raises on a damaged or foreign file.
_DECODING_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)
# Pillow's own refusal of a gigantic canvas, when opening it (an error past twice its
# ``Image.MAX_IMAGE_PIXELS``, a warning before that, which may be set to raise): too many pixels,
# not an unreadable file. Caught before the decoding errors.
_TOO_MANY_PIXELS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


def process_image(
    data: bytes, max_bytes: int, *, max_size: tuple[int, int], encoding: Encoding, name_svg: bool = False
) -> ProcessedImage:
    """The upload checked and re-encoded, or ``ImageRejected`` saying what is wrong with it.

    The result fits in ``max_size`` (width, height; aspect ratio kept, never enlarged), is
    turned upright according to its EXIF orientation and carries no metadata (EXIF, GPS
    position, comments). JPEG flattens transparency onto white; PNG keeps it. With
    ``name_svg``, an SVG file is refused as such (``ImageProblem.SVG``) rather than as an
    unreadable image: for logos, which people often have as SVG and can export as PNG.
    """
    image = decode_upload(data, max_bytes, name_svg=name_svg)
    pixels = flatten_to_rgb(image) if encoding is Encoding.JPEG else image.convert("RGBA")
    pixels.thumbnail(max_size, Image.Resampling.LANCZOS)
    content = encode_jpeg(pixels) if encoding is Encoding.JPEG else encode_png(pixels)
    return ProcessedImage(content, encoding.content_type)


def decode_upload(data: bytes, max_bytes: int, *, name_svg: bool = False) -> Image.Image:
    """The uploaded JPEG/PNG/WebP decoded and turned upright, or ``ImageRejected`` saying why."""
    if len(data) > max_bytes:
        raise ImageRejected(ImageProblem.TOO_LARGE)
    if not data:
        raise ImageRejected(ImageProblem.NOT_AN_IMAGE)
    if name_svg and _looks_like_svg(data):
        raise ImageRejected(ImageProblem.SVG)

    # First pass: identify and verify the file's structure without decoding it.
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageRejected(ImageProblem.UNSUPPORTED_FORMAT)
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected(ImageProblem.TOO_MANY_PIXELS)
            probe.verify()
    except _TOO_MANY_PIXELS as error:
        raise ImageRejected(ImageProblem.TOO_MANY_PIXELS) from error
    except _DECODING_ERRORS as error:
        raise ImageRejected(ImageProblem.NOT_AN_IMAGE) from error

    # A truncated JPEG passes verify(), and Pillow decodes it without a word
    # whenever ImageFile.LOAD_TRUNCATED_IMAGES is set — which WeasyPrint does,
    # process-wide, when it is imported. So check the end-of-image marker here.
    if probe.format == "JPEG" and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise ImageRejected(ImageProblem.NOT_AN_IMAGE)

    # verify() leaves the image unusable and does not decode pixel data, so
    # decode fully from a fresh handle.
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.load()
            return upright
    except _TOO_MANY_PIXELS as error:
        raise ImageRejected(ImageProblem.TOO_MANY_PIXELS) from error
    except _DECODING_ERRORS as error:
        raise ImageRejected(ImageProblem.NOT_AN_IMAGE) from error


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head


def encode_jpeg(rgb: Image.Image) -> bytes:
    """A metadata-free progressive JPEG of an RGB image."""
    # Pillow writes some metadata (a JPEG comment, for one) from ``info`` by
    # default, and converted images inherit the source's: empty it, and pass no
    # exif=/icc_profile= arguments, so the saved file carries no metadata.
    rgb.info = {}
    output = BytesIO()
    rgb.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue()


def encode_png(image: Image.Image) -> bytes:
    """A metadata-free PNG (transparency kept)."""
    image.info = {}
    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
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
