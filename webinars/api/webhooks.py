"""Webhook endpoints of the token's organization: list, read, add, change, enable, disable, delete,
their deliveries with each attempt (cursor pages), and sending one again (webinars/webhooks/service.py).

The input goes through the owners' form (``EndpointForm``) and the service, as on the settings page:
an address the worker would refuse to call (private, local, metadata...) is a 422 naming ``url``.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webinars import cleaning
from webinars.api import validation
from webinars.api.blueprint import bp, check_if_match, current_token, writes
from webinars.api.problems import Problem, invalid
from webinars.api.registrations import _decode_cursor, _encode_cursor
from webinars.api.schemas.webhooks import (
    WebhookDeliveryOut,
    WebhookDeliveryPage,
    WebhookDeliveryQuery,
    WebhookEndpointIn,
    WebhookEndpointList,
    WebhookEndpointOut,
)
from webinars.extensions import db
from webinars.i18n import current_language
from webinars.webhooks import service
from webinars.webhooks.forms import EndpointForm
from webinars.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webinars.webhooks.routes import refusal_message


def endpoint_or_404(endpoint_id: int) -> WebhookEndpoint:
    fits = cleaning.INTEGER_MIN <= endpoint_id <= cleaning.INTEGER_MAX
    endpoint = db.session.get(WebhookEndpoint, endpoint_id) if fits else None
    if endpoint is None or endpoint.organization_id != current_token().organization_id:
        raise Problem(404, _("No webhook endpoint of your organization has this id."))
    return endpoint


def delivery_or_404(endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    fits = cleaning.INTEGER_MIN <= delivery_id <= cleaning.INTEGER_MAX
    delivery = db.session.get(WebhookDelivery, delivery_id) if fits else None
    if delivery is None or delivery.endpoint_id != endpoint.id:
        raise Problem(404, _("This webhook endpoint has no delivery with this id."))
    return delivery


def endpoint_view(endpoint: WebhookEndpoint) -> dict:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types.split(),
        "secret": endpoint.secret,
        "enabled": endpoint.enabled,
        "failing_since": endpoint.failing_since,
        "disabled_at": endpoint.disabled_at,
        "disabled_reason": endpoint.disabled_reason,
        "created_at": endpoint.created_at,
    }


def delivery_view(delivery: WebhookDelivery, attempts: list[WebhookAttempt]) -> dict:
    return {
        "id": delivery.id,
        "message_id": delivery.event.message_id,
        "type": delivery.event.type,
        "sequence": delivery.event.sequence,
        "occurred_at": delivery.event.occurred_at,
        "status": delivery.status.value,
        "next_attempt_at": delivery.next_attempt_at,
        "sent_at": delivery.sent_at,
        "last_error": delivery.last_error,
        "attempts": [
            {
                "attempted_at": attempt.attempted_at,
                "status_code": attempt.status_code,
                "duration_ms": attempt.duration_ms,
                "response_excerpt": attempt.response_excerpt,
                "error": attempt.error,
            }
            for attempt in attempts
        ],
    }


def _validated(url: str | None, event_types: list[str] | None, description: str | None) -> EndpointForm:
    """The settings page's form, filled from the body: its rules and messages, under the API's names."""
    return validation.validated_form(
        EndpointForm, {"url": url, "event_types": list(event_types or []), "description": description}
    )


def _refused(refused: service.EndpointRefused) -> Problem:
    return invalid({"url": [refusal_message(refused)]})


@bp.get("/webhooks")
@bp.output(WebhookEndpointList)
@bp.doc(summary="List the organization's webhook endpoints")
def list_webhook_endpoints():
    organization = current_token().organization
    return {"items": [endpoint_view(endpoint) for endpoint in service.endpoints_of(organization)]}


@bp.post("/webhooks")
@writes
@bp.input(WebhookEndpointIn, arg_name="body")
@bp.output(WebhookEndpointOut, status_code=201)
@bp.doc(
    summary="Add a webhook endpoint",
    description="Enabled at once. The answer carries its signing `secret` (Standard Webhooks): put it in "
    "your receiver to check each call. Addresses of private, local or cloud metadata networks are refused (422).",
)
def create_webhook_endpoint(body: dict):
    form = _validated(body.get("url"), body.get("event_types"), body.get("description"))
    try:
        endpoint = service.add_endpoint(
            current_token().organization, form.url.data, form.event_types.data, form.description.data, current_language()
        )
    except service.EndpointRefused as refused:
        raise _refused(refused) from refused
    return endpoint_view(endpoint), 201, {"Location": url_for("api.get_webhook_endpoint", endpoint_id=endpoint.id)}


@bp.get("/webhooks/<int:endpoint_id>")
@bp.output(WebhookEndpointOut)
@bp.doc(summary="Read a webhook endpoint", description="With its signing secret, as the settings page shows it.")
def get_webhook_endpoint(endpoint_id: int):
    return endpoint_view(endpoint_or_404(endpoint_id))


@bp.patch("/webhooks/<int:endpoint_id>")
@writes
@bp.input(WebhookEndpointIn(partial=True), arg_name="body")
@bp.output(WebhookEndpointOut)
@bp.doc(summary="Change a webhook endpoint", description="Only the fields sent change (address, events, description).")
def update_webhook_endpoint(endpoint_id: int, body: dict):
    endpoint = endpoint_or_404(endpoint_id)
    check_if_match(WebhookEndpointOut().dump(endpoint_view(endpoint)))
    form = _validated(
        body.get("url", endpoint.url),
        body.get("event_types", endpoint.event_types.split()),
        body.get("description", endpoint.description),
    )
    try:
        service.update_endpoint(endpoint, form.url.data, form.event_types.data, form.description.data)
    except service.EndpointRefused as refused:
        raise _refused(refused) from refused
    return endpoint_view(endpoint)


@bp.post("/webhooks/<int:endpoint_id>/enable")
@writes
@bp.output(WebhookEndpointOut)
@bp.doc(summary="Enable a webhook endpoint", description="New events are sent to it again; its address is checked again.")
def enable_webhook_endpoint(endpoint_id: int):
    endpoint = endpoint_or_404(endpoint_id)
    try:
        service.enable(endpoint)
    except service.EndpointRefused as refused:
        raise _refused(refused) from refused
    return endpoint_view(endpoint)


@bp.post("/webhooks/<int:endpoint_id>/disable")
@writes
@bp.output(WebhookEndpointOut)
@bp.doc(summary="Disable a webhook endpoint", description="Nothing more is sent to it until it is enabled again.")
def disable_webhook_endpoint(endpoint_id: int):
    endpoint = endpoint_or_404(endpoint_id)
    service.disable(endpoint)
    return endpoint_view(endpoint)


@bp.delete("/webhooks/<int:endpoint_id>")
@writes
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a webhook endpoint", description="With its deliveries, sent or waiting, and their attempts.")
def delete_webhook_endpoint(endpoint_id: int):
    service.delete_endpoint(endpoint_or_404(endpoint_id))
    return "", 204


@bp.get("/webhooks/<int:endpoint_id>/deliveries")
@bp.input(WebhookDeliveryQuery, location="query", arg_name="query")
@bp.output(WebhookDeliveryPage)
@bp.doc(
    summary="List an endpoint's deliveries",
    description="Newest first, each with its attempts; pass `next_cursor` as `cursor` for the next page.",
)
def list_webhook_deliveries(endpoint_id: int, query: dict):
    endpoint = endpoint_or_404(endpoint_id)
    limit = query["limit"]
    statement = (
        select(WebhookDelivery)
        .options(selectinload(WebhookDelivery.event))
        .where(WebhookDelivery.endpoint_id == endpoint.id)
    )
    if query.get("cursor"):
        statement = statement.where(WebhookDelivery.id < _decode_cursor(query["cursor"]))
    rows = list(db.session.scalars(statement.order_by(WebhookDelivery.id.desc()).limit(limit + 1)))
    page = rows[:limit]
    attempts = service.attempts_by_delivery(page)
    return {
        "items": [delivery_view(delivery, attempts[delivery.id]) for delivery in page],
        "next_cursor": _encode_cursor(page[-1].id) if len(rows) > limit else None,
    }


@bp.post("/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver")
@writes
@bp.output(WebhookDeliveryOut)
@bp.doc(
    summary="Send a delivery again",
    description="Due now, with a new three-day retry window, even if it was sent. 409 while the endpoint is disabled.",
)
def redeliver_webhook(endpoint_id: int, delivery_id: int):
    endpoint = endpoint_or_404(endpoint_id)
    delivery = delivery_or_404(endpoint, delivery_id)
    if not endpoint.enabled:
        raise Problem(409, _("Enable the endpoint first."))
    service.redeliver(delivery)
    return delivery_view(delivery, service.attempts_by_delivery([delivery])[delivery.id])
