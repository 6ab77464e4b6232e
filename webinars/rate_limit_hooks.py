"""Flask-Limiter's per-request hooks, run only for the requests they can act on.

Flask-Limiter registers three hooks that run on every request: a check before the view, an after-request
hook (conditional deductions and its own headers) and the release of its per-request context. For a page
no limit applies to they find nothing to do, and that cost 0.13 ms of every page: 7% of a rendered webinar
page (issue 20). The app's limits are of two kinds:

- decorated views (the registration form's POST, signing in): the decorator checks the limit in its own
  wrapper, whatever the hooks do;
- the API's blueprint limit, which only the before-request check applies.

So the hooks run for the API's requests (``CHECKED_BLUEPRINTS``) and are skipped for the others. Nothing
is lost by skipping the other two elsewhere: no limit deducts conditionally (``deduct_when``), the library's
own headers are off (``webinars/rate_limit_headers.py`` writes them), and its context lives on the request's
context, gone with it. A limit for every page (``default_limits``) would need its blueprints listed here:
``install`` refuses a limiter that has some.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, request
from flask_limiter import Limiter

CHECKED_BLUEPRINTS = frozenset({"api"})


def init_app(app: Flask, limiter: Limiter) -> None:
    """``limiter.init_app(app)``, with its hooks run only for ``CHECKED_BLUEPRINTS``' requests."""
    hooks = (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)
    before = [list(registry.get(None, ())) for registry in hooks]
    limiter.init_app(app)
    if limiter.limit_manager.default_limits or limiter.limit_manager.application_limits:  # read from the config
        raise ValueError("limits for every page: list their blueprints in CHECKED_BLUEPRINTS, or drop this gate")
    for registry, known in zip(hooks, before):
        registry[None] = [hook if hook in known else _only_where_checked(hook) for hook in registry.get(None, ())]


def _only_where_checked(hook: Callable) -> Callable:
    @wraps(hook)
    def gated(*args):
        if request.blueprint in CHECKED_BLUEPRINTS:
            return hook(*args)
        return args[0] if args else None  # an after-request hook hands the response on

    return gated
