"""Lazily translated text that HTML escapes like any other text.

Flask-Babel's ``lazy_gettext`` returns an object whose ``__html__`` is its plain string, so
Jinja and WTForms (a field's label, a validation message) insert it as trusted markup. Its
parameters are formatted in before that: ``_l("... of %(organization)s", organization=name)``
put an organization's name, a question's option or a cell of an uploaded report into the page
unescaped. Here the same lazy string is escaped when it reaches HTML, parameters and all;
translations hold no markup, so nothing is lost. Import it as ``_l`` (``make extract-messages``
looks for that name); ``tests/test_lazy_text.py`` checks that every lazy string with
parameters comes from here.
"""

from __future__ import annotations

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


class EscapedLazyString(LazyString):
    """Translated when used; plain text (escaped) in HTML."""

    def __html__(self) -> Markup:
        return escape(str(self))


def lazy_gettext(string: str, **variables) -> EscapedLazyString:
    return EscapedLazyString(gettext, string, **variables)
