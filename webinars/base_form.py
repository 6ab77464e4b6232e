"""The base of every form: the input-cleaning rule (``webinars.cleaning``) applied to each field.

Every ``<Thing>Form`` inherits from ``Form``, so no form can forget the rule: text fields are
normalized and checked for control characters, whole-number fields (and lists of choices whose
values are ids) for the database's range,
before the form's own validators run.
"""

from __future__ import annotations

from functools import cached_property

from flask import current_app
from flask_babel import gettext as _
import wtforms
from flask_wtf import FlaskForm
from wtforms.csrf.core import CSRFTokenField
from wtforms import IntegerField, PasswordField, StringField, TextAreaField
from wtforms.fields.choices import SelectFieldBase
from wtforms.fields.core import UnboundField
from wtforms.validators import StopValidation

from webinars import cleaning
from webinars.personal_links import no_csrf


def _multi_line_filter(value):
    return cleaning.normalize_multi_line(value) if isinstance(value, str) else value


class RefuseControlCharacters:
    """Refuses the characters ``cleaning`` forbids in this kind of field, naming the one found."""

    def __init__(self, multi_line: bool):
        self.multi_line = multi_line

    def __call__(self, form, field) -> None:
        data = field.data
        if not isinstance(data, str):
            return
        character = cleaning.forbidden_character(data, multi_line=self.multi_line)
        if character is None:
            return
        if not self.multi_line and cleaning.is_line_break(character):
            raise StopValidation(_("Write this on one line: line breaks are not allowed here."))
        raise StopValidation(
            _(
                "This text contains an invisible control character (%(code)s). Remove it and try again.",
                code=cleaning.code_point(character),
            )
        )


class FitsInDatabase:
    """Whole numbers the database's INTEGER columns can hold (a form may narrow the range further):
    a number typed, or the ids a list of choices coerces its values to."""

    def __call__(self, form, field) -> None:
        numbers = field.data if isinstance(field.data, list) else [field.data]
        for number in numbers:
            if isinstance(number, int) and not cleaning.INTEGER_MIN <= number <= cleaning.INTEGER_MAX:
                raise StopValidation(_("This number is too large."))


def _chooses_whole_numbers(field_class, unbound_field) -> bool:
    return issubclass(field_class, SelectFieldBase) and unbound_field.kwargs.get("coerce") is int


class CleaningMeta:
    """WTForms ``Meta`` mixin: every field bound with the input-cleaning rule."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        extra: dict = {}
        if issubclass(field_class, StringField) and not issubclass(field_class, (PasswordField, CSRFTokenField)):
            multi_line = issubclass(field_class, TextAreaField)
            extra["validators"] = [RefuseControlCharacters(multi_line), *_validators(unbound_field)]
            if multi_line:
                extra["filters"] = [_multi_line_filter, *unbound_field.kwargs.get("filters", ())]
        elif issubclass(field_class, IntegerField):
            extra["validators"] = [*_validators(unbound_field), FitsInDatabase()]
        elif _chooses_whole_numbers(field_class, unbound_field):
            # Before the form's own validators: a list whose choices are not checked hands the id to a query.
            extra["validators"] = [FitsInDatabase(), *_validators(unbound_field)]
        if not extra:
            return super().bind_field(form, unbound_field, options)
        # Validators may be given by keyword or as the second positional argument.
        args = unbound_field.args[:1] if "validators" in extra else unbound_field.args
        replacement = UnboundField(field_class, *args, **{**unbound_field.kwargs, **extra})
        return replacement.bind(form=form, **options)


class Form(FlaskForm):
    """A page's form (with CSRF protection, except behind a registrant's personal link, whose token
    authorizes the request: webinars/personal_links/no_csrf.py)."""

    class Meta(CleaningMeta, FlaskForm.Meta):
        @cached_property
        def csrf(self):
            return current_app.config.get("WTF_CSRF_ENABLED", True) and not no_csrf.is_personal_link_page()


class SubForm(wtforms.Form):
    """A group of fields repeated inside a ``Form`` (``FormField``): no CSRF token of its own."""

    class Meta(CleaningMeta, wtforms.Form.Meta):
        pass


def _validators(unbound_field) -> list:
    if "validators" in unbound_field.kwargs:
        return list(unbound_field.kwargs["validators"] or ())
    return list(unbound_field.args[1]) if len(unbound_field.args) > 1 and unbound_field.args[1] else []
