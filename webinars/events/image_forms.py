"""Forms that upload an image: the webinar's cover, and its partners (name, website, logo).

Each upload is checked and re-encoded while the form validates, so a view only stores the result.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webinars.base_form import Form
from webinars.events.forms import WebURL, none_if_blank, strip
from webinars.events.images import process_cover, process_logo
from webinars.people.photos import MAX_PIXELS, PhotoProblem, PhotoRejected


def image_error(problem: PhotoProblem, max_bytes: int) -> str:
    """What is wrong with an uploaded image (cover, logo), in the organizer's language."""
    if problem is PhotoProblem.TOO_LARGE:
        return _(
            "The image is larger than %(megabytes)s MB. Please send a smaller file.",
            megabytes=f"{max_bytes / (1024 * 1024):g}",
        )
    if problem is PhotoProblem.UNSUPPORTED_FORMAT:
        return _("This image format is not accepted. Please send a JPEG, PNG or WebP image.")
    if problem is PhotoProblem.TOO_MANY_PIXELS:
        return _(
            "This image has too many pixels (more than %(megapixels)s megapixels). Please send a smaller image.",
            megapixels=f"{MAX_PIXELS / 1_000_000:g}",
        )
    return _("This file is not a readable image. Please send a JPEG, PNG or WebP image.")


def processed_upload(field: FileField, max_bytes: int, process) -> tuple[bytes, str] | None:
    """The checked, re-encoded upload of ``field`` (``None`` without a file), or a ValidationError."""
    upload = field.data
    if not isinstance(upload, FileStorage) or not upload:  # no file chosen (empty FileStorage is falsy)
        return None
    data = upload.stream.read(max_bytes + 1)  # one byte more than allowed: enough to know it is too large
    try:
        return process(data, max_bytes)
    except PhotoRejected as rejected:
        raise ValidationError(image_error(rejected.problem, max_bytes)) from rejected


class CoverForm(Form):
    """The cover image of the webinar's public page."""

    cover = FileField(
        _l("Cover image"),
        description=_l("JPEG, PNG or WebP, at most 5 MB; a wide image (1600 × 900 pixels) looks best. It is reduced to web sizes."),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    remove_cover = BooleanField(_l("Remove the cover: show a banner in the organization's colour instead"))

    # Set by validate_cover: (bytes, content type) of the re-encoded image, or None without upload.
    processed_cover: tuple[bytes, str] | None = None

    def validate_cover(self, field: FileField) -> None:
        self.processed_cover = processed_upload(field, current_app.config["MAX_COVER_BYTES"], process_cover)


class PartnerForm(Form):
    name = StringField(
        _l("Partner organization"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the partner's name.")), Length(max=200)],
    )
    website = URLField(
        _l("Website"), filters=[none_if_blank], validators=[Optional(), Length(max=500), WebURL()]
    )
    logo = FileField(
        _l("Logo (optional)"),
        description=_l("PNG, JPEG or WebP, at most 2 MB. Transparency is kept."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )

    processed_logo: tuple[bytes, str] | None = None

    def validate_logo(self, field: FileField) -> None:
        self.processed_logo = processed_upload(field, current_app.config["MAX_PHOTO_BYTES"], process_logo)


class PartnerLogoForm(Form):
    """A logo for a partner already in the list (rendered once per row, prefixed by its id)."""

    logo = FileField(
        _l("Logo"),
        description=_l("PNG, JPEG or WebP, at most 2 MB. Transparency is kept."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )
    remove_logo = BooleanField(_l("Remove the logo"))

    processed_logo: tuple[bytes, str] | None = None

    def validate_logo(self, field: FileField) -> None:
        self.processed_logo = processed_upload(field, current_app.config["MAX_PHOTO_BYTES"], process_logo)
