"""Templates' ``_()`` (webinars/templating.py): the request's translation, marked safe in HTML templates with
its variables escaped, plain in text templates (e-mails), and "%%" written as "%"."""

from __future__ import annotations


def render(app, source: str, autoescape: bool, lang: str = "fr", **context) -> str:
    environment = app.jinja_env.overlay(autoescape=autoescape)
    with app.test_request_context(f"/?lang={lang}"):
        return environment.from_string(source).render(**context)


def test_html_templates_escape_the_variables_not_the_translation(app):
    page = render(app, '{{ _("Your registration") }} · {{ _("%(name)s", name=name) }}', True, name="<b>Amina</b>")

    assert page == "Votre inscription · &lt;b&gt;Amina&lt;/b&gt;"


def test_text_templates_get_plain_text(app):
    text = render(app, '{{ _("%(name)s", name=name) }} {{ _("100%%") }}', False, lang="en", name="<b>Amina</b>")

    assert text == "<b>Amina</b> 100%"
