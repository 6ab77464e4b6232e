"""The API's documentation page: Swagger UI on the OpenAPI document, both served by the app.

Swagger UI's files come from the ``swagger-ui-py`` package (no CDN). The page's own
Content-Security-Policy allows the inline styles Swagger UI sets; every other page keeps the
strict one of webinars/security.py.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from flask import Blueprint, abort, render_template, send_from_directory

from webinars.security import CONTENT_SECURITY_POLICY

SWAGGER_UI_FILES = Path(swagger_ui.__file__).parent / "static"
SERVED_FILES = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def docs():
    page = render_template("api/docs.html")
    return page, 200, {"Content-Security-Policy": DOCS_CONTENT_SECURITY_POLICY}


@bp.get("/api/v1/docs/assets/<filename>")
def asset(filename: str):
    if filename not in SERVED_FILES:
        abort(404)
    return send_from_directory(SWAGGER_UI_FILES, filename, max_age=24 * 3600)
