"""The API's shapes of webinars."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import AwareDateTime, Boolean, Enum, Integer, List, Nested, String
from apiflask.validators import OneOf

from webinars.api.schemas.common import utc_time
from webinars.events.models import Language, WebinarStatus


class WebinarOut(Schema):
    id = Integer()
    slug = String()
    status = Enum(WebinarStatus, by_value=True)
    title = String()
    subtitle = String(allow_none=True)
    description = String(metadata={"description": "Markdown"})
    language = Enum(Language, by_value=True)
    timezone = String(metadata={"description": "IANA zone the webinar is held in; its times are in UTC"})
    starts_at = utc_time()
    ends_at = utc_time()
    join_url = String(allow_none=True)
    join_url_is_public = Boolean()
    doors_open_minutes = Integer()
    capacity = Integer(allow_none=True)
    waitlist_enabled = Boolean()
    approval_required = Boolean()
    registration_opens_at = utc_time(allow_none=True)
    registration_closes_at = utc_time(allow_none=True)
    is_past_record = Boolean()
    reminder_minutes = List(Integer(), attribute="reminder_offsets", metadata={"description": "Minutes before the start"})
    published_at = utc_time(allow_none=True)
    cancelled_at = utc_time(allow_none=True)
    created_at = utc_time()
    updated_at = utc_time()


class WebinarIn(Schema):
    """A new webinar (a draft). The same checks as the organizer's form apply."""

    title = String(required=True)
    subtitle = String(allow_none=True)
    description = String()
    language = String(validate=OneOf([language.value for language in Language]))
    timezone = String(required=True, metadata={"example": "Africa/Casablanca"})
    starts_at = AwareDateTime(required=True, format="iso", metadata={"description": "ISO 8601 with an offset"})
    ends_at = AwareDateTime(required=True, format="iso", metadata={"description": "Same local day as starts_at"})
    join_url = String(allow_none=True, metadata={"description": "https:// address"})
    join_url_is_public = Boolean()
    doors_open_minutes = Integer(allow_none=True)
    capacity = Integer(allow_none=True)
    waitlist_enabled = Boolean()
    approval_required = Boolean()
    registration_opens_at = AwareDateTime(allow_none=True, format="iso")
    registration_closes_at = AwareDateTime(allow_none=True, format="iso")
    is_past_record = Boolean()
    reminder_minutes = List(Integer(), metadata={"description": "Minutes before the start, up to five"})


class WebinarQuery(Schema):
    status = String(validate=OneOf([status.value for status in WebinarStatus]))
    starts_after = AwareDateTime(format="iso", metadata={"description": "Webinars starting at or after this instant"})
    starts_before = AwareDateTime(format="iso", metadata={"description": "Webinars starting before this instant"})


class WebinarItem(WebinarOut):
    """A webinar in a list (its own name in the document: APIFlask names a nested schema apart)."""


class WebinarList(Schema):
    items = List(Nested(WebinarItem))
