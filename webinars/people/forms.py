"""Forms for the people library and a webinar's line-up."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from webinars.base_form import Form
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from webinars.events.forms import has_scheme
from webinars.image_uploads import PHOTO_REFUSALS, image_field, processed_upload
from webinars.mail.addresses import MailableEmail
from webinars.people.models import ROLE_LABELS, ParticipationRole, Person
from webinars.people.photos import process_photo
from webinars.people.service import PersonDetails, Photo

BIO_MAX_LENGTH = 1000


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value: str | None) -> str | None:
    return value or None


MAX_LINKS = 5


def _one_link_per_line(value: str | None) -> str | None:
    if not isinstance(value, str):
        return value
    return "\n".join(line.strip() for line in value.splitlines() if line.strip()) or None


class WebLinks:
    """Up to five web addresses, one per line, each starting with https:// or http://."""

    def __call__(self, form, field) -> None:
        lines = (field.data or "").splitlines()
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Five links at most."))
        for line in lines:
            if len(line) > 500 or not has_scheme(line, {"https", "http"}):
                raise ValidationError(
                    _(
                        "“%(link)s” is not a web address: write one full address per line, starting with https://.",
                        link=line[:80],
                    )
                )


class PersonForm(Form):
    full_name = StringField(_l("Full name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    position = StringField(
        _l("Position"),
        filters=[_strip],
        validators=[Optional(), Length(max=200)],
        description=_l("For example: Directeur général"),
    )
    affiliation = StringField(
        _l("Organization"),
        filters=[_strip],
        validators=[Optional(), Length(max=200)],
        description=_l("The organization this person belongs to, as it should appear on the programme."),
    )
    email = EmailField(
        _l("E-mail"),
        filters=[_strip],
        validators=[Optional(), Length(max=320), MailableEmail()],
        description=_l("Private: never shown on public pages."),
    )
    bio = TextAreaField(
        _l("Biography in French"),
        filters=[_strip],
        validators=[Optional(), Length(max=BIO_MAX_LENGTH)],
        description=_l("Plain text, at most 1000 characters."),
    )
    bio_en = TextAreaField(
        _l("Biography in English"), filters=[_strip], validators=[Optional(), Length(max=BIO_MAX_LENGTH)]
    )
    links = TextAreaField(
        _l("Links"),
        filters=[_one_link_per_line],
        validators=[Optional(), WebLinks()],
        description=_l("Website, LinkedIn...: one address per line, five at most."),
    )
    photo = image_field(_l("Photo"), _l("JPEG, PNG or WebP, at most 2 MB. It is reduced to 512 × 512 pixels."))

    # Set by validate_photo: the checked, re-encoded photo, or None without upload.
    processed_photo: Photo | None = None

    def validate_photo(self, field: FileField) -> None:
        self.processed_photo = None
        image = processed_upload(field, current_app.config["MAX_PHOTO_BYTES"], process_photo, PHOTO_REFUSALS)
        if image is not None:
            self.processed_photo = Photo(content=image.content, content_type=image.content_type)

    def details(self) -> PersonDetails:
        return PersonDetails(
            full_name=self.full_name.data,
            position=_blank_to_none(self.position.data),
            affiliation=_blank_to_none(self.affiliation.data),
            email=_blank_to_none(self.email.data),
            bio=_blank_to_none(self.bio.data),
            bio_en=_blank_to_none(self.bio_en.data),
            links=_blank_to_none(self.links.data),
        )


class EditPersonForm(PersonForm):
    remove_photo = BooleanField(_l("Remove the current photo"))


def initial_data(person: Person) -> dict[str, str | None]:
    """The person's current details for an edit form (never the photo's bytes)."""
    return {
        "full_name": person.full_name,
        "position": person.position,
        "affiliation": person.affiliation,
        "email": person.email,
        "bio": person.bio,
        "bio_en": person.bio_en,
        "links": person.links,
    }


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, label) for role, label in ROLE_LABELS.items()]


class AddParticipantForm(Form):
    """An existing person of the organization, with a role in this webinar."""

    # Choices are the organization's people not yet in the line-up (set by the
    # view); the service checks the id again, so the choice list is not trusted.
    person_id = SelectField(_l("Person"), coerce=int, validate_choice=False, validators=[InputRequired()])
    role = SelectField(
        _l("Role"), choices=_role_choices, coerce=ParticipationRole, default=ParticipationRole.SPEAKER.value
    )
    invite = BooleanField(_l("Invite them by e-mail: they accept or decline in their speaker space"))


class NewParticipantForm(PersonForm):
    """A new person for the library, put in the line-up in the same step (rendered with prefix 'new')."""

    role = SelectField(
        _l("Role"), choices=_role_choices, coerce=ParticipationRole, default=ParticipationRole.SPEAKER.value
    )
    invite = BooleanField(_l("Invite them by e-mail: they accept or decline in their speaker space"))
