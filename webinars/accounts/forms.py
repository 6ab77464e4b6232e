"""Forms of sign-in and of the team: they check shape; ``service`` checks the rules."""

from webinars.base_form import Form
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from webinars.accounts.models import Role
from webinars.accounts.service import MIN_PASSWORD_LENGTH, name_article_examples
from webinars.lazy_text import lazy_gettext as _l
from webinars.mail.addresses import MailableEmail


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class LoginForm(Form):
    email = EmailField(
        _l("E-mail"), filters=[strip], validators=[DataRequired(), MailableEmail()]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class InvitationForm(Form):
    email = EmailField(
        _l("Colleague's e-mail"),
        filters=[strip],
        validators=[DataRequired(), Length(max=320), MailableEmail()],
    )
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.ORGANIZER.value, _l("Organizer — builds and runs webinars")),
            SelectChoice(Role.OWNER.value, _l("Owner — also manages the team")),
        ],
        default=Role.ORGANIZER.value,
        validators=[DataRequired()],
    )


class ForgotPasswordForm(Form):
    email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[DataRequired(), Length(max=320), MailableEmail()],
    )


class NewPasswordForm(Form):
    """A new password, typed twice: for a password reset, and as part of a new account."""

    password = PasswordField(
        _l("Password"),
        description=_l("At least %(count)s characters.", count=MIN_PASSWORD_LENGTH),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("The password must have at least %(min)d characters."),
            ),
            Length(max=200),
        ],
    )
    confirm_password = PasswordField(
        _l("Confirm the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class AcceptInvitationForm(NewPasswordForm):
    """A new account for the invited address; the address itself comes from the invitation."""

    full_name = StringField(_l("Full name"), filters=[strip], validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(NewPasswordForm):
    """The account page: the current password, then the new one twice."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])


class NameArticleForm(Form):
    """The article the organization's name takes in French sentences (webinars/french.py)."""

    name_article = SelectField(_l("In French sentences, the name is written"), validate_choice=True)

    def set_choices(self, organization_name: str) -> None:
        self.name_article.choices = [
            SelectChoice(article.value, example) for article, example in name_article_examples(organization_name)
        ]
