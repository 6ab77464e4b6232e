"""Language choice and locale-aware formatting of dates and times."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time
from flask import current_app, g, request
from flask_babel import get_locale

from webinars.timezones import to_local, utc_offset_label

LANG_COOKIE = "lang"


def select_locale() -> str:
    """``?lang=``, then the cookie, then the browser's Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not request:
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(response):
    """Keep an explicit ``?lang=`` choice in a cookie for the next pages."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(
            LANG_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],  # over HTTPS, like the session's
        )
    return response


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def format_event_datetime(moment: datetime, zone_name: str, locale: str | None = None) -> str:
    """'vendredi 18 décembre 2020, 10:00 (Africa/Casablanca, UTC+1)'."""
    locale = locale or current_language()
    local = to_local(moment, zone_name)
    return (
        f"{format_date(local, format='full', locale=locale)}, "
        f"{format_time(local, format='short', locale=locale)} "
        f"({zone_name}, {utc_offset_label(local)})"
    )


def format_event_span(starts: datetime, ends: datetime, zone_name: str, locale: str | None = None) -> str:
    """'vendredi 18 décembre 2020, 10:00–12:00 (Africa/Casablanca, UTC+1)'."""
    locale = locale or current_language()
    start_local, end_local = to_local(starts, zone_name), to_local(ends, zone_name)
    end_text = format_time(end_local, format="short", locale=locale)
    if end_local.date() != start_local.date():
        end_text = f"{format_date(end_local, format='medium', locale=locale)}, {end_text}"
    return (
        f"{format_date(start_local, format='full', locale=locale)}, "
        f"{format_time(start_local, format='short', locale=locale)}–{end_text} "
        f"({zone_name}, {utc_offset_label(start_local)})"
    )


def format_local_time(moment: datetime, zone_name: str, locale: str | None = None) -> str:
    """'10:00' (fr) or '10:00 AM' (en), in the event's zone."""
    return format_time(to_local(moment, zone_name), format="short", locale=locale or current_language())


def format_local_date(moment: datetime, zone_name: str, locale: str | None = None) -> str:
    return format_date(to_local(moment, zone_name), format="medium", locale=locale or current_language())


def store_locale_in_g() -> None:
    g.lang = current_language()
