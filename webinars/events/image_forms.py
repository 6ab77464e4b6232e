"""Forms that upload an image: the webinar's cover, and its partners (name, website, logo).

Each upload is checked and re-encoded while the form validates, so a view only stores the result.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional

from webinars.base_form import Form
from webinars.events.forms import WebURL, none_if_blank, strip
from webinars.events.images import process_cover, process_logo
from webinars.image_uploads import COVER_REFUSALS, LOGO_REFUSALS, image_field, processed_upload
from webinars.images import ProcessedImage


class CoverForm(Form):
    """The cover image of the webinar's public page."""

    cover = image_field(
        _l("Cover image"),
        _l("JPEG, PNG or WebP, at most 5 MB; a wide image (1600 × 900 pixels) looks best. It is reduced to web sizes."),
    )
    remove_cover = BooleanField(_l("Remove the cover: show a banner in the organization's colour instead"))

    # Set by validate_cover: (bytes, content type) of the re-encoded image, or None without upload.
    processed_cover: ProcessedImage | None = None

    def validate_cover(self, field: FileField) -> None:
        self.processed_cover = processed_upload(
            field, current_app.config["MAX_COVER_BYTES"], process_cover, COVER_REFUSALS
        )


def processed_partner_logo(field: FileField) -> ProcessedImage | None:
    """A partner's uploaded logo checked and re-encoded (``None`` without a file), or a ValidationError."""
    return processed_upload(field, current_app.config["MAX_PHOTO_BYTES"], process_logo, LOGO_REFUSALS)


class PartnerForm(Form):
    name = StringField(
        _l("Partner organization"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the partner's name.")), Length(max=200)],
    )
    website = URLField(
        _l("Website"), filters=[none_if_blank], validators=[Optional(), Length(max=500), WebURL()]
    )
    logo = image_field(_l("Logo (optional)"), _l("PNG, JPEG or WebP, at most 2 MB. Transparency is kept."))

    processed_logo: ProcessedImage | None = None

    def validate_logo(self, field: FileField) -> None:
        self.processed_logo = processed_partner_logo(field)


class PartnerLogoForm(Form):
    """A logo for a partner already in the list (rendered once per row, prefixed by its id)."""

    logo = image_field(_l("Logo"), _l("PNG, JPEG or WebP, at most 2 MB. Transparency is kept."))
    remove_logo = BooleanField(_l("Remove the logo"))

    processed_logo: ProcessedImage | None = None

    def validate_logo(self, field: FileField) -> None:
        self.processed_logo = processed_partner_logo(field)
