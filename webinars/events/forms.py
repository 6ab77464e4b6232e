"""Forms of the organizer's webinar pages: they check shape and turn local times into UTC."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask import current_app
from flask_wtf.file import FileField
from webinars.base_form import Form, SubForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webinars.events.images import process_cover, process_logo
from webinars.image_uploads import COVER_REFUSALS, LOGO_REFUSALS, image_field, processed_upload
from webinars.images import ProcessedImage
from webinars.events.models import Language
from webinars.events.reminders import LONGEST_REMINDER, MAX_REMINDERS, ReminderUnit, as_amount_and_unit
from webinars.events.service import WebinarDetails
from webinars import wall_times
from webinars.timezones import is_valid_zone

# Language names are written in their own language, so they are the same on
# the French and the English page.
LANGUAGE_CHOICES = [SelectChoice(Language.FR.value, "Français"), SelectChoice(Language.EN.value, "English")]

# Browsers send seconds too when an input has a ``step`` below a minute.
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def has_scheme(url: str, schemes: set[str]) -> bool:
    """A well-formed absolute URL with one of ``schemes`` and a host, without spaces."""
    if any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(parts.hostname)


class HttpsURL:
    message = _l("Enter a full https:// address, for example https://meet.example.org/room.")

    def __call__(self, form, field) -> None:
        if field.data and not has_scheme(field.data, {"https"}):
            raise ValidationError(self.message)


class WebURL:
    message = _l("Enter a full web address starting with https:// or http://.")

    def __call__(self, form, field) -> None:
        if field.data and not has_scheme(field.data, {"https", "http"}):
            raise ValidationError(self.message)


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def none_if_blank(value: str | None) -> str | None:
    value = strip(value)
    return value or None


class ReminderRowForm(SubForm):
    """One reminder: a number and a unit before the start. An empty number leaves the row out."""

    amount = IntegerField(
        _l("Reminder"),
        validators=[Optional(), NumberRange(min=1, message=_l("A reminder must come before the start: enter 1 or more."))],
    )
    unit = SelectField(
        _l("Unit"),
        choices=[
            SelectChoice(ReminderUnit.MINUTES.value, _l("minutes before")),
            SelectChoice(ReminderUnit.HOURS.value, _l("hours before")),
            SelectChoice(ReminderUnit.DAYS.value, _l("days before")),
        ],
        default=ReminderUnit.DAYS.value,
    )

    def validate_amount(self, field) -> None:
        if self.minutes is not None and self.minutes > LONGEST_REMINDER:
            raise ValidationError(_("Reminders go at most 7 days before the start."))

    @property
    def minutes(self) -> int | None:
        if self.amount.data is None or self.unit.data not in {unit.value for unit in ReminderUnit}:
            return None
        return self.amount.data * ReminderUnit(self.unit.data).minutes


def reminder_rows(minutes: list[int]) -> list[dict]:
    """Stored minutes as the form's rows: [1440, 90] -> 1 day, 90 minutes."""
    rows = []
    for value in minutes:
        amount, unit = as_amount_and_unit(value)
        rows.append({"amount": amount, "unit": unit.value})
    return rows


class WebinarForm(Form):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[DataRequired(_l("Give the webinar a title.")), Length(max=200)],
    )
    subtitle = StringField(_l("Subtitle"), filters=[none_if_blank], validators=[Optional(), Length(max=300)])
    description = TextAreaField(
        _l("Description"),
        filters=[strip],
        description=_l("Markdown is supported: **bold**, *italics*, lists, [links](https://example.org)."),
    )
    language = SelectField(_l("Language of the webinar"), choices=LANGUAGE_CHOICES, default=Language.FR.value)
    timezone = StringField(
        _l("Time zone"),
        filters=[strip],
        description=_l("The zone the webinar is held in, e.g. Africa/Casablanca. Start typing to search."),
        validators=[DataRequired(_l("Choose the time zone of the webinar.")), Length(max=64)],
    )
    day = DateField(_l("Date"), validators=[InputRequired(_l("Choose the date of the webinar."))])
    start_time = TimeField(_l("Start time"), format=TIME_FORMATS, validators=[InputRequired(_l("Choose the start time."))])
    end_time = TimeField(_l("End time"), format=TIME_FORMATS, validators=[InputRequired(_l("Choose the end time."))])
    join_url = URLField(
        _l("Join link"),
        filters=[none_if_blank],
        description=_l("The address attendees use to join (Zoom, Teams, YouTube live...). Optional while drafting."),
        validators=[Optional(), Length(max=1000), HttpsURL()],
    )
    join_url_is_public = BooleanField(
        _l("Show the join link publicly"),
        description=_l("For example a YouTube live. Otherwise only registrants receive it."),
    )
    doors_open_minutes = IntegerField(
        _l("Doors open (minutes before the start)"),
        default=15,
        description=_l(
            "From then on, registrants' join page lets them in; before, it counts down. "
            "Their e-mails and invites link to that page, never to the platform's link itself. Empty: 15."
        ),
        validators=[
            Optional(),
            NumberRange(min=0, max=240, message=_l("Between 0 and 240 minutes (4 hours).")),
        ],
    )
    capacity = IntegerField(
        _l("Capacity"),
        description=_l("Maximum number of registrants. Leave empty for no limit."),
        validators=[Optional(), NumberRange(min=1, message=_l("The capacity must be a positive whole number."))],
    )
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), format=DATETIME_LOCAL_FORMATS, validators=[Optional()]
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"), format=DATETIME_LOCAL_FORMATS, validators=[Optional()]
    )
    is_past_record = BooleanField(_l("This webinar already took place (recorded for the archive)"))
    waitlist_enabled = BooleanField(
        _l("Put newcomers on a waitlist when full"),
        default=True,
        description=_l("They get a seat automatically, in order, when one frees up. Otherwise they are told it is full."),
    )
    approval_required = BooleanField(
        _l("Approve each registration"),
        description=_l("Registrants wait for your approval before they get a seat."),
    )
    reminders = FieldList(
        FormField(ReminderRowForm),
        min_entries=MAX_REMINDERS,
        max_entries=MAX_REMINDERS,
        default=lambda: reminder_rows([24 * 60, 60]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, row in enumerate(self.reminders, start=1):
            row.form.amount.label.text = _("Reminder %(num)d", num=number)
            row.form.unit.label.text = _("Unit of reminder %(num)d", num=number)

    def reminder_minutes(self) -> list[int]:
        """Minutes before the start, largest first, without repeats."""
        return sorted({row.form.minutes for row in self.reminders if row.form.minutes is not None}, reverse=True)

    def validate_timezone(self, field) -> None:
        if field.data and not is_valid_zone(field.data):
            raise ValidationError(_l("Unknown time zone. Choose one from the list, e.g. Europe/Paris."))

    # When a time falls in the hour the clocks repeat, which of the two instants: "0" the first,
    # "1" the second (webinars/wall_times.py). Shown as a choice only for such a time.
    start_time_fold = StringField()
    end_time_fold = StringField()
    registration_opens_at_fold = StringField()
    registration_closes_at_fold = StringField()

    def validate(self, extra_validators=None) -> bool:
        """The field checks, then the checks that need several fields and the zone."""
        if not super().validate(extra_validators):
            return False
        return self._check_schedule()

    def _wall_times(self):
        """(field, its fold field, local date, local time) of each time the form holds."""
        yield self.start_time, self.start_time_fold, self.day.data, self.start_time.data
        yield self.end_time, self.end_time_fold, self.day.data, self.end_time.data
        for field, fold in (
            (self.registration_opens_at, self.registration_opens_at_fold),
            (self.registration_closes_at, self.registration_closes_at_fold),
        ):
            if field.data:
                yield field, fold, field.data.date(), field.data.time()

    def instant_choices(self) -> dict[str, list[wall_times.InstantChoice]]:
        """Field name -> the two instants to choose from, for each time in a repeated hour (for the template)."""
        zone_name = self.timezone.data if is_valid_zone(self.timezone.data) else None
        choices = {}
        for field, _fold, day, clock_time in self._wall_times():
            found = wall_times.instant_choices(day, clock_time, zone_name)
            if found:
                choices[field.name] = found
        return choices

    def _check_schedule(self) -> bool:
        zone_name = self.timezone.data
        self._instants: dict[str, datetime] = {}
        ok = True
        for field, fold, day, clock_time in self._wall_times():
            try:
                self._instants[field.name] = wall_times.resolve(day, clock_time, zone_name, fold.data)
            except wall_times.WallTimeProblem as problem:
                field.errors.append(problem.message)
                ok = False
        if self.end_time.data <= self.start_time.data:
            self.end_time.errors.append(_("The end must be after the start, on the same day."))
            ok = False
        if not ok:
            return False

        starts, ends = self._instants["start_time"], self._instants["end_time"]
        if ends <= starts:
            self.end_time.errors.append(_("The end must be after the start, on the same day."))
            return False
        opens, closes = self._instants.get("registration_opens_at"), self._instants.get("registration_closes_at")
        if opens and closes and opens >= closes:
            self.registration_closes_at.errors.append(_("Registration must close after it opens."))
            ok = False
        if closes and closes > ends:
            self.registration_closes_at.errors.append(_("Registration cannot close after the webinar ends."))
            ok = False
        if opens and opens >= ends:
            self.registration_opens_at.errors.append(_("Registration must open before the webinar ends."))
            ok = False
        return ok

    def details(self) -> WebinarDetails:
        """The validated form as the service wants it: times converted to UTC (``validate`` resolved them)."""
        return WebinarDetails(
            title=self.title.data,
            subtitle=self.subtitle.data,
            description=self.description.data or "",
            language=Language(self.language.data),
            timezone=self.timezone.data,
            starts_at=self._instants["start_time"],
            ends_at=self._instants["end_time"],
            join_url=self.join_url.data,
            join_url_is_public=self.join_url_is_public.data,
            doors_open_minutes=15 if self.doors_open_minutes.data is None else self.doors_open_minutes.data,
            capacity=self.capacity.data,
            registration_opens_at=self._instants.get("registration_opens_at"),
            registration_closes_at=self._instants.get("registration_closes_at"),
            is_past_record=self.is_past_record.data,
            waitlist_enabled=self.waitlist_enabled.data,
            approval_required=self.approval_required.data,
            reminder_minutes=",".join(str(m) for m in self.reminder_minutes()),
        )

    @classmethod
    def initial_data(cls, webinar) -> dict:
        """The webinar's values in its own zone, to fill the edit form (and which instant of a
        repeated hour each time is, so saving it back unchanged keeps it)."""
        zone_name = webinar.timezone
        starts, ends = webinar.starts_at_local, webinar.ends_at_local
        return {
            "title": webinar.title,
            "subtitle": webinar.subtitle,
            "description": webinar.description,
            "language": webinar.language.value,
            "timezone": zone_name,
            "day": starts.date(),
            "start_time": starts.time().replace(fold=0),
            "end_time": ends.time().replace(fold=0),
            "start_time_fold": wall_times.fold_of(webinar.starts_at, zone_name),
            "end_time_fold": wall_times.fold_of(webinar.ends_at, zone_name),
            "join_url": webinar.join_url,
            "join_url_is_public": webinar.join_url_is_public,
            "doors_open_minutes": webinar.doors_open_minutes,
            "capacity": webinar.capacity,
            "registration_opens_at": wall_times.naive_local(webinar.registration_opens_at, zone_name),
            "registration_closes_at": wall_times.naive_local(webinar.registration_closes_at, zone_name),
            "registration_opens_at_fold": wall_times.fold_of(webinar.registration_opens_at, zone_name),
            "registration_closes_at_fold": wall_times.fold_of(webinar.registration_closes_at, zone_name),
            "is_past_record": webinar.is_past_record,
            "waitlist_enabled": webinar.waitlist_enabled,
            "approval_required": webinar.approval_required,
            "reminders": reminder_rows(webinar.reminder_offsets),
        }


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
