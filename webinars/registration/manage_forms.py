"""Forms of the organizer's registration pages: the registrant's fields, the list's filters, adding a
registrant by hand, importing an attendance report. They check shape; the services check rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from webinars.base_form import Form
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, EmailField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from webinars.accounts.models import Organization
from webinars.events.models import Language
from webinars.lazy_text import lazy_gettext as _l
from webinars.mail.addresses import MailableEmail
from webinars.registration.builtin_fields import BUILTIN_FIELDS, FIELD_LABELS, MODE_LABELS, FieldMode, field_modes
from webinars.registration.forms import RegistrantDetailsForm, details_form_class
from webinars.registration.listing import Filters, SortOrder
from webinars.registration.models import Question, RegistrationState, UnmatchedAttendance
from webinars.templating import organization_words

MAX_REPORT_BYTES = 5 * 1024 * 1024

STATE_LABELS = {
    RegistrationState.CONFIRMED: _l("Confirmed"),
    RegistrationState.WAITLISTED: _l("Waitlisted"),
    RegistrationState.PENDING: _l("Pending approval"),
    RegistrationState.REJECTED: _l("Rejected"),
    RegistrationState.CANCELLED: _l("Cancelled"),
}

SORT_LABELS = {
    SortOrder.NEWEST: _l("Newest first"),
    SortOrder.OLDEST: _l("Oldest first"),
    SortOrder.NAME: _l("Name"),
    SortOrder.ORGANIZATION: _l("Organization"),
}

# Language names in their own language, as in the webinar form.
LANGUAGE_CHOICES = [SelectChoice(Language.FR.value, "Français"), SelectChoice(Language.EN.value, "English")]


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class RegistrantFieldsForm(Form):
    """Whether each built-in field of the registration form is required, optional or hidden."""

    @classmethod
    def for_webinar(cls, webinar) -> RegistrantFieldsForm:
        """The webinar's current choice, to show (not to read a posted form)."""
        data = {name: mode.value for name, mode in field_modes(webinar.registrant_fields).items()}
        return cls(formdata=None, data=data)

    @property
    def mode_fields(self) -> list:
        return [self[name] for name in BUILTIN_FIELDS]

    def modes(self) -> dict[str, FieldMode]:
        return {name: FieldMode(self[name].data) for name in BUILTIN_FIELDS}


for _name in BUILTIN_FIELDS:
    setattr(
        RegistrantFieldsForm,
        _name,
        SelectField(
            FIELD_LABELS[_name],
            choices=[SelectChoice(mode.value, MODE_LABELS[mode]) for mode in FieldMode],
            default=FieldMode.OPTIONAL.value,
        ),
    )


class RegistrationFilterForm(Form):
    """The list's search, state and order, read from the query string (a GET form, no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"),
        filters=[_strip],
        validators=[Optional(), Length(max=200)],
        render_kw={"placeholder": _l("Name, e-mail or organization")},
    )
    state = SelectField(
        _l("State"),
        choices=[SelectChoice("", _l("All states"))]
        + [SelectChoice(state.value, label) for state, label in STATE_LABELS.items()],
        default="",
    )
    sort = SelectField(
        _l("Order"),
        choices=[SelectChoice(order.value, label) for order, label in SORT_LABELS.items()],
        default=SortOrder.NEWEST.value,
    )

    def filters(self) -> Filters:
        """What the list shows; a value that is not offered (a hand-edited address) falls back to the default."""
        self.validate()
        state = self.state.data if not self.state.errors else ""
        sort = self.sort.data if not self.sort.errors else SortOrder.NEWEST.value
        search = (self.q.data or "")[:200] if not self.q.errors else ""
        return Filters(
            search=search,
            state=RegistrationState(state) if state else None,
            sort=SortOrder(sort) if sort else SortOrder.NEWEST,
        )


class CheckinSearchForm(Form):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"),
        filters=[_strip],
        validators=[Optional(), Length(max=200)],
        render_kw={"placeholder": _l("Name, e-mail or organization")},
    )


class _ByOrganizer:
    """What the organizer declares when registering someone themselves."""

    email = EmailField(
        _l("E-mail"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the person's e-mail address.")),
            Length(max=320),
            MailableEmail(),
        ],
    )
    language = SelectField(_l("Language of their e-mails"), choices=LANGUAGE_CHOICES)
    consent_obtained = BooleanField(
        _l("The person agreed to the privacy notice and to being registered"),
        validators=[DataRequired(message=_l("Register someone only with their consent."))],
    )


def manual_registrant_form_class(
    organization: Organization, questions: Iterable[Question], registrant_fields: Mapping[str, str] | None = None
) -> type[RegistrantDetailsForm]:
    """The public form's details and questions (required questions stay required), with the
    e-mail, the registrant's language, the organizer's declaration of consent instead of the
    registrant's checkbox, and whether to send the confirmation."""
    form_class = details_form_class(organization, questions, registrant_fields)
    form_class = type("ManualRegistrantForm", (form_class,), {})
    form_class.email = _ByOrganizer.email
    form_class.language = _ByOrganizer.language
    form_class.wants_future_events = BooleanField(
        _l("They want to hear about future events of %(of_organization)s", **organization_words(organization))
    )
    form_class.consent_obtained = _ByOrganizer.consent_obtained
    form_class.send_confirmation = BooleanField(
        _l("Send them the confirmation e-mail with their personal link"), default=True
    )
    return form_class


class AttendanceImportForm(Form):
    report = FileField(
        _l("Attendance report"),
        description=_l("The participants report exported from Zoom, or the attendance report from Microsoft Teams (.csv)."),
        validators=[
            FileRequired(_l("Choose the report file.")),
            FileAllowed(["csv", "tsv", "txt"], _l("Upload the report as exported: a .csv file.")),
            FileSize(max_size=MAX_REPORT_BYTES, message=_l("The file is larger than 5 MB.")),
        ],
    )


class AttendeeFromReportForm(Form):
    """Register a person found in the report, who attended without registering."""

    first_name = StringField(
        _l("First name"), filters=[_strip], validators=[DataRequired(_l("Enter the first name.")), Length(max=100)]
    )
    last_name = StringField(
        _l("Last name"), filters=[_strip], validators=[DataRequired(_l("Enter the last name.")), Length(max=100)]
    )
    email = _ByOrganizer.email
    language = _ByOrganizer.language
    consent_obtained = _ByOrganizer.consent_obtained

    @staticmethod
    def initial_data(row: UnmatchedAttendance, language: str) -> dict:
        first, _space, last = row.name.partition(" ")
        return {"first_name": first, "last_name": last, "email": row.email or "", "language": language}
