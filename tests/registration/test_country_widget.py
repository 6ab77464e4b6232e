"""The country drop-down renders its options once per list, and still marks the registrant's choice."""

from __future__ import annotations

from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from webinars.registration.widgets import RenderedOnceSelect


class CountryForm(Form):
    country = SelectField("Country", validate_choice=False, widget=RenderedOnceSelect())


def rendered(value, choices):
    form = CountryForm(data={"country": value})
    form.country.choices = [SelectChoice(code, name) for code, name in choices]
    return str(form.country(autocomplete="country"))


CHOICES = [("", "Choose a country"), ("MA", "Maroc"), ("FR", "France"), ("X\"<", "Odd <name>")]


def test_the_chosen_country_is_selected_and_only_it():
    html = rendered("FR", CHOICES)
    assert '<option selected value="FR">France</option>' in html
    assert html.count("selected") == 1
    assert html.startswith('<select autocomplete="country" id="country" name="country">')


def test_no_choice_selects_nothing_and_an_unknown_value_selects_nothing():
    assert "selected" not in rendered(None, CHOICES)
    assert "selected" not in rendered("ZZ\"><script>", CHOICES)


def test_values_and_labels_are_escaped():
    html = rendered('X"<', CHOICES)
    assert '<option selected value="X&#34;&lt;">Odd &lt;name&gt;</option>' in html
    assert "<name>" not in html


def test_same_markup_as_wtforms_select_for_the_options():
    from wtforms.widgets import Select

    class Plain(Form):
        country = SelectField("Country", validate_choice=False)

    plain = Plain(data={"country": "MA"})
    plain.country.choices = [SelectChoice(code, name) for code, name in CHOICES]
    ours = rendered("MA", CHOICES)
    assert isinstance(plain.country.widget, Select)
    # The same options in the same order, the same one selected (attribute order aside).
    import re
    def options(html):
        return [(m.group(2), bool(m.group(1)), m.group(3)) for m in re.finditer(r'<option (selected )?value="([^"]*)"(?: selected)?>([^<]*)<', html)]
    assert options(ours) == options(str(plain.country()))
