"""Filters and globals available in every template."""

from __future__ import annotations

from flask import Flask, request, url_for

from webinars.i18n import (
    current_language,
    event_clock,
    format_event_datetime,
    format_event_span,
    format_local_date,
    format_local_time,
)
from webinars.markdown import render_markdown
from webinars.timezones import utc_offset_label
from webinars.zone_names import zone_label


def url_for_language(lang: str) -> str:
    """The current page in another language."""
    args = dict(request.view_args or {})
    args.update(request.args.to_dict())
    args["lang"] = lang
    if request.endpoint is None:
        return url_for("public.index", lang=lang)
    return url_for(request.endpoint, **args)


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["utc_offset"] = utc_offset_label
    app.jinja_env.globals.update(
        current_language=current_language,
        url_for_language=url_for_language,
        format_event_datetime=format_event_datetime,
        format_event_span=format_event_span,
        format_local_time=format_local_time,
        format_local_date=format_local_date,
        event_clock=event_clock,
        zone_label=lambda zone_name: zone_label(zone_name, current_language()),
    )
