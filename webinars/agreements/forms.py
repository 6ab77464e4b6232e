"""Forms of agreements: templates and conventions (organizers), signing and verifying (anyone)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from webinars.base_form import Form, SubForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webinars.agreements.models import KIND_LABELS, AgreementKind, AgreementTemplate
from webinars.agreements.drafting import PartyDetails
from webinars.agreements.signatures import SignatureProblem, SignatureRejected, decode_signature
from webinars.agreements.placeholders import BODY_MAX_LENGTH, TITLE_MAX_LENGTH
from webinars.agreements.templates_service import TemplateDetails, editable
from webinars.mail.addresses import MailableEmail

CONVENTION_PARTY_ROWS = 4


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


KIND_CHOICES = [SelectChoice(kind.value, KIND_LABELS[kind]) for kind in AgreementKind]


class TemplateForm(Form):
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, validators=[DataRequired()])
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[DataRequired(_l("Give the template a title.")), Length(max=TITLE_MAX_LENGTH)],
        description=_l("Placeholders work here too, for example: Release — {{Speaker name}}"),
    )
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(_l("Write the text of the agreement.")), Length(max=BODY_MAX_LENGTH)],
        description=_l(
            "Markdown (**bold**, lists with -, headings with ##) and placeholders from the list below, "
            "such as {{Webinar title}}."
        ),
    )

    def details(self) -> TemplateDetails:
        return TemplateDetails(AgreementKind(self.kind.data), self.title.data, self.body.data)

    @staticmethod
    def initial_data(template: AgreementTemplate, language: str) -> dict:
        shown = editable(template, language)
        return {"kind": shown.kind.value, "title": shown.title, "body": shown.body}


def template_choices(templates: list[AgreementTemplate], titles: dict[int, str]) -> list[SelectChoice]:
    """The templates of a menu, each under its title as ``titles`` shows it (placeholders filled in or labelled)."""
    return [SelectChoice(template.id, titles[template.id]) for template in templates]


class ReleasesForm(Form):
    template_id = SelectField(_l("Release template"), coerce=int, validate_choice=True)


class PartyForm(SubForm):
    """One party of a convention; a row left blank is ignored."""

    name = StringField(_l("Organization"), filters=[strip], validators=[Optional(), Length(max=200)])
    full_name = StringField(_l("Signatory's full name"), filters=[strip], validators=[Optional(), Length(max=200)])
    position = StringField(_l("Signatory's position"), filters=[strip], validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Signatory's e-mail"),
        filters=[strip],
        validators=[Optional(), Length(max=320), MailableEmail()],
    )

    @property
    def is_blank(self) -> bool:
        return not any((self.name.data, self.full_name.data, self.position.data, self.email.data))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_blank:
            return valid
        for field, message in (
            (self.name, _("Enter the organization's name.")),
            (self.full_name, _("Enter the name of the person who signs.")),
            (self.email, _("Enter the e-mail address the signing link goes to.")),
        ):
            if not field.data:
                field.errors.append(message)
                valid = False
        return valid


class PartiesForm(Form):
    """A convention's parties: when it is created, and while it is a draft."""

    parties = FieldList(FormField(PartyForm), min_entries=CONVENTION_PARTY_ROWS, max_entries=CONVENTION_PARTY_ROWS)

    def validate_parties(self, field) -> None:
        if sum(1 for entry in field.entries if not entry.form.is_blank) < 2:
            raise ValidationError(_("Enter at least two parties."))

    def party_details(self) -> list[PartyDetails]:
        return [
            PartyDetails(
                name=entry.form.name.data,
                full_name=entry.form.full_name.data,
                position=entry.form.position.data or None,
                email=entry.form.email.data,
            )
            for entry in self.parties.entries
            if not entry.form.is_blank
        ]

    @staticmethod
    def initial_data(parties: list[PartyDetails]) -> dict:
        return {
            "parties": [
                {"name": p.name, "full_name": p.full_name, "position": p.position or "", "email": p.email}
                for p in parties
            ]
        }


class ConventionForm(PartiesForm):
    template_id = SelectField(_l("Convention template"), coerce=int, validate_choice=True)


class WithdrawForm(Form):
    reason = StringField(
        _l("Reason (optional, kept in the audit trail)"), filters=[strip], validators=[Optional(), Length(max=500)]
    )


def _signature_error(problem: SignatureProblem) -> str:
    if problem is SignatureProblem.TOO_LARGE:
        return _("The drawn signature is too large. Clear it and draw it again.")
    return _("The drawn signature could not be read. Clear it and draw it again, or sign without it.")


class SignForm(Form):
    typed_name = StringField(
        _l("Your full name"),
        filters=[strip],
        validators=[DataRequired(_l("Type your full name to sign.")), Length(max=200)],
    )
    agree = BooleanField(
        _l("I have read the document above and I agree to it."),
        validators=[DataRequired(_l("Tick the box to confirm that you have read the document and agree."))],
    )
    # The second step when the typed name is not the name on record: shown only then.
    confirm_name = BooleanField(_l("Yes, I sign under the name I typed."))
    name_to_confirm = HiddenField()  # the typed name the confirmation is for
    # Set by static/signature-pad.js: the drawing as a PNG data URL.
    signature = HiddenField()
    document_sha256 = HiddenField(validators=[DataRequired()])

    drawn_png: bytes | None = None

    @property
    def name_confirmed(self) -> bool:
        """Ticked for the very name typed now (another name typed since needs its own confirmation)."""
        typed = " ".join((self.typed_name.data or "").split())
        return bool(self.confirm_name.data) and typed == (self.name_to_confirm.data or "")

    def ask_to_confirm(self, typed_name: str) -> None:
        self.name_to_confirm.data = typed_name
        self.confirm_name.data = False

    def validate_signature(self, field) -> None:
        try:
            self.drawn_png = decode_signature(field.data)
        except SignatureRejected as error:
            raise ValidationError(_signature_error(error.problem)) from error


class DeclineForm(Form):
    reason = TextAreaField(
        _l("Why do you decline?"),
        filters=[strip],
        validators=[DataRequired(_l("Tell the organizer why you decline.")), Length(max=1000)],
    )
    document_sha256 = HiddenField()


class VerifyCodeForm(Form):
    class Meta:
        csrf = False  # a lookup by GET, nothing changes

    code = StringField(_l("Verification code"), filters=[strip], validators=[DataRequired(), Length(max=40)])


class VerifyFileForm(Form):
    pdf = FileField(_l("The PDF you received"), validators=[FileRequired(_l("Choose the PDF file to check."))])
