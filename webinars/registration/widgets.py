"""A drop-down whose options are rendered once per list of choices, not on every page view.

The registration form's country list has some 250 options; rendering them through WTForms' widget
(an attribute dictionary, escaping and formatting per option) was half of the form's CPU time.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape
from wtforms.widgets import Select, html_params


class RenderedOnceSelect(Select):
    """WTForms' ``Select`` for a single choice among many, with the options' HTML memoized
    per (values, labels): only the selected option is marked per request."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = True
        choices = tuple((str(choice.value), str(choice.label)) for choice in field.choices or ())
        options = _options_html(choices)
        selected = "" if field.data is None else str(field.data)
        if selected:
            opening = f'<option value="{escape(selected)}">'
            options = options.replace(opening, f'<option selected value="{escape(selected)}">', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


@lru_cache(maxsize=64)  # a few languages times a few organizations' lists
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<option value="{escape(value)}">{escape(label or value)}</option>' for value, label in choices)
