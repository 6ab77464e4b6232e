"""Language choice and locale-aware formatting of dates and times."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime

from babel.dates import format_date, format_time
from flask import current_app, g, request
from flask.globals import _cv_app
from flask_babel import Domain, get_locale

from webinars.timezones import to_local, utc_offset_label
from webinars.zone_names import zone_label

LANG_COOKIE = "lang"


def _babel_values():
    """flask_babel's values for this request (its locale...), read without going through ``g``'s proxy."""
    app_context = _cv_app.get(None)
    return app_context.g.__dict__.get("_flask_babel") if app_context is not None else None


def _kept_for_locale(name: str):
    """What was kept under ``name`` for the request's current locale, or None."""
    values = _babel_values()
    if values is None:
        return None
    kept = values.__dict__.get(name)
    if kept is not None and kept[0] is values.__dict__.get("babel_locale"):
        return kept[1]
    return None


def _keep_for_locale(name: str, value) -> None:
    values = _babel_values()
    if values is not None:
        setattr(values, name, (values.__dict__.get("babel_locale"), value))


class RequestCatalogDomain(Domain):
    """flask_babel's message domain, with the catalog of the request's language found once per request.

    flask_babel finds it again for every string (the request's context, its locale, the locale's
    identifier, then its cache): several microseconds each, and a page translates 40 to 100 strings.
    The catalog is kept beside flask_babel's own per-request values with the locale it belongs to:
    ``force_locale`` (an e-mail written in its recipient's language) and ``refresh`` change that
    locale, and so find their own catalog.
    """

    def get_translations(self):
        kept = _kept_for_locale("webinars_catalog")
        if kept is not None:
            return kept
        translations = super().get_translations()
        _keep_for_locale("webinars_catalog", translations)
        return translations


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
    """'fr' or 'en': asked by many helpers of a page, so found once per request (and per forced locale)."""
    language = _kept_for_locale("webinars_language")
    if language is None:
        language = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
        _keep_for_locale("webinars_language", language)
    return language


def format_full_date(local: datetime, locale: str) -> str:
    """'vendredi 18 décembre 2020', 'dimanche 1er novembre 2026', 'Friday, December 18, 2020'."""
    text = format_date(local, format="full", locale=locale)
    if locale.startswith("fr") and local.day == 1:
        text = _FRENCH_FIRST_DAY.sub("1er ", text, count=1)  # French writes the first day as an ordinal
    return text


_FRENCH_FIRST_DAY = re.compile(r"(?<!\d)1 ")


def zone_with_offset(zone_name: str, moment: datetime, locale: str | None = None) -> str:
    """'heure du Maroc, UTC+1', 'Morocco time, UTC+1': the zone as people say it, and the offset then."""
    locale = locale or current_language()
    return f"{zone_label(zone_name, locale)}, {utc_offset_label(to_local(moment, zone_name))}"


# The two sentences below are pure functions of their arguments (zone rules and catalogs do not change
# while a process runs), asked again for the same webinars on every page that lists them: a dashboard
# of 50 webinars spent 2 ms writing the same 50 dates with Babel. Kept per process, a few thousand.
_WRITTEN_DATES = 4096


def format_event_datetime(moment: datetime, zone_name: str, locale: str | None = None) -> str:
    """'vendredi 18 décembre 2020, 10:00 (heure du Maroc, UTC+1)'."""
    return _event_datetime(moment, zone_name, locale or current_language())


@lru_cache(maxsize=_WRITTEN_DATES)
def _event_datetime(moment: datetime, zone_name: str, locale: str) -> str:
    local = to_local(moment, zone_name)
    return (
        f"{format_full_date(local, locale)}, {format_time(local, format='short', locale=locale)} "
        f"({zone_with_offset(zone_name, moment, locale)})"
    )


def format_event_span(starts: datetime, ends: datetime, zone_name: str, locale: str | None = None) -> str:
    """'vendredi 18 décembre 2020, 10:00–12:00 (heure du Maroc, UTC+1)'.

    Each time carries its own offset when they differ (the night clocks change):
    'Sunday, March 8, 2026, 1:00 AM UTC-5 – 3:30 AM UTC-4 (New York time)'.
    """
    return _event_span(starts, ends, zone_name, locale or current_language())


@lru_cache(maxsize=_WRITTEN_DATES)
def _event_span(starts: datetime, ends: datetime, zone_name: str, locale: str) -> str:
    start_local, end_local = to_local(starts, zone_name), to_local(ends, zone_name)
    start_text = format_time(start_local, format="short", locale=locale)
    end_text = format_time(end_local, format="short", locale=locale)
    if end_local.date() != start_local.date():
        end_text = f"{format_date(end_local, format='medium', locale=locale)}, {end_text}"
    day = format_full_date(start_local, locale)
    start_offset, end_offset = utc_offset_label(start_local), utc_offset_label(end_local)
    if start_offset == end_offset:
        return f"{day}, {start_text}–{end_text} ({zone_label(zone_name, locale)}, {start_offset})"
    return f"{day}, {start_text} {start_offset} – {end_text} {end_offset} ({zone_label(zone_name, locale)})"


def format_local_time(moment: datetime, zone_name: str, locale: str | None = None) -> str:
    """'10:00' (fr) or '10:00 AM' (en), in the event's zone."""
    return format_time(to_local(moment, zone_name), format="short", locale=locale or current_language())


@dataclass(frozen=True)
class EventClock:
    """How a page or a text shows the times of one webinar: the zone once, in a heading, with
    its offset when every time of the webinar has the same one; otherwise (a webinar across
    a change of clocks) each time with the offset in force at that instant."""

    zone_name: str
    locale: str
    single_offset: str | None

    @property
    def heading(self) -> str:
        """'heure du Maroc (UTC+1)', or 'heure de New York' when offsets differ."""
        label = zone_label(self.zone_name, self.locale)
        return f"{label} ({self.single_offset})" if self.single_offset else label

    @property
    def label(self) -> str:
        """'heure du Maroc, UTC+1' (to go inside parentheses), or 'heure de New York'."""
        label = zone_label(self.zone_name, self.locale)
        return f"{label}, {self.single_offset}" if self.single_offset else label

    def time(self, moment: datetime) -> str:
        """'10:00', or '01:30 UTC-5' when the webinar's offsets differ."""
        text = format_local_time(moment, self.zone_name, self.locale)
        if self.single_offset:
            return text
        return f"{text} {utc_offset_label(to_local(moment, self.zone_name))}"

    def span(self, starts: datetime, ends: datetime) -> str:
        return f"{self.time(starts)}–{self.time(ends)}" if self.single_offset else f"{self.time(starts)} – {self.time(ends)}"


def event_clock(webinar, locale: str | None = None) -> EventClock:
    """The clock of ``webinar`` (anything with ``timezone``, ``starts_at`` and ``ends_at``)."""
    zone_name = webinar.timezone
    offsets = {utc_offset_label(to_local(moment, zone_name)) for moment in (webinar.starts_at, webinar.ends_at)}
    return EventClock(zone_name, locale or current_language(), offsets.pop() if len(offsets) == 1 else None)


def format_local_date(moment: datetime, zone_name: str, locale: str | None = None) -> str:
    """'18 déc. 2020': for the cells of a table, where the column says what the date is."""
    return format_date(to_local(moment, zone_name), format="medium", locale=locale or current_language())


def format_event_date(moment: datetime, zone_name: str, locale: str | None = None) -> str:
    """'vendredi 18 décembre 2020': a date in a sentence, written as the webinar's own date is on the
    same page (format_event_datetime, format_event_span), so that a page has one way of writing dates."""
    return format_full_date(to_local(moment, zone_name), locale or current_language())


def store_locale_in_g() -> None:
    g.lang = current_language()
