"""Filters and globals available in every template."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask, request
from jinja2 import pass_eval_context
from markupsafe import Markup

from webinars.french import name_words, of_name
from webinars.i18n import (
    current_language,
    event_clock,
    format_event_datetime,
    format_event_span,
    format_event_date,
    format_local_date,
    format_local_time,
)
from webinars.markdown import render_markdown
from webinars.timezones import utc_offset_label
from webinars.urls import return_target
from webinars.zone_names import zone_label

# Characters left as they are in a path (RFC 3986's pchar and "/"); the rest is percent-encoded.
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def url_for_language(lang: str) -> str:
    """The current page in another language: its own path and query string, with ``lang`` set.

    Built from the request as it came, never through ``url_for``: query arguments are the
    visitor's to choose, and passed to ``url_for`` as keywords, ``?endpoint=`` or ``?_method=``
    collided with its own parameters (a 500 on every page).
    """
    query = [(name, value) for name, value in request.args.items(multi=True) if name != "lang"]
    query.append(("lang", lang))
    # One leading slash: "//host/..." would be a link to another site.
    path = "/" + quote(request.path.lstrip("/"), safe=PATH_SAFE)
    return f"{request.script_root}{path}?{urlencode(query)}"


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    _install_gettext(app)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["utc_offset"] = utc_offset_label
    app.jinja_env.globals.update(
        current_language=current_language,
        url_for_language=url_for_language,
        format_event_datetime=format_event_datetime,
        format_event_span=format_event_span,
        format_local_time=format_local_time,
        format_local_date=format_local_date,
        format_event_date=format_event_date,
        event_clock=event_clock,
        return_target=return_target,
        zone_label=lambda zone_name: zone_label(zone_name, current_language()),
        organization_words=organization_words,
        of_name=lambda name: of_name(name, current_language()),
    )


def _install_gettext(app: Flask) -> None:
    """Templates' ``_``, ``ngettext``... straight to the request's catalog (webinars/i18n.py): Flask-Babel's
    own callables first look up the message domain through ``g``, for every string of every page."""
    from webinars.extensions import babel

    domain = babel.domain_instance
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: domain.get_translations().ugettext(message),
        ngettext=lambda singular, plural, n: domain.get_translations().ungettext(singular, plural, n),
        pgettext=lambda context, message: domain.get_translations().upgettext(context, message),
        npgettext=lambda context, singular, plural, n: domain.get_translations().unpgettext(context, singular, plural, n),
        newstyle=True,
    )

    # ``_`` and ``gettext`` as one call: Jinja's newstyle alias resolves ``gettext`` and calls through the
    # template context twice for each string (a page's frame alone translates a dozen). Same result: the
    # translation marked safe where the template escapes, then formatted with its variables (which are
    # escaped), "%%" included.
    @pass_eval_context
    def gettext(eval_context, message: str, /, **variables) -> str:
        text = domain.get_translations().ugettext(message)
        if eval_context.autoescape:
            text = Markup(text)
        return text % variables

    app.jinja_env.globals.update(_=gettext, gettext=gettext)


def organization_words(organization, language: str | None = None) -> dict[str, str]:
    """The organization's name as sentences use it, in ``language`` (the page's by default):
    ``_("...%(of_organization)s...", **organization_words(organization))``."""
    return name_words(organization.name, organization.name_article, language or current_language())
