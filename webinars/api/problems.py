"""RFC 9457 problem details: every error of the API, whatever raised it, as ``application/problem+json``.

``{"type", "title", "status", "detail"}`` and, for invalid input, ``errors``: one entry per field
(``{"field": "starts_at", "message": "..."}``, in the language of ``Accept-Language``).
"""

from __future__ import annotations

from http import HTTPStatus

from flask import current_app, json, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api/"
# Problem types: "about:blank" means "the status says it all" (RFC 9457, 4.2.1); ours are named below.
VALIDATION = "/api/v1/problems/validation"
CONFLICT = "/api/v1/problems/conflict"


class Problem(Exception):
    """Raised by an API operation to answer a problem; ``errors`` name the fields at fault."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        type_: str = "about:blank",
        errors: list[dict] | None = None,
        headers: dict | None = None,
    ):
        super().__init__(detail or HTTPStatus(status).phrase)
        self.status = status
        self.detail = detail
        self.type = type_
        self.errors = errors
        self.headers = headers or {}


def invalid(errors: dict[str, list[str]] | list[dict], detail: str | None = None) -> Problem:
    """422 naming each field: ``{"starts_at": ["..."]}``."""
    if isinstance(errors, dict):
        errors = [{"field": field, "message": str(message)} for field, messages in errors.items() for message in messages]
    return Problem(422, detail or _("The request has invalid fields."), type_=VALIDATION, errors=errors)


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def response(problem: Problem):
    body = {
        "type": problem.type,
        "title": HTTPStatus(problem.status).phrase,
        "status": problem.status,
    }
    if problem.detail:
        body["detail"] = problem.detail
    if problem.errors is not None:
        body["errors"] = problem.errors
    answer = current_app.response_class(json.dumps(body), status=problem.status, mimetype=MEDIA_TYPE)
    for name, value in problem.headers.items():
        answer.headers[name] = value
    return answer


def from_http_exception(error: HTTPException):
    """A werkzeug error (404, 405, 413, 429...) of an API address as a problem, keeping its headers (Allow, Retry-After)."""
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    status = error.code or 500
    detail = error.description if status != 500 else None
    return response(Problem(status, _plain(detail), headers=headers))


def from_apiflask_error(error):
    """APIFlask's ``HTTPError``: input that failed the schema (422, with the fields), or an auth error."""
    if error.status_code == 422 and isinstance(error.detail, dict):
        errors = []
        for location, fields in error.detail.items():
            for field, messages in _flatten(fields):
                for message in messages:
                    errors.append({"field": field, "location": location, "message": str(message)})
        return response(Problem(422, _("The request has invalid fields."), type_=VALIDATION, errors=errors, headers=error.headers))
    return response(Problem(error.status_code, error.message if error.message != HTTPStatus(error.status_code).phrase else None, headers=error.headers))


def _flatten(fields, prefix: str = ""):
    """marshmallow's nested messages as ("answers.12", [messages]) pairs."""
    if isinstance(fields, dict):
        for name, value in fields.items():
            yield from _flatten(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(fields, list) and all(isinstance(item, str) for item in fields):
        yield prefix, fields
    else:
        yield prefix, [str(fields)]


def _plain(text: str | None) -> str | None:
    # Werkzeug's descriptions are plain sentences; some carry HTML-looking quotes.
    return text.replace("<", "").replace(">", "") if text else text


# The schema of every error answer in the OpenAPI document.
PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "location": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status"],
}
