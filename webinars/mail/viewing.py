"""Showing a message as it was sent, to an organizer: sanitized, with personal links masked.

An organizer never sees a registrant's, a signer's or a speaker's token: every address of a route
that takes a ``token`` (``/r/<token>``, ``/sign/<token>``, ``/s/<token>``, ``/invitations/<token>``...)
is shown with the token replaced by a mask. The prefixes come from the app's own routes, so a
new kind of personal link is masked without a change here.
"""

from __future__ import annotations

import re

import nh3
from flask import current_app
from markupsafe import Markup

MASK = "••••••"
# What ``secrets.token_urlsafe`` produces (webinars/tokens.py), with room for longer ones.
_TOKEN = r"[A-Za-z0-9_-]{16,200}"

_ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "li", "ol", "p",
    "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}


def _token_prefixes() -> list[str]:
    prefixes = set()
    for rule in current_app.url_map.iter_rules():
        if "token" in rule.arguments:
            prefix = rule.rule.split("<", 1)[0]
            if prefix.endswith("/") and len(prefix) > 1:
                prefixes.add(prefix)
    return sorted(prefixes, key=len, reverse=True)


def _pattern() -> re.Pattern:
    cached = current_app.extensions.get("personal_link_pattern")
    if cached is None:
        alternatives = "|".join(re.escape(prefix) for prefix in _token_prefixes())
        # A path prefix then a token; or any "token=" parameter of a query string.
        cached = re.compile(rf"((?:{alternatives}))({_TOKEN})|([?&](?:amp;)?token=)({_TOKEN})")
        current_app.extensions["personal_link_pattern"] = cached
    return cached


def mask_personal_links(text: str | None) -> str:
    """``text`` with the token of every personal link replaced by ``MASK``."""
    if not text:
        return ""
    return _pattern().sub(lambda match: (match[1] or match[3]) + MASK, text)


def sanitized_email_html(html: str | None) -> Markup:
    """The HTML part of an e-mail, safe to show inside a page: no scripts, styles, forms or images
    from elsewhere; links kept (rel=noopener); personal links masked."""
    clean = nh3.clean(
        html or "",
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        clean_content_tags={"script", "style", "title", "head"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(mask_personal_links(clean))
