"""The API's blueprint and the conventions every operation follows.

* Authentication: ``Authorization: Bearer <token>`` (webinars/api_tokens/); a read-only token may only read.
* Rate limits per token (Flask-Limiter, ``API_RATE_LIMIT``), with its ``X-RateLimit-*`` headers.
* ``ETag`` on every JSON answer (``If-None-Match`` gives 304 on reads), ``If-Match`` checked by
  updates (``check_if_match``: 412 when the resource changed since it was read).
* ``writes``: an operation that changes something commits here, once, and a POST with an
  ``Idempotency-Key`` stores its answer in the same transaction, replayed to retries for 24 hours.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import wraps

from apiflask import APIBlueprint, HTTPTokenAuth
from apiflask.exceptions import HTTPError
from flask import current_app, g, make_response, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.http import generate_etag

from webinars import clock
from webinars.api import problems
from webinars.api.problems import Problem
from webinars.api_tokens import service as tokens
from webinars.api_tokens.models import ApiToken, IdempotentRequest
from webinars.extensions import db, limiter
from webinars.tokens import hash_token

bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="API")

auth = HTTPTokenAuth(
    scheme="Bearer",
    description="An API token of the organization, created by an owner on the “API tokens” page "
    "or with `webinars api-tokens create`.",
)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENCY_KEPT = timedelta(hours=24)
MAX_IDEMPOTENCY_KEY = 255


@auth.verify_token
def verify_token(secret: str) -> ApiToken | None:
    token = tokens.token_for_secret(secret or "")
    if token is not None and tokens.note_use(token):
        db.session.commit()
    return token


@auth.error_processor
def authentication_failed(error):
    detail = _(
        "Send a working API token as “Authorization: Bearer <token>”: this one is missing, unknown, expired or revoked."
    )
    if error.status_code != 401:
        detail = None
    return problems.response(Problem(error.status_code, detail))


def current_token() -> ApiToken:
    return auth.current_user


@bp.before_request
@bp.auth_required(auth)
def authenticate() -> None:
    if request.method not in READ_METHODS and not current_token().can_write:
        raise Problem(403, _("This token may only read: create a read and write token to change anything."))


def rate_limit_key() -> str:
    """Limits count per token (its hash), or per address for requests without one."""
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        return "api-token:" + hash_token(secret.strip())[:32]
    return "api-address:" + (request.remote_addr or "")


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_limit_key)(bp)
# Input that fails a schema (422, naming the fields): problem details too.
bp.register_error_handler(HTTPError, problems.from_apiflask_error)


@bp.after_request
def conditional_answers(response):
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Authorization")
    if 200 <= response.status_code < 300 and response.mimetype == "application/json":
        response.add_etag()
        if request.method == "GET":
            response.make_conditional(request)
    return response


# --- ETag and If-Match ------------------------------------------------------------------------


def etag_of(representation: dict) -> str:
    """The ETag a read of this representation answers (the hash of its JSON, as ``add_etag`` makes it)."""
    return generate_etag(current_app.json.response(representation).get_data())


def check_if_match(representation: dict) -> None:
    """412 when the request says ``If-Match`` and the resource is no longer what the client read."""
    if not request.headers.get("If-Match"):
        return
    if_match = request.if_match
    if if_match.star_tag or if_match.contains(etag_of(representation)):
        return
    raise Problem(
        412, _("The resource changed since you read it: read it again, then send your change with its new ETag.")
    )


# --- Writing: one commit, and Idempotency-Key ----------------------------------------------


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.full_path):
        digest.update(part.encode() + b"\0")
    digest.update(request.get_data())
    return digest.hexdigest()


def _stored_answer(token: ApiToken, key: str) -> IdempotentRequest | None:
    return db.session.scalar(
        select(IdempotentRequest).where(
            IdempotentRequest.token_id == token.id,
            IdempotentRequest.key == key,
            IdempotentRequest.created_at > clock.now() - IDEMPOTENCY_KEPT,
        )
    )


def _replay(stored: IdempotentRequest, fingerprint: str):
    if stored.fingerprint != fingerprint:
        raise Problem(
            422,
            _("This Idempotency-Key was used for another request in the last 24 hours: use a new key for a new request."),
            type_=problems.CONFLICT,
        )
    answer = current_app.response_class(stored.body, status=stored.status_code, mimetype="application/json")
    if stored.location:
        answer.headers["Location"] = stored.location
    answer.headers["Idempotent-Replayed"] = "true"
    return answer


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None or request.method != "POST":
        return None
    key = key.strip().strip('"')
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise problems.invalid({"Idempotency-Key": [_("Send a key of 1 to 255 printable characters.")]})
    return key


def after_commit(callback) -> None:
    """Run ``callback`` once the operation's changes are committed (waking a worker for them, say)."""
    g.setdefault("api_after_commit", []).append(callback)


def writes(view):
    """The operation changes data: commit its changes once it answered 2xx, roll back otherwise.

    With an ``Idempotency-Key`` (POST), a retry of the same request within 24 hours gets the first
    answer again without doing anything; the answer is stored in the transaction of the change.
    """

    @wraps(view)
    def operation(*args, **kwargs):
        key = idempotency_key()
        token = current_token()
        fingerprint = _fingerprint() if key else ""
        if key:
            stored = _stored_answer(token, key)
            if stored is not None:
                return _replay(stored, fingerprint)
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code >= 400:
            db.session.rollback()
            return response
        if key:
            db.session.execute(
                IdempotentRequest.__table__.delete().where(
                    IdempotentRequest.token_id == token.id, IdempotentRequest.key == key
                )
            )  # an answer older than 24 hours
            db.session.add(
                IdempotentRequest(
                    token_id=token.id,
                    key=key,
                    fingerprint=fingerprint,
                    status_code=response.status_code,
                    location=response.headers.get("Location"),
                    body=response.get_data(as_text=True),
                )
            )
        try:
            db.session.commit()
            for callback in g.pop("api_after_commit", []):
                callback()
        except IntegrityError:
            # The same key, sent again while the first request was running, committed first.
            db.session.rollback()
            stored = _stored_answer(token, key) if key else None
            if stored is None:
                raise
            return _replay(stored, fingerprint)
        return response

    return operation

