"""A few seconds of memory for the public pages that anonymous visitors load most.

When a popular webinar is announced, or on its day, thousands of visitors open
the same page and the same .ics within minutes. Rendering them costs tens of
milliseconds each (queries, Markdown, templates, calendar building); serving
the same bytes again costs well under one. So each app process keeps the pages
it rendered for visitors without any cookie for ``PUBLIC_PAGE_CACHE_SECONDS``
(5 by default), keyed by host, address and language: an edit shows on the public
page at most that many seconds later, as it would behind a caching proxy. The
.ics files already allow clients and proxies five minutes (``max-age=300``).

The host (the ``Host`` header, or ``X-Forwarded-Host`` from a trusted proxy) is part of the
key, so a page is only ever served to requests for the host it was rendered for: a request
with a forged ``Host`` gets its own copy and cannot place a page under the real site's name,
whatever a page may one day take from the host. A site reachable under several names keeps one
copy per name.

Only what is the same for every such visitor is kept: GET answers 200 of the
endpoints below, without ``Set-Cookie`` and not marked private or no-store.
Anyone with a cookie (signed in, a chosen language, a session with a flashed
message or a CSRF token) gets a fresh page, and so does a member previewing a
draft. Conditional requests are still answered with 304 from the kept ETag.

A crowd does not render the same page many times over: while one request
renders an expired page, the others get the expired copy, and while the first
copy of a page is being rendered, the others wait for it (at most a few seconds).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request

CACHED_ENDPOINTS = frozenset(
    {
        "public.index",
        "public.webinar",
        "invites.public_calendar",
        "invites.organization_feed",
        "public_summaries.summary",
    }
)
ENTRIES_PER_PROCESS = 256
LARGEST_BODY = 2 * 1024 * 1024
DEFAULT_SECONDS = 5.0
RENDER_PATIENCE = 10.0  # seconds others wait for (or trust) the request rendering a page


@dataclass(frozen=True)
class KeptPage:
    expires_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class PageStore:
    """Pages by key, each until its expiry; the oldest go first when the store is full."""

    def __init__(self, size: int = ENTRIES_PER_PROCESS):
        self._pages: dict[tuple, KeptPage] = {}
        self._rendering: dict[tuple, tuple[threading.Event, float]] = {}  # key -> (done, started at)
        self._size = size
        self._lock = threading.Lock()

    def lookup(self, key: tuple, now: float) -> tuple[KeptPage | None, bool]:
        """The page to serve, or None to render it; True when this request is the one rendering it
        for the others, and must call ``rendered(key)`` once done, whatever the outcome."""
        waited = False
        while True:
            with self._lock:
                page = self._pages.get(key)
                rendering = self._rendering.get(key)
                if rendering is not None and now - rendering[1] > RENDER_PATIENCE:
                    rendering = None  # its request died or hangs: another one renders
                if page is not None and page.expires_at > now:
                    return page, False
                if rendering is None:
                    if waited:
                        return None, False  # the page could not be kept (an error...): render it too
                    self._rendering[key] = (threading.Event(), now)
                    return None, True
                if page is not None:
                    return page, False  # the expired copy, while the new one is being rendered
                done = rendering[0]
            done.wait(RENDER_PATIENCE)
            waited, now = True, time.monotonic()

    def rendered(self, key: tuple) -> None:
        with self._lock:
            rendering = self._rendering.pop(key, None)
        if rendering is not None:
            rendering[0].set()

    def put(self, key: tuple, page: KeptPage) -> None:
        with self._lock:
            self._pages.pop(key, None)
            while len(self._pages) >= self._size:
                del self._pages[next(iter(self._pages))]  # dicts keep insertion order: the oldest
            self._pages[key] = page


def cache_seconds(app: Flask) -> float:
    """``PUBLIC_PAGE_CACHE_SECONDS``; unset, 5 seconds, but none under TESTING, where a test that
    changes a webinar expects to see the change on the next request."""
    configured = app.config.get("PUBLIC_PAGE_CACHE_SECONDS")
    if configured is None:
        return 0.0 if app.testing else DEFAULT_SECONDS
    return float(configured)


def init_app(app: Flask) -> None:
    if cache_seconds(app) <= 0:
        return
    app.extensions["page_cache"] = PageStore()
    # First of the before-request hooks: a kept page needs none of the others (the rate
    # limiter's check, for one, costs as much as serving the page, and these pages have no limit).
    app.before_request_funcs.setdefault(None, []).insert(0, serve_kept_page)
    app.after_request(keep_page)
    app.teardown_request(release_waiting_requests)


def _key() -> tuple | None:
    """The page's key, or None when this request must not be served from (or into) the store."""
    if "page_cache_key" not in g:
        g.page_cache_key = _key_of_request()
    return g.page_cache_key


def _key_of_request() -> tuple | None:
    if request.method != "GET" or request.endpoint not in CACHED_ENDPOINTS:
        return None
    if "Cookie" in request.headers or "Authorization" in request.headers:
        return None
    if "lang" in request.args:
        return None  # an explicit choice of language: its answer sets the language cookie
    # The language the page will be in: webinars.i18n.select_locale's choice without ?lang= or cookie.
    language = request.accept_languages.best_match(current_app.config["LANGUAGES"])
    return (
        request.host.lower(),
        request.path,
        request.query_string,
        language or current_app.config["BABEL_DEFAULT_LOCALE"],
    )


def serve_kept_page():
    key = _key()
    if key is None:
        return None
    page, renders_for_others = current_app.extensions["page_cache"].lookup(key, time.monotonic())
    if page is None:
        g.page_cache_rendering = renders_for_others
        return None
    g.served_from_page_cache = True
    response = Response(page.body, status=page.status, headers=list(page.headers))
    return response.make_conditional(request)


def keep_page(response: Response) -> Response:
    if g.get("served_from_page_cache"):
        return response
    key = _key()
    if (
        key is None
        or response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or any(word in response.headers.get("Cache-Control", "") for word in ("private", "no-store"))
    ):
        return response
    body = response.get_data()
    if len(body) <= LARGEST_BODY:
        expires_at = time.monotonic() + cache_seconds(current_app)
        headers = tuple((name, value) for name, value in response.headers.items() if name != "Content-Length")
        current_app.extensions["page_cache"].put(key, KeptPage(expires_at, response.status_code, headers, body))
    return response


def release_waiting_requests(error=None) -> None:
    """The rendering request is over (kept or not, even after an error): let the waiting ones go."""
    if g.pop("page_cache_rendering", False):
        current_app.extensions["page_cache"].rendered(_key())
