"""A registrant's pages behind a personal link (``/r/<token>`` and what is under it) carry no CSRF token.

The token in the address is the secret that authorizes the request: a forged cross-site request would
need it, and whoever holds it can open the page and click anyway. A session's CSRF token adds nothing
to that, and it costs registrants: mail apps' browsers that refuse cookies, or a personal page left open
longer than the token lives (an hour), would turn "Cancel my registration" or "Save my details" into an
error page; and each visit without a cookie (people open these pages from their e-mails) would get a
session signed and sent only to hold a token. The join button (webinars/joining/routes.py) came first.

Forms (``webinars.base_form.Form``) leave their token out on these pages, the templates' action buttons
too (``csrf_token_needed``), and ``exempt_personal_link_pages`` takes their views out of Flask-WTF's
check. Pages the organizers' session protects keep theirs, as do the speakers' and signers' spaces.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_wtf import CSRFProtect

PREFIX = "/r/<token>"


def _is_personal_link_rule(rule: str) -> bool:
    return rule == PREFIX or rule.startswith(PREFIX + "/")


def is_personal_link_page() -> bool:
    """Whether this request is for a page behind a registrant's personal link."""
    if not has_request_context():
        return False
    rule = request.url_rule
    return rule is not None and _is_personal_link_rule(rule.rule)


def csrf_token_needed() -> bool:
    """For templates: whether a form on this page must carry the session's CSRF token."""
    return not is_personal_link_page()


def exempt_personal_link_pages(app: Flask, csrf: CSRFProtect) -> None:
    """Take the views behind personal links out of Flask-WTF's check (called once the routes are known)."""
    for rule in app.url_map.iter_rules():
        if _is_personal_link_rule(rule.rule):
            csrf.exempt(app.view_functions[rule.endpoint])
