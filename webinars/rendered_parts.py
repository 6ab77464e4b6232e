"""Parts of a page rendered once per content, not once per request.

A webinar's public page is mostly its content: description, line-up, agenda, partners, organizer,
share links and add-to-calendar links. That HTML is a pure function of the rows it shows, the
visitor's language and the app's settings, yet it cost most of each rendered request (issue 20).
Here each part is rendered once per distinct input and reused while the same rows come back.

The key is the content itself, never a version number that every writer would have to remember
to bump: the values of every column loaded on the rows a part shows (``loaded_values``), and for
collections the text the database writes of their rows in the page's own statement
(webinars/events/fingerprints.py), so that the rows are loaded as objects only to render. A change
of any of them (a name, a photo's hash, a time, a status) is a new key, so there is nothing to
invalidate and nothing can be served stale. The keys are compared whole, not by a digest, so two
contents can never share an entry. The same holds for files made once (``made_once``: a
registrant's invite).

Each app process keeps ``RENDERED_PARTS_CACHE_SIZE`` parts (least recently used go first);
0 renders every time.
"""

from __future__ import annotations

import json
import threading
from contextvars import ContextVar
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from functools import cache
from typing import TypeVar

from flask import current_app, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import inspect
from sqlalchemy.orm import ColumnProperty

from webinars.i18n import current_language


T = TypeVar("T")


class _LeastRecentlyUsed:
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threaded workers share a process

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, made: object) -> None:
        with self._lock:
            self._entries[key] = made
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def render_once(
    template_name: str,
    content_key: Hashable,
    context: Callable[[], dict],
    still_current: Callable[[], bool] | None = None,
) -> Markup:
    """``template_name`` rendered with what ``context()`` returns, or the HTML it gave for the same
    ``content_key``, language and mount point (``context`` is only called to render; absolute
    addresses come from ``BASE_URL``, constant for an app, and each app keeps its own parts). ``content_key``
    must cover everything the template reads (``loaded_values`` of its rows, plus any plain values).

    ``still_current``: for a key read before the rows ``context`` loads (webinars/events/fingerprints.py),
    asked after rendering whether the key still describes the rows; when it does not (a writer came in
    between), the HTML is answered but not kept under a key it does not match."""
    return made_once(
        template_name, content_key, lambda: Markup(render_template(template_name, **context())), still_current
    )


# Stands for the visitor's CSRF token in a part rendered once (``render_once_with_csrf_hole``). Nothing
# shown can write it: the pages' text is escaped ("<" becomes "&lt;") and rendered Markdown keeps only
# known tags (nh3).
CSRF_HOLE = Markup("<csrf-token-hole>")
_rendering_with_hole: ContextVar[bool] = ContextVar("rendering_with_csrf_hole", default=False)


def csrf_token() -> str:
    """The ``csrf_token()`` templates call (webinars/__init__.py installs it over Flask-WTF's): the hole
    while a part is rendered once for every visitor, else the visitor's own token."""
    return CSRF_HOLE if _rendering_with_hole.get() else generate_csrf()


def render_once_with_csrf_hole(
    template_name: str,
    content_key: Hashable,
    context: Callable[[], dict],
    still_current: Callable[[], bool] | None = None,
) -> Markup:
    """``render_once`` for a part with forms: rendered with ``CSRF_HOLE`` for ``csrf_token()`` (and as
    ``csrf_hole``, for the forms built with ``meta={"csrf": False}`` to write in their hidden input),
    answered with this visitor's token in its place."""

    def make() -> Markup:
        rendering = _rendering_with_hole.set(True)
        try:
            return Markup(render_template(template_name, csrf_hole=CSRF_HOLE, **context()))
        finally:
            _rendering_with_hole.reset(rendering)

    html = made_once(template_name, content_key, make, still_current)
    return Markup(html.replace(CSRF_HOLE, escape(generate_csrf())))


def made_once(kind: str, content_key: Hashable, make: Callable[[], T], still_current: Callable[[], bool] | None = None) -> T:
    """What ``make()`` returns (HTML, a file's bytes), made once per ``kind``, ``content_key``, language
    and mount point, as ``render_once`` says."""
    size = current_app.config["RENDERED_PARTS_CACHE_SIZE"]
    if not size:
        return make()
    parts = current_app.extensions.get("rendered_parts")
    if parts is None or parts.size != size:
        parts = current_app.extensions["rendered_parts"] = _LeastRecentlyUsed(size)
    key = (kind, current_language(), request.script_root, content_key)
    made = parts.get(key)
    if made is None:
        made = make()
        if still_current is None or still_current():
            parts.put(key, made)
    return made


def loaded_values(rows: Iterable[object]) -> tuple:
    """Each row's class and the values of its columns, as loaded: what a template can show of it.

    Deferred columns (a photo's or a cover's bytes) are left out: what pages show of them is their
    hash, a column of its own. An expired column is loaded again here, as the template would. A column
    the query left out on purpose (``load_only``) stays out: the template does not read it either (it
    would cost a query per row, which the statement budgets in tests/query_counts catch)."""
    return tuple((type(row), *_values_of(row)) for row in rows)


def _values_of(row: object) -> list[Hashable]:
    loaded = row.__dict__  # the instance's loaded state: read directly, without the attribute machinery
    expired = inspect(row).expired_attributes
    values: list[Hashable] = []
    for key in _shown_columns(type(row)):
        if key in loaded:
            value = loaded[key]
        elif key in expired:
            value = getattr(row, key)
        else:
            values.append(_NOT_LOADED)
            continue
        values.append(value if value is None or type(value) in _PLAIN else hashable(value))
    return values


_NOT_LOADED = object()
_PLAIN = frozenset({str, int, bool, float})


def hashable(value: object) -> Hashable:
    """A value fit for a key: JSON columns and form fields hold dicts and lists, their JSON text stands for them."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


@cache
def _shown_columns(model: type) -> tuple[str, ...]:
    return tuple(
        attribute.key
        for attribute in inspect(model).attrs
        if isinstance(attribute, ColumnProperty) and not attribute.deferred
    )
