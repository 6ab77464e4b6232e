"""Forms of speaker spaces: the speaker's answer, profile, slides and time zone; the organizer's
logistics (speakers' join link, rehearsal), reviews and uploads."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField, TimeField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webinars import wall_times
from webinars.base_form import Form
from webinars.events.forms import TIME_FORMATS, HttpsURL, none_if_blank, strip
from webinars.events.models import Webinar
from webinars.image_uploads import PHOTO_REFUSALS, image_field, processed_upload
from webinars.people.forms import BIO_MAX_LENGTH, WebLinks, _one_link_per_line
from webinars.people.service import Photo
from webinars.speakers.pdf_files import SlidesProblem, SlidesRejected, check_pdf, clean_filename
from webinars.speakers.photo_crop import Crop, crop_photo
from webinars.speakers.profiles import ProfileDetails
from webinars.timezones import available_zones, is_valid_zone

class AnswerForm(Form):
    """Accept (no field) or decline (an optional reason for the organizer)."""

    reason = TextAreaField(
        _l("A word for the organizer (optional)"), filters=[strip], validators=[Optional(), Length(max=1000)]
    )


class ProfileForm(Form):
    full_name = StringField(_l("Full name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    position = StringField(
        _l("Position"), filters=[strip], validators=[Optional(), Length(max=200)],
        description=_l("For example: Directeur général"),
    )
    affiliation = StringField(_l("Organization"), filters=[strip], validators=[Optional(), Length(max=200)])
    bio = TextAreaField(
        _l("Biography in French"), filters=[strip], validators=[Optional(), Length(max=BIO_MAX_LENGTH)],
        description=_l("Plain text, at most 1000 characters. Write it in French, in English, or in both."),
    )
    bio_en = TextAreaField(
        _l("Biography in English"), filters=[strip], validators=[Optional(), Length(max=BIO_MAX_LENGTH)]
    )
    links = TextAreaField(
        _l("Links"), filters=[_one_link_per_line], validators=[Optional(), WebLinks()],
        description=_l("Your website, LinkedIn...: one address per line, five at most."),
    )
    photo = image_field(
        _l("Photo"),
        _l("JPEG, PNG or WebP, at most 2 MB. Choose the square that will be shown."),
        render_kw={"data-crop-preview": "photo-crop"},
    )
    # The square chosen in the preview (static/photo-crop.js), in fractions of the photo; without
    # them (no JavaScript) the centred square is kept.
    crop_left = HiddenField()
    crop_top = HiddenField()
    crop_size = HiddenField()
    remove_photo = BooleanField(_l("Remove my photo"))

    processed_photo: Photo | None = None

    def validate_photo(self, field: FileField) -> None:
        self.processed_photo = None
        crop = Crop.parse(self.crop_left.data, self.crop_top.data, self.crop_size.data)
        image = processed_upload(
            field,
            current_app.config["MAX_PHOTO_BYTES"],
            lambda data, max_bytes: crop_photo(data, max_bytes, crop),
            PHOTO_REFUSALS,
        )
        if image is not None:
            self.processed_photo = Photo(content=image.content, content_type=image.content_type)

    def details(self) -> ProfileDetails:
        return ProfileDetails(
            full_name=self.full_name.data,
            position=self.position.data or None,
            affiliation=self.affiliation.data or None,
            bio=self.bio.data or None,
            bio_en=self.bio_en.data or None,
            links=self.links.data or None,
        )

    @staticmethod
    def initial_data(details: ProfileDetails) -> dict:
        return {
            "full_name": details.full_name,
            "position": details.position,
            "affiliation": details.affiliation,
            "bio": details.bio,
            "bio_en": details.bio_en,
            "links": details.links,
        }


def _slides_error(problem: SlidesProblem, max_bytes: int) -> str:
    if problem is SlidesProblem.TOO_LARGE:
        return _("The file is larger than %(megabytes)s MB. Please send a smaller PDF.", megabytes=f"{max_bytes / (1024 * 1024):g}")
    if problem is SlidesProblem.EMPTY:
        return _("The file is empty.")
    if problem is SlidesProblem.NOT_A_PDF:
        return _("This file is not a PDF. Export your slides as PDF and send that file.")
    if problem is SlidesProblem.ENCRYPTED:
        return _("This PDF is protected by a password. Export it again without protection.")
    if problem is SlidesProblem.NO_PAGES:
        return _("This PDF has no page.")
    return _("This PDF is damaged and cannot be read. Export it again and send the new file.")


class SlidesForm(Form):
    slides = FileField(
        _l("Slides (PDF)"),
        render_kw={"accept": "application/pdf,.pdf"},
    )

    checked_pdf: bytes | None = None
    page_count: int = 0
    filename: str = ""

    def validate_slides(self, field: FileField) -> None:
        upload = field.data
        if not isinstance(upload, FileStorage) or not upload:
            raise ValidationError(_("Choose the PDF file of your slides."))
        max_bytes = current_app.config["MAX_SLIDES_BYTES"]
        data = upload.stream.read(max_bytes + 1)
        try:
            self.page_count = check_pdf(data, max_bytes)
        except SlidesRejected as rejected:
            raise ValidationError(_slides_error(rejected.problem, max_bytes)) from rejected
        self.checked_pdf = data
        self.filename = clean_filename(upload.filename)


class TimezoneForm(Form):
    timezone = SelectField(_l("Your time zone"), validate_choice=False, validators=[Optional()])

    def validate_timezone(self, field) -> None:
        if field.data and not is_valid_zone(field.data):
            raise ValidationError(_("Unknown time zone. Choose one from the list, e.g. Europe/Paris."))

    def set_choices(self) -> None:
        self.timezone.choices = [("", _("The webinar's time zone"))] + [(zone, zone) for zone in available_zones()]


class PublicSlidesForm(Form):
    public = BooleanField(_l("Public on the summary"))


class LogisticsForm(Form):
    """The speakers' join link and the rehearsal, in the webinar's time zone."""

    speakers_join_url = URLField(
        _l("Speakers' join link"),
        filters=[none_if_blank],
        validators=[Optional(), Length(max=1000), HttpsURL()],
        description=_l("The address the moderator and speakers use (a panelist link). Without it they get the attendees' link."),
    )
    rehearsal_day = DateField(_l("Rehearsal date"), validators=[Optional()])
    rehearsal_start = TimeField(_l("Rehearsal start"), format=TIME_FORMATS, validators=[Optional()])
    rehearsal_end = TimeField(_l("Rehearsal end"), format=TIME_FORMATS, validators=[Optional()])
    rehearsal_start_fold = StringField()
    rehearsal_end_fold = StringField()

    rehearsal: tuple[datetime, datetime] | None = None

    def __init__(self, *args, webinar: Webinar, **kwargs):
        super().__init__(*args, **kwargs)
        self.webinar = webinar

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        self.rehearsal = None
        values = (self.rehearsal_day.data, self.rehearsal_start.data, self.rehearsal_end.data)
        if not any(values):
            return True  # no rehearsal
        if not all(values):
            self.rehearsal_day.errors.append(_("Give the rehearsal's date, start and end, or leave all three empty."))
            return False
        zone_name = self.webinar.timezone
        instants = []
        for field, fold in ((self.rehearsal_start, self.rehearsal_start_fold), (self.rehearsal_end, self.rehearsal_end_fold)):
            try:
                instants.append(wall_times.resolve(self.rehearsal_day.data, field.data, zone_name, fold.data))
            except wall_times.WallTimeProblem as problem:
                field.errors.append(problem.message)
        if len(instants) < 2:
            return False
        starts, ends = instants
        if ends <= starts:
            self.rehearsal_end.errors.append(_("The end must be after the start, on the same day."))
            return False
        if starts >= self.webinar.starts_at:
            self.rehearsal_day.errors.append(_("The rehearsal must start before the webinar."))
            return False
        self.rehearsal = (starts, ends)
        return True

    def instant_choices(self) -> dict[str, list[wall_times.InstantChoice]]:
        choices = {}
        for field in (self.rehearsal_start, self.rehearsal_end):
            found = wall_times.instant_choices(self.rehearsal_day.data, field.data, self.webinar.timezone)
            if found:
                choices[field.name] = found
        return choices

    @staticmethod
    def initial_data(webinar: Webinar) -> dict:
        data: dict = {"speakers_join_url": webinar.speakers_join_url}
        if webinar.rehearsal_starts_at and webinar.rehearsal_ends_at:
            zone_name = webinar.timezone
            starts = wall_times.naive_local(webinar.rehearsal_starts_at, zone_name)
            ends = wall_times.naive_local(webinar.rehearsal_ends_at, zone_name)
            data.update(
                rehearsal_day=starts.date(),
                rehearsal_start=starts.time(),
                rehearsal_end=ends.time(),
                rehearsal_start_fold=wall_times.fold_of(webinar.rehearsal_starts_at, zone_name),
                rehearsal_end_fold=wall_times.fold_of(webinar.rehearsal_ends_at, zone_name),
            )
        return data
