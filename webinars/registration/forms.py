"""The attendee's forms: registering, and updating one's details from the personal page.

Each webinar has its own custom questions, so each form class is built per
webinar: the fixed fields live on the base classes and the questions (and the
texts naming the organization) are added with ``setattr`` before instantiation.
Forms check shape (required fields, lengths, choices among the listed ones);
``service`` checks the rules (dates, seats, duplicates).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

from webinars.base_form import Form
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webinars.accounts.models import Organization
from webinars.lazy_text import lazy_gettext as _l
from webinars.mail.addresses import MailableEmail
from webinars.organizations.countries import CountryList, country_list, ordered_countries
from webinars.registration.builtin_fields import FieldMode, field_modes
from webinars.registration.countries import country_codes
from webinars.registration.widgets import RenderedOnceSelect
from webinars.registration.models import Question, QuestionKind, Registration
from webinars.registration.service import RegistrantDetails
from webinars.templating import organization_words

SHORT_ANSWER_MAX_LENGTH = 500
LONG_ANSWER_MAX_LENGTH = 5000
YES, NO = "yes", "no"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


@functools.cache
def _country_options(countries: CountryList, language: str) -> tuple[SelectChoice, ...]:
    """Built once per organization's list and language: some 250 options for every form shown or posted."""
    return tuple(SelectChoice(code, name) for code, name in ordered_countries(countries, language))


class CheckboxGroupField(SelectMultipleField):
    """A multiple choice as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AmongChoices:
    """The value (or each value of a multiple choice) is one of the field's choices.

    Forms are posted by anyone: a value that was never offered gets a message, not a row.
    """

    def __init__(self, message: str | None = None):
        self.message = message

    def __call__(self, form, field: Field) -> None:
        values = field.data if isinstance(field.data, list) else [field.data]
        offered = {str(choice.value) for choice in field.choices or []}
        if any(value not in offered for value in values if value):
            raise ValidationError(self.message or _l("Choose among the options offered."))


def _presence(required: bool):
    return DataRequired(message=_l("Please fill in this field.")) if required else Optional()


def _builtin_field(name: str, required: bool) -> Field:
    """One of the built-in fields (webinars/registration/builtin_fields.py), required or optional."""
    if name == "country":
        return SelectField(
            _l("Country"),
            validate_choice=False,  # AmongChoices says it in the form's words
            validators=[_presence(required), AmongChoices(_l("Choose a country from the list."))],
            render_kw={"autocomplete": "country"},
            widget=RenderedOnceSelect(),
        )
    label, max_length, autocomplete = {
        "affiliation": (_l("Organization"), 200, "organization"),
        "job_title": (_l("Job title"), 200, "organization-title"),
        "city": (_l("City"), 120, "address-level2"),
    }[name]
    return StringField(
        label,
        filters=[_strip],
        validators=[_presence(required), Length(max=max_length)],
        render_kw={"autocomplete": autocomplete},
    )


class RegistrantDetailsForm(Form):
    """Who the registrant is; the e-mail address is asked only when registering."""

    first_name = StringField(
        _l("First name"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Please enter your first name.")), Length(max=100)],
        render_kw={"autocomplete": "given-name"},
    )
    last_name = StringField(
        _l("Last name"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Please enter your last name.")), Length(max=100)],
        render_kw={"autocomplete": "family-name"},
    )
    affiliation = _builtin_field("affiliation", required=False)
    job_title = _builtin_field("job_title", required=False)
    country = _builtin_field("country", required=False)
    city = _builtin_field("city", required=False)

    # Set on each webinar's subclass by ``_with_questions``.
    questions: Sequence[Question] = ()
    # Set on each subclass from the organization's settings (webinars/organizations/countries.py).
    countries: CountryList = CountryList(own_country=None, hidden=frozenset())

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self:
            self.country.choices = [SelectChoice("", _l("Choose a country")), *_country_options(self.countries, language)]

    @property
    def question_fields(self) -> list[Field]:
        return [self[_field_name(question)] for question in self.questions]

    def answers(self) -> dict[int, str | list[str]]:
        return {question.id: self[_field_name(question)].data for question in self.questions}

    def _builtin(self, name: str) -> str | None:
        """A built-in field's value; None when the webinar hides the field."""
        return self[name].data if name in self else None

    def registrant_details(self, email: str) -> RegistrantDetails:
        return RegistrantDetails(
            email=email,
            first_name=self.first_name.data,
            last_name=self.last_name.data,
            affiliation=self._builtin("affiliation"),
            job_title=self._builtin("job_title"),
            country=self._builtin("country") if self._builtin("country") in country_codes() else None,
            city=self._builtin("city"),
            wants_future_events=bool(self.wants_future_events.data),
            answers=self.answers(),
        )


class RegistrationForm(RegistrantDetailsForm):
    email = EmailField(
        _l("E-mail"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Please enter your e-mail address.")),
            Length(max=320),
            MailableEmail(),
        ],
        render_kw={"autocomplete": "email"},
    )


def registration_form_class(
    organization: Organization,
    questions: Iterable[Question],
    privacy_notice: str,
    registrant_fields: Mapping[str, str] | None = None,
) -> type[RegistrationForm]:
    """The registration form of one webinar: its built-in fields as the organizer set them, its
    questions, the consent to the organization's privacy notice (required) and the opt-in for
    its future events (unticked)."""
    form_class = _with_questions(RegistrationForm, questions, registrant_fields)
    form_class.countries = country_list(organization)
    form_class.consent = BooleanField(
        _l("I agree that my data is used to handle my registration, as explained below."),
        description=privacy_notice,
        validators=[DataRequired(message=_l("Please give your consent so that we can register you."))],
    )
    form_class.wants_future_events = _opt_in_field(organization)
    return form_class


def details_form_class(
    organization: Organization, questions: Iterable[Question], registrant_fields: Mapping[str, str] | None = None
) -> type[RegistrantDetailsForm]:
    """The personal page's form: the same details and questions, without e-mail and consent."""
    form_class = _with_questions(RegistrantDetailsForm, questions, registrant_fields)
    form_class.countries = country_list(organization)
    form_class.wants_future_events = _opt_in_field(organization)
    return form_class


def details_form_data(
    registration: Registration, questions: Iterable[Question], answers: dict[int, list[str]]
) -> dict:
    """The personal page's form filled with what the registrant gave."""
    data = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "affiliation": registration.affiliation,
        "job_title": registration.job_title,
        "country": registration.country or "",
        "city": registration.city,
        "wants_future_events": registration.wants_future_events,
    }
    for question in questions:
        values = answers.get(question.id, [])
        multiple = question.kind is QuestionKind.MULTIPLE_CHOICE
        data[_field_name(question)] = values if multiple else (values[0] if values else None)
    return data


def _opt_in_field(organization: Organization) -> BooleanField:
    return BooleanField(
        _l("Tell me about future events of %(of_organization)s", **organization_words(organization)), default=False
    )


def _with_questions(
    base: type[RegistrantDetailsForm],
    questions: Iterable[Question],
    registrant_fields: Mapping[str, str] | None = None,
) -> type:
    questions = sorted(questions, key=lambda question: (question.position, question.id))
    form_class = type(f"Webinar{base.__name__}", (base,), {"questions": tuple(questions)})
    for name, mode in field_modes(registrant_fields).items():
        if mode is FieldMode.HIDDEN:
            setattr(form_class, name, None)  # WTForms leaves a field set to None out of the form
        elif mode is FieldMode.REQUIRED:
            setattr(form_class, name, _builtin_field(name, required=True))
    for question in questions:
        setattr(form_class, _field_name(question), _question_field(question))
    return form_class


def _field_name(question: Question) -> str:
    return f"question_{question.id}"


def _offered(question: Question) -> list[SelectChoice]:
    return [SelectChoice(choice) for choice in question.choices]


def _question_field(question: Question) -> Field:
    label = question.label
    required_message = _l("Please answer this question.")
    presence = DataRequired(message=required_message) if question.required else Optional()
    match question.kind:
        case QuestionKind.SHORT_TEXT:
            return StringField(label, filters=[_strip], validators=[presence, Length(max=SHORT_ANSWER_MAX_LENGTH)])
        case QuestionKind.LONG_TEXT:
            return TextAreaField(
                label, filters=[_strip], validators=[presence, Length(max=LONG_ANSWER_MAX_LENGTH)], render_kw={"rows": 4}
            )
        case QuestionKind.SINGLE_CHOICE:
            return RadioField(
                label, choices=_offered(question), validate_choice=False, validators=[presence, AmongChoices()]
            )
        case QuestionKind.YES_NO:
            return RadioField(
                label, choices=[SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))], validate_choice=False, validators=[presence, AmongChoices()]
            )
        case QuestionKind.MULTIPLE_CHOICE:
            return CheckboxGroupField(
                label,
                choices=_offered(question),
                validate_choice=False,
                validators=[presence, AmongChoices()],
                # A "required" attribute on each checkbox would make the browser demand all of them.
                render_kw={"required": False},
            )
    raise ValueError(f"unknown question kind {question.kind!r}")


# Other features ask questions of the same kinds (the feedback survey, webinars/feedback/forms.py).
question_field = _question_field
