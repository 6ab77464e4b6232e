"""What the API's shapes share: times in UTC, and the query of a page read with a cursor."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import AwareDateTime, Integer, String
from apiflask.validators import Length, Range

UTC_TIME = {"description": "ISO 8601, in UTC"}


def utc_time(**kwargs) -> AwareDateTime:
    return AwareDateTime(format="iso", default_timezone=None, metadata=UTC_TIME, **kwargs)


class PageQuery(Schema):
    """A page of a long list: from the previous page's ``next_cursor``, ``limit`` items at most."""

    cursor = String(validate=Length(max=100), metadata={"description": "next_cursor of the previous page"})
    limit = Integer(load_default=50, validate=Range(min=1, max=200))
