"""Absolute links for messages that leave the site (e-mails, calendar files)."""

from __future__ import annotations

from flask import current_app


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
