"""The API's shapes of webhook endpoints and their deliveries."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import OneOf

from webinars.api.schemas.common import PageQuery, utc_time
from webinars.webhooks.models import EventType

EVENT_TYPES = [event_type.value for event_type in EventType]


class WebhookEndpointOut(Schema):
    id = Integer()
    url = String()
    description = String(allow_none=True)
    event_types = List(String(validate=OneOf(EVENT_TYPES)))
    secret = String(metadata={"description": "The Standard Webhooks signing secret (whsec_...): check each call with it"})
    enabled = Boolean()
    failing_since = utc_time(allow_none=True)  # since when every call failed; null after a success
    disabled_at = utc_time(allow_none=True)
    disabled_reason = String(allow_none=True)
    created_at = utc_time()


class WebhookEndpointItem(WebhookEndpointOut):
    """An endpoint in a list."""


class WebhookEndpointList(Schema):
    items = List(Nested(WebhookEndpointItem))


class WebhookEndpointIn(Schema):
    url = String(required=True, metadata={"description": "Where each event is POSTed; private and local addresses are refused"})
    event_types = List(String(validate=OneOf(EVENT_TYPES)), required=True, metadata={"description": "At least one"})
    description = String(allow_none=True)


class WebhookAttemptOut(Schema):
    attempted_at = utc_time()
    status_code = Integer(allow_none=True, metadata={"description": "null when no answer came (timeout, refused)"})
    duration_ms = Integer()
    response_excerpt = String(allow_none=True, metadata={"description": "The first bytes of the answer, as text"})
    error = String(allow_none=True)


class WebhookDeliveryOut(Schema):
    id = Integer()
    message_id = String(metadata={"description": "The webhook-id header"})
    type = String(validate=OneOf(EVENT_TYPES))
    sequence = Integer(allow_none=True, metadata={"description": "The organization's running number of the event"})
    occurred_at = utc_time()
    status = String(validate=OneOf(["queued", "sending", "retrying", "sent", "failed"]))
    next_attempt_at = utc_time()
    sent_at = utc_time(allow_none=True)
    last_error = String(allow_none=True)
    attempts = List(Nested(WebhookAttemptOut), metadata={"description": "Newest first"})


class WebhookDeliveryItem(WebhookDeliveryOut):
    """A delivery in a page."""


class WebhookDeliveryQuery(PageQuery):
    """A page of an endpoint's deliveries."""


class WebhookDeliveryPage(Schema):
    items = List(Nested(WebhookDeliveryItem))
    next_cursor = String(allow_none=True, metadata={"description": "null on the last page"})
