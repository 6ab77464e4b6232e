"""The owners' settings form: shape only (lengths, formats, choices); the service applies them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webinars.base_form import Form
from webinars.events.forms import LANGUAGE_CHOICES, has_scheme
from webinars.image_uploads import LOGO_REFUSALS, image_field, processed_upload
from webinars.images import ProcessedImage
from webinars.lazy_text import lazy_gettext as _l
from webinars.mail.addresses import MailableEmail
from webinars.organizations.colours import DEFAULT_BRAND, normalized
from webinars.organizations.countries import hidden_countries
from webinars.organizations.logos import process_logo
from webinars.registration.countries import country_choices
from webinars.timezones import is_valid_zone

NOTICE_MAX_LENGTH = 10_000
DESCRIPTION_MAX_LENGTH = 5_000
RETENTION_MONTHS_RANGE = (1, 120)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value):
    return value or None


@dataclass(frozen=True)
class OrganizationSettings:
    name: str
    short_name: str | None
    description: str
    brand_color: str | None
    website: str | None
    contact_email: str | None
    postal_address: str | None
    country: str | None
    default_language: str
    timezone: str
    sender_name: str | None
    privacy_notice_fr: str | None
    privacy_notice_en: str | None
    retention_months: int
    hidden_countries: frozenset[str]


class CheckboxGroupField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganizationSettingsForm(Form):
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    short_name = StringField(
        _l("Short name"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=60)],
        description=_l("Used where space is short (a phone's header), for example: APEBI."),
    )
    description = TextAreaField(
        _l("Description"),
        filters=[_strip],
        validators=[Optional(), Length(max=DESCRIPTION_MAX_LENGTH)],
        description=_l("Shown on the organization's public page. Markdown: **bold**, *italics*, lists, links."),
    )
    logo = image_field(
        _l("Logo"),
        _l("PNG (ideally with a transparent background), JPEG or WebP; SVG is not accepted. It is resized to fit 600 × 240 pixels."),
    )
    remove_logo = BooleanField(_l("Remove the current logo"))
    brand_color = StringField(
        _l("Brand colour"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=7)],
        description=_l("The header's, buttons' and links' colour, e.g. #1f5fbf. White text must be readable on it: a colour too light is darkened."),
        render_kw={"type": "color"},
    )
    website = StringField(
        _l("Website"), filters=[_strip, _blank_to_none], validators=[Optional(), Length(max=500)]
    )
    contact_email = EmailField(
        _l("Contact e-mail"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=320), MailableEmail()],
        description=_l("Public: shown on the organization's page and in the privacy notice."),
    )
    postal_address = TextAreaField(
        _l("Postal address"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=500)],
        description=_l("Printed on the letterhead of agreements and summaries, and at the foot of e-mails."),
    )
    country = SelectField(_l("Country"), validate_choice=False, filters=[_blank_to_none])
    default_language = SelectField(
        _l("Default language of new webinars"), choices=LANGUAGE_CHOICES, default="fr"
    )
    timezone = StringField(
        _l("Default time zone of new webinars"),
        filters=[_strip],
        validators=[DataRequired(_l("Choose a time zone.")), Length(max=64)],
        description=_l("For example Africa/Casablanca. Start typing to search."),
    )
    sender_name = StringField(
        _l("Sender name of e-mails"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=200)],
        description=_l("The name registrants see in their inbox; the organization's name when empty."),
    )
    privacy_notice_fr = TextAreaField(
        _l("Privacy notice in French"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=NOTICE_MAX_LENGTH)],
        description=_l("Shown beside the consent box of registration forms, in Markdown. When empty, a notice is written from the retention period below."),
    )
    privacy_notice_en = TextAreaField(
        _l("Privacy notice in English"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=NOTICE_MAX_LENGTH)],
    )
    retention_months = IntegerField(
        _l("Months registrants' data is kept after each webinar"),
        validators=[
            InputRequired(_l("Give a number of months.")),
            NumberRange(*RETENTION_MONTHS_RANGE, message=_l("Between 1 and 120 months.")),
        ],
        description=_l("Then names, e-mail addresses and answers are anonymized; your privacy notice must say the same."),
    )
    hidden_countries = CheckboxGroupField(
        _l("Countries not offered on registration forms"), validate_choice=False, coerce=str
    )

    # Set by validate_logo: the checked, re-encoded logo, or None without upload.
    processed_logo: ProcessedImage | None = None

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        countries = country_choices(language)
        self.country.choices = [SelectChoice("", _l("Not set")), *(SelectChoice(code, name) for code, name in countries)]
        self.hidden_countries.choices = [SelectChoice(code, name) for code, name in countries]

    def validate_country(self, field) -> None:
        if field.data and field.data not in {code for code, _name in country_choices("en")}:
            raise ValidationError(_l("Choose a country from the list."))

    def validate_hidden_countries(self, field) -> None:
        known = {code for code, _name in country_choices("en")}
        if any(code not in known for code in field.data or []):
            raise ValidationError(_l("Choose among the options offered."))

    def validate_default_language(self, field) -> None:
        if field.data not in {choice.value for choice in LANGUAGE_CHOICES}:
            raise ValidationError(_l("Choose among the options offered."))

    def validate_brand_color(self, field) -> None:
        if field.data and normalized(field.data) is None:
            raise ValidationError(_l("Write the colour as # followed by six hexadecimal digits, e.g. #1f5fbf."))

    def validate_website(self, field) -> None:
        if field.data and not has_scheme(field.data, {"https", "http"}):
            raise ValidationError(_l("Write the full address, starting with https://."))

    def validate_timezone(self, field) -> None:
        if not is_valid_zone(field.data):
            raise ValidationError(_l("Unknown time zone. Choose one from the list, e.g. Africa/Casablanca."))

    def validate_logo(self, field: FileField) -> None:
        self.processed_logo = processed_upload(field, current_app.config["MAX_PHOTO_BYTES"], process_logo, LOGO_REFUSALS)

    def settings(self) -> OrganizationSettings:
        return OrganizationSettings(
            name=self.name.data,
            short_name=self.short_name.data,
            description=self.description.data or "",
            brand_color=normalized(self.brand_color.data) if self.brand_color.data else None,
            website=self.website.data,
            contact_email=self.contact_email.data,
            postal_address=self.postal_address.data,
            country=self.country.data or None,
            default_language=self.default_language.data,
            timezone=self.timezone.data,
            sender_name=self.sender_name.data,
            privacy_notice_fr=self.privacy_notice_fr.data,
            privacy_notice_en=self.privacy_notice_en.data,
            retention_months=self.retention_months.data,
            hidden_countries=frozenset(self.hidden_countries.data or []),
        )


def settings_form_data(organization) -> dict:
    return {
        "name": organization.name,
        "short_name": organization.short_name,
        "description": organization.description,
        "brand_color": organization.brand_color or DEFAULT_BRAND,
        "website": organization.website,
        "contact_email": organization.contact_email,
        "postal_address": organization.postal_address,
        "country": organization.country or "",
        "default_language": organization.default_language,
        "timezone": organization.timezone,
        "sender_name": organization.sender_name,
        "privacy_notice_fr": organization.privacy_notice_fr,
        "privacy_notice_en": organization.privacy_notice_en,
        "retention_months": organization.retention_months,
        "hidden_countries": sorted(hidden_countries(organization)),
    }
