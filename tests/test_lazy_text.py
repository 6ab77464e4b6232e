"""Lazily translated text with parameters is escaped when it reaches HTML (webinars/lazy_text.py)."""

from __future__ import annotations

import ast
from pathlib import Path

from flask_babel import force_locale
from markupsafe import escape
from wtforms import BooleanField, Form

import webinars
from webinars.lazy_text import lazy_gettext as _l

PACKAGE = Path(webinars.__file__).resolve().parent
LAZY_NAMES = {"_l", "lazy_gettext", "lazy_ngettext", "lazy_pgettext", "lazy_npgettext"}


def test_parameters_are_escaped_in_a_label_and_on_a_page(app):
    class OptIn(Form):
        wants = BooleanField(_l("Join %(organization)s", organization="<b>A&B</b>"))

    label = str(OptIn().wants.label)
    page = app.jinja_env.from_string("{{ text }}").render(text=_l("“%(option)s” is listed twice.", option="<i>x</i>"))

    assert "<b>" not in label and "&lt;b&gt;A&amp;B&lt;/b&gt;" in label
    assert page == "“&lt;i&gt;x&lt;/i&gt;” is listed twice."


def test_it_is_still_translated_when_used(app):
    text = _l("Join %(organization)s", organization="APEBI & co")

    with force_locale("fr"):
        assert str(text) == "Rejoindre APEBI & co"
        assert escape(text) == "Rejoindre APEBI &amp; co"
    with force_locale("en"):
        assert str(text) == "Join APEBI & co"


def lazy_calls_with_parameters(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in LAZY_NAMES:
            if node.keywords or len(node.args) > 1:
                yield node


def imported_from(tree: ast.AST, name: str) -> str | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return node.module
    return None


def test_every_lazy_string_with_parameters_escapes_them():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in lazy_calls_with_parameters(tree):
            if imported_from(tree, call.func.id) != "webinars.lazy_text":
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{call.lineno}")
    assert offenders == [], f"lazy strings with parameters must come from webinars.lazy_text: {offenders}"
