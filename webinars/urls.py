"""Absolute links for messages that leave the site (e-mails, calendar files)."""

from __future__ import annotations

from flask import current_app


def absolute_url(path: str) -> str:
    """``/r/abc`` → ``https://webinars.example.org/r/abc`` using ``WEBINARS_BASE_URL``."""
    return current_app.config["BASE_URL"].rstrip("/") + path
