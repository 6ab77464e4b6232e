"""Wiring the API into the app: its operations, its documentation, its errors and its OpenAPI document."""

from __future__ import annotations

from apiflask import APIFlask

from webinars.api import problems

API_DESCRIPTION = """Everything an organizer does, scriptable. Authenticate with an API token of the organization
(`Authorization: Bearer wbn_...`), created by an owner on the “API tokens” page or with
`webinars api-tokens create --organization SLUG --name NAME [--scope read|write]`.

Conventions: errors are RFC 9457 problem details (`application/problem+json`; invalid fields are listed in
`errors`, in the language of `Accept-Language`); every POST honours `Idempotency-Key` (a retry within 24 hours
gets the first answer, marked `Idempotent-Replayed: true`); answers carry an `ETag` (`If-None-Match` gives 304)
and changes accept `If-Match` (412 when the resource changed meanwhile); rate limits are per token, with
`X-RateLimit-*` headers and 429; times are ISO 8601 in UTC, a webinar's IANA `timezone` beside them."""

# The POST operations that check If-Match (webinars/api/blueprint.py, check_if_match); every PATCH does too.
CHECKS_IF_MATCH = ("/publish", "/unpublish", "/cancel")
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
ERROR_DESCRIPTIONS = {
    "401": "Missing, unknown, expired or revoked token",
    "403": "The token may only read",
    "404": "Not found in the token's organization",
    "409": "Refused by a rule (seats, state, publication)",
    "412": "If-Match no longer matches",
    "422": "Invalid fields, named in `errors`",
    "429": "Rate limit reached",
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A retry with the same key within 24 hours gets the first answer, without doing anything again.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ETag read: 412 if the resource changed since.",
    "schema": {"type": "string"},
}


def init_app(app: APIFlask) -> None:
    from webinars.api import docs, people, records, registrations, webhooks, webinars  # noqa: F401  (operations attach to the blueprint)
    from webinars.api.blueprint import bp
    from webinars.extensions import csrf

    app.config["HTTP_ERROR_SCHEMA"] = problems.PROBLEM_SCHEMA
    app.config["VALIDATION_ERROR_SCHEMA"] = problems.PROBLEM_SCHEMA
    app.config["DESCRIPTION"] = API_DESCRIPTION
    csrf.exempt(bp)  # bearer tokens, no cookies: nothing for a forged cross-site request to ride on
    app.register_error_handler(problems.Problem, problems.response)
    app.register_blueprint(bp)
    app.register_blueprint(docs.bp)
    app.spec_processor(document_conventions)


# Operations grouped on the documentation page by the resource their path names (the first match).
TAGS = (
    ("/people", "People"),
    ("/lineup", "Line-up"),
    ("/agenda", "Agenda"),
    ("/questions", "Registrations"),
    ("/registrations", "Registrations"),
    ("/attendance", "Attendance"),
    ("/summary", "Summary"),
    ("/agreements", "Agreements"),
    ("/emails", "E-mails"),
    ("/webinars", "Webinars"),
    ("/webhooks", "Webhooks"),
)


TAG_ORDER = ("Webinars", "People", "Line-up", "Agenda", "Registrations", "Attendance", "Summary", "Agreements", "E-mails", "Webhooks")


def _tag_of(path: str) -> str:
    return next(tag for part, tag in TAGS if part in path)


def document_conventions(spec: dict) -> dict:
    """Every error answer as problem details, and the headers of the conventions on each operation."""
    spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = problems.PROBLEM_SCHEMA
    spec["tags"] = [{"name": name} for name in TAG_ORDER]
    for schemas in (spec["components"]["schemas"],):
        for name in [name for name in schemas if name in ("HTTPError", "ValidationError")]:
            del schemas[name]
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            operation["tags"] = [_tag_of(path)]
            codes = {"401", "429"}
            if "{" in path:
                codes.add("404")
            if method != "get":
                codes |= {"403", "409", "422"}
            if method == "patch" or (method == "post" and path.endswith(CHECKS_IF_MATCH)):
                codes.add("412")
                operation.setdefault("parameters", []).append(IF_MATCH)
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
                codes.add("422")
            if operation.get("parameters") and any(p.get("in") == "query" for p in operation["parameters"]):
                codes.add("422")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
            for code, answer in responses.items():
                if int(code) >= 400:
                    answer.pop("content", None)
                    answer["content"] = {problems.MEDIA_TYPE: {"schema": PROBLEM_REF}}
    return spec
