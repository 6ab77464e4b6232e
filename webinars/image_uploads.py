"""The file fields of uploaded images (photos, covers, logos): read the upload, check and
re-encode it (``webinars/images.py``), or tell the user what is wrong with it in their language.

Each kind of image has its own wording (a photo, an image, a logo), so the messages name what the
user was asked for; the reading and the checks are the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms.validators import ValidationError

from webinars.images import MAX_PIXELS, ImageProblem, ImageRejected, ProcessedImage
from webinars.lazy_text import lazy_gettext as _l

# What the browser's file picker offers: the formats ``webinars/images.py`` accepts.
ACCEPTED_TYPES = "image/jpeg,image/png,image/webp"


@dataclass(frozen=True)
class RefusalMessages:
    """What to tell about a refused upload, one text per problem. The texts may use
    ``%(megabytes)s`` (the largest file accepted) and ``%(megapixels)s``."""

    too_large: str
    unsupported_format: str
    too_many_pixels: str
    not_an_image: str
    svg: str | None = None  # for kinds that refuse SVG by name (``name_svg``)

    def for_problem(self, problem: ImageProblem, max_bytes: int) -> str:
        text = {
            ImageProblem.TOO_LARGE: self.too_large,
            ImageProblem.UNSUPPORTED_FORMAT: self.unsupported_format,
            ImageProblem.TOO_MANY_PIXELS: self.too_many_pixels,
            ImageProblem.SVG: self.svg,
        }.get(problem) or self.not_an_image
        # Translated first, formatted after (the lazy texts are created without parameters).
        return str(text) % {
            "megabytes": f"{max_bytes / (1024 * 1024):g}",
            "megapixels": f"{MAX_PIXELS / 1_000_000:g}",
        }


PHOTO_REFUSALS = RefusalMessages(
    too_large=_l("The photo is larger than %(megabytes)s MB. Please send a smaller file."),
    unsupported_format=_l("This image format is not accepted. Please send a JPEG, PNG or WebP photo."),
    too_many_pixels=_l(
        "This image has too many pixels (more than %(megapixels)s megapixels). Please send a smaller photo."
    ),
    not_an_image=_l("This file is not a readable image. Please send a JPEG, PNG or WebP photo."),
)

COVER_REFUSALS = RefusalMessages(
    too_large=_l("The image is larger than %(megabytes)s MB. Please send a smaller file."),
    unsupported_format=_l("This image format is not accepted. Please send a JPEG, PNG or WebP image."),
    too_many_pixels=_l(
        "This image has too many pixels (more than %(megapixels)s megapixels). Please send a smaller image."
    ),
    not_an_image=_l("This file is not a readable image. Please send a JPEG, PNG or WebP image."),
)

LOGO_REFUSALS = RefusalMessages(
    too_large=_l("The logo is larger than %(megabytes)s MB. Please send a smaller file."),
    unsupported_format=_l("This image format is not accepted. Please send a PNG, JPEG or WebP logo."),
    too_many_pixels=_l(
        "This image has too many pixels (more than %(megapixels)s megapixels). Please send a smaller logo."
    ),
    not_an_image=_l("This file is not a readable image. Please send a PNG, JPEG or WebP logo."),
    svg=_l("SVG logos are not accepted: please export your logo as a PNG (transparent background) and send that."),
)


def image_field(label, description, render_kw: dict | None = None) -> FileField:
    """A file field whose picker offers the accepted image formats (``render_kw``: more attributes)."""
    return FileField(label, description=description, render_kw={"accept": ACCEPTED_TYPES, **(render_kw or {})})


def processed_upload(
    field: FileField,
    max_bytes: int,
    process: Callable[[bytes, int], ProcessedImage],
    refusals: RefusalMessages,
) -> ProcessedImage | None:
    """The checked, re-encoded upload of ``field`` (``None`` without a file), or a
    ``ValidationError`` in the user's language saying what is wrong with it."""
    upload = field.data
    if not isinstance(upload, FileStorage) or not upload:  # no file chosen (empty FileStorage is falsy)
        return None
    data = upload.stream.read(max_bytes + 1)  # one byte more than allowed: enough to know it is too large
    try:
        return process(data, max_bytes)
    except ImageRejected as rejected:
        raise ValidationError(refusals.for_problem(rejected.problem, max_bytes)) from rejected
