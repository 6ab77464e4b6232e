"""Absolute links for messages that leave the site (e-mails, calendar files), and the URL converter
of text parameters."""

from __future__ import annotations

from flask import Flask, current_app
from werkzeug.routing import UnicodeConverter

from webinars import cleaning


class PrintableText(UnicodeConverter):
    """``<slug>``, ``<code>``...: as Werkzeug's default converter, without control characters
    (input cleaning, ``webinars.cleaning``): ``/webinars/a%00b`` matches no page."""

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None):
        super().__init__(map, minlength, maxlength, length)
        assert self.regex.startswith("[^/]")
        self.regex = cleaning.URL_SEGMENT + self.regex.removeprefix("[^/]")


def register_url_converters(app: Flask) -> None:
    """Before any blueprint adds its rules: they take the converter in force when they are added."""
    app.url_map.converters["default"] = app.url_map.converters["string"] = PrintableText


def absolute_url(path: str) -> str:
    """``/r/abc`` → ``https://webinars.example.org/r/abc`` using ``WEBINARS_BASE_URL``."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def return_target() -> str | None:
    """The same-site page the organizer came from (``?next=`` or a posted ``next``), when safe to go back to."""
    from flask import request

    from webinars.security import is_safe_next

    target = request.values.get("next")
    return target if is_safe_next(target) else None


def back_to(default: str) -> str:
    """Where to go after saving: the page the organizer came from, or ``default``."""
    return return_target() or default
