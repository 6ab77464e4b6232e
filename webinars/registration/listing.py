"""The organizer's list of a webinar's registrants: search, filter by state, sort, page.

Pagination is by keyset, not by OFFSET. ``OFFSET n`` makes the database walk
and throw away n rows, so with 100,000 registrations the last pages cost as
much as reading them all. A keyset page starts right after the last row of the
previous page (``WHERE (last_name, first_name, id) > (:last, :first, :id)``):
with an index whose columns are the sort keys (the ``ix_registrations_webinar_by_*``
indexes on ``Registration``) every page is one index range scan of
``PAGE_SIZE`` rows, the first as the last. The id ends every sort key, so the
order is total and no row is skipped or shown twice between pages.

Searching (a substring of the name, e-mail or organization, any case) cannot
use a b-tree index: it reads the webinar's rows once, which stays well under a
second at 100,000 rows. A trigram index (pg_trgm) would be the next step.

A sort is a list of segments, each a run of rows in one key order. Most sorts
have one segment; "by organization" has two, registrants with an organization
(by organization, then name) and then those without one (by name), because a
keyset comparison cannot step over NULLs and an index cannot order
``COALESCE(...)`` without an expression index. A cursor names its segment and
the keys of its row.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, tuple_

from webinars.extensions import db
from webinars.registration.models import Answer, Registration, RegistrationState

PAGE_SIZE = 50


class SortOrder(enum.StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    NAME = "name"
    ORGANIZATION = "organization"


@dataclass(frozen=True)
class Segment:
    keys: tuple[Any, ...]  # columns, the last one Registration.id
    descending: bool = False
    where: ColumnElement[bool] | None = None


NAME_KEYS = (Registration.last_name, Registration.first_name, Registration.id)

SEGMENTS: dict[SortOrder, tuple[Segment, ...]] = {
    SortOrder.NEWEST: (Segment((Registration.id,), descending=True),),
    SortOrder.OLDEST: (Segment((Registration.id,)),),
    SortOrder.NAME: (Segment(NAME_KEYS),),
    SortOrder.ORGANIZATION: (
        Segment((Registration.affiliation, *NAME_KEYS), where=Registration.affiliation.is_not(None)),
        Segment(NAME_KEYS, where=Registration.affiliation.is_(None)),
    ),
}


@dataclass(frozen=True)
class Filters:
    search: str = ""
    state: RegistrationState | None = None
    sort: SortOrder = SortOrder.NEWEST


@dataclass(frozen=True)
class Cursor:
    segment: int
    keys: tuple[Any, ...]

    def encode(self) -> str:
        raw = json.dumps([self.segment, *self.keys], separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, text: str | None, sort: SortOrder) -> Cursor | None:
        """The cursor in a page link; None for a missing or tampered one (the first page is shown)."""
        if not text or len(text) > 2000:
            return None
        try:
            values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return None
        if not isinstance(values, list) or not values or not isinstance(values[0], int):
            return None
        segments = SEGMENTS[sort]
        segment, keys = values[0], tuple(values[1:])
        if not 0 <= segment < len(segments) or len(keys) != len(segments[segment].keys):
            return None
        *texts, last_id = keys
        if not all(isinstance(value, str) for value in texts) or type(last_id) is not int:
            return None
        return cls(segment, keys)


@dataclass
class Page:
    registrations: list[Registration]
    answers: dict[int, dict[int, list[str]]]  # registration id -> question id -> values
    next_cursor: str | None
    previous_cursor: str | None


def _filtered(webinar_id: int, filters: Filters) -> Select:
    query = select(Registration).where(Registration.webinar_id == webinar_id)
    if filters.state is not None:
        query = query.where(Registration.state == filters.state)
    # No stored name holds a control character (the input-cleaning rule refuses them), and PostgreSQL
    # refuses a NUL in a query: a search for them, from any caller, finds what the rest of the text finds.
    searched = "".join(character if character.isprintable() else " " for character in filters.search)
    for word in searched.split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # ILIKE on PostgreSQL, lower(...) LIKE lower(...) on SQLite.
        query = query.where(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (
                        Registration.first_name,
                        Registration.last_name,
                        Registration.email,
                        Registration.affiliation,
                    )
                )
            )
        )
    return query


def _cursor_of(registration: Registration, segment_index: int, segment: Segment) -> Cursor:
    return Cursor(segment_index, tuple(getattr(registration, column.key) for column in segment.keys))


def _rows_of_segment(
    base: Select, segment: Segment, after: Cursor | None, limit: int, backwards: bool
) -> list[Registration]:
    """Rows of one segment after (or, ``backwards``, before) the cursor, nearest first."""
    query = base if segment.where is None else base.where(segment.where)
    descending = segment.descending != backwards
    if after is not None:
        keys = tuple_(*segment.keys) if len(segment.keys) > 1 else segment.keys[0]
        values = tuple_(*after.keys) if len(after.keys) > 1 else after.keys[0]
        query = query.where(keys < values if descending else keys > values)
    order = [column.desc() if descending else column.asc() for column in segment.keys]
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


def _walk(
    base: Select, segments: tuple[Segment, ...], cursor: Cursor | None, backwards: bool
) -> list[tuple[int, Registration]]:
    """Up to PAGE_SIZE + 1 rows from the cursor on, across segments, with their segment's index."""
    found: list[tuple[int, Registration]] = []
    start = cursor.segment if cursor else (len(segments) - 1 if backwards else 0)
    order = range(start, -1, -1) if backwards else range(start, len(segments))
    for index in order:
        after = cursor if cursor is not None and index == cursor.segment else None
        rows = _rows_of_segment(base, segments[index], after, PAGE_SIZE + 1 - len(found), backwards)
        found.extend((index, row) for row in rows)
        if len(found) > PAGE_SIZE:
            break
    return found


def registrations_page(
    webinar_id: int, filters: Filters, after: str | None = None, before: str | None = None
) -> Page:
    """One page of the list. ``after``: the page following that cursor; ``before``: the one preceding it."""
    segments = SEGMENTS[filters.sort]
    base = _filtered(webinar_id, filters)
    before_cursor = Cursor.decode(before, filters.sort)
    after_cursor = None if before_cursor else Cursor.decode(after, filters.sort)

    if before_cursor is not None:
        found = _walk(base, segments, before_cursor, backwards=True)
        if len(found) > PAGE_SIZE:
            rows = list(reversed(found[:PAGE_SIZE]))
            has_previous, has_next = True, True
        else:
            # Back at the beginning: show the first page, full, rather than a short one.
            found = _walk(base, segments, None, backwards=False)
            rows, has_previous, has_next = found[:PAGE_SIZE], False, len(found) > PAGE_SIZE
    else:
        found = _walk(base, segments, after_cursor, backwards=False)
        rows, has_previous, has_next = found[:PAGE_SIZE], after_cursor is not None, len(found) > PAGE_SIZE

    registrations = [registration for _index, registration in rows]
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    return Page(
        registrations=registrations,
        answers=answers_of([registration.id for registration in registrations]),
        next_cursor=_cursor_of(last[1], last[0], segments[last[0]]).encode() if has_next and last else None,
        previous_cursor=_cursor_of(first[1], first[0], segments[first[0]]).encode()
        if has_previous and first
        else None,
    )


def answers_of(registration_ids: list[int]) -> dict[int, dict[int, list[str]]]:
    """The answers of the listed registrations only, in one query."""
    answers: dict[int, dict[int, list[str]]] = {registration_id: {} for registration_id in registration_ids}
    if registration_ids:
        rows = db.session.execute(
            select(Answer.registration_id, Answer.question_id, Answer.value)
            .where(Answer.registration_id.in_(registration_ids))
            .order_by(Answer.id)
        )
        for registration_id, question_id, value in rows:
            answers[registration_id].setdefault(question_id, []).append(value)
    return answers


def confirmed_filters(search: str = "") -> Filters:
    """The check-in list: confirmed registrants by name."""
    return Filters(search=search, state=RegistrationState.CONFIRMED, sort=SortOrder.NAME)

