"""The rate limit's headers where they are read: on the API's answers, and on every refusal (429).

Flask-Limiter can add ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` to every response of a limited
address; each time that costs two more reads of the limits' storage (Redis, shared between app servers):
a third of a registration POST's Redis commands, for headers no browser reads (issue 20). Its own headers
are off (``RATELIMIT_HEADERS_ENABLED``); this hook writes the same ones, from the limit the request was
counted against, where a client uses them: the API (integrators pace their calls with them) and any 429
(``Retry-After``: when to try again).
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, request

from webinars.extensions import limiter

log = logging.getLogger(__name__)


def add_rate_limit_headers(response: Response) -> Response:
    if request.blueprint != "api" and response.status_code != 429:
        return response
    limit = limiter.current_limit
    if limit is None:  # an address without a limit
        return response
    try:
        reset_at = limit.reset_at
        remaining = limit.remaining
    except Exception:  # the storage is unreachable: the answer goes without the headers, never as a 500
        log.warning("Rate limit headers left out: the limits' storage could not be read", exc_info=True)
        return response
    response.headers["X-RateLimit-Limit"] = str(limit.limit.amount)
    response.headers["X-RateLimit-Remaining"] = str(remaining)
    response.headers["X-RateLimit-Reset"] = str(reset_at)
    if response.status_code == 429:
        response.headers["Retry-After"] = str(max(1, int(reset_at - time.time())))
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_rate_limit_headers)
