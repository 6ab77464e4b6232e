"""The registration form's built-in fields, each required, optional or hidden per webinar.

One rule for the public form, the personal page and any other caller of the registration
service: ``missing_fields`` says which required details are absent, ``keep_visible`` drops
the hidden ones. The organizer's choice is stored on ``Webinar.registrant_fields``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from webinars.lazy_text import lazy_gettext as _l


class FieldMode(enum.StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    HIDDEN = "hidden"


# In the order the form shows them; the names are those of Registration's columns.
BUILTIN_FIELDS = ("affiliation", "job_title", "country", "city")
FIELD_LABELS = {
    "affiliation": _l("Organization"),
    "job_title": _l("Job title"),
    "country": _l("Country"),
    "city": _l("City"),
}
MODE_LABELS = {
    FieldMode.REQUIRED: _l("Required"),
    FieldMode.OPTIONAL: _l("Optional"),
    FieldMode.HIDDEN: _l("Hidden"),
}


def field_modes(stored: Mapping[str, str] | None) -> dict[str, FieldMode]:
    """Every built-in field with its mode; anything unknown or unset reads as optional."""
    stored = stored or {}
    modes = {}
    for name in BUILTIN_FIELDS:
        try:
            modes[name] = FieldMode(stored.get(name, FieldMode.OPTIONAL))
        except ValueError:
            modes[name] = FieldMode.OPTIONAL
    return modes


def stored_modes(modes: Mapping[str, FieldMode]) -> dict[str, str]:
    """What the webinar keeps: only the fields that are not optional."""
    return {name: mode.value for name, mode in modes.items() if name in BUILTIN_FIELDS and mode is not FieldMode.OPTIONAL}


def visible_fields(stored: Mapping[str, str] | None) -> list[str]:
    return [name for name, mode in field_modes(stored).items() if mode is not FieldMode.HIDDEN]


def missing_fields(stored: Mapping[str, str] | None, values: Mapping[str, str | None]) -> list[str]:
    """The required fields left empty, by name."""
    return [
        name
        for name, mode in field_modes(stored).items()
        if mode is FieldMode.REQUIRED and not (values.get(name) or "").strip()
    ]
