"""Conditional GETs for public pages: an ETag from the page itself, and 304 for who already has it."""

from __future__ import annotations

from flask import Response, g, request


def answer_conditional_requests(response: Response) -> Response:
    """ETag from the page itself: a visitor (or a poller) who already has this
    version gets a 304 without the body. Pages differ by language and by who
    is signed in, so they are revalidated every time and vary on those.

    Use it as a blueprint's ``after_request``. Previews marked ``no-store`` are left alone.
    """
    if g.get("served_from_page_cache"):
        # Kept with its ETag and Vary, and already answered conditionally (webinars/page_cache.py):
        # parsing and hashing it again cost a quarter of serving it.
        return response
    if request.method == "GET" and response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", ""):
        response.add_etag()
        response.headers.setdefault("Cache-Control", "no-cache")
        response.vary.update(("Cookie", "Accept-Language"))
        response.make_conditional(request)
    return response
