"""Webhook endpoints: an owner adds, changes, switches off and removes them, reads their deliveries
and sends one again; the worker disables one that keeps failing. The events themselves are written
by events.py, with the changes they describe."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from sqlalchemy import delete, select

from webinars import clock
from webinars.accounts.models import Membership, Organization, Role, User
from webinars.extensions import db
from webinars.mail.models import OutboxStatus
from webinars.mail.service import PENDING_FLAG, queue_email
from webinars.urls import absolute_url
from webinars.webhooks import transport
from webinars.webhooks.events import forget_subscriptions
from webinars.webhooks.models import (
    EventType,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookSequence,
)


class EndpointRefused(Exception):
    """The URL may not be used; ``refusal`` says why (``refusal.kind`` for the page's sentence)."""

    def __init__(self, refusal: transport.RefusedTarget):
        super().__init__(refusal.reason)
        self.refusal = refusal


# --- Endpoints ---------------------------------------------------------------------------------


def new_secret() -> str:
    """A Standard Webhooks signing secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_url(url: str) -> None:
    """Refuse a URL the worker would refuse to call (loopback, private, metadata... addresses)."""
    try:
        transport.checked_target(url)
    except transport.RefusedTarget as refused:
        raise EndpointRefused(refused) from refused


def endpoints_of(organization: Organization) -> list[WebhookEndpoint]:
    return list(
        db.session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization.id).order_by(WebhookEndpoint.id)
        )
    )


def add_endpoint(
    organization: Organization, url: str, event_types: list[str], description: str | None, language: str
) -> WebhookEndpoint:
    check_url(url)
    endpoint = WebhookEndpoint(
        organization_id=organization.id,
        url=url,
        event_types=" ".join(EventType(value).value for value in event_types),
        description=(description or "").strip() or None,
        secret=new_secret(),
        enabled=True,
        language=language,
    )
    db.session.add(endpoint)
    forget_subscriptions()
    if db.session.get(WebhookSequence, organization.id) is None:
        db.session.add(WebhookSequence(organization_id=organization.id, last_sequence=0))
    db.session.flush()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, url: str, event_types: list[str], description: str | None) -> None:
    if url != endpoint.url:
        check_url(url)
    endpoint.url = url
    endpoint.event_types = " ".join(EventType(value).value for value in event_types)
    endpoint.description = (description or "").strip() or None
    forget_subscriptions()
    db.session.flush()


def enable(endpoint: WebhookEndpoint) -> None:
    check_url(endpoint.url)
    endpoint.enabled = True
    endpoint.failing_since = endpoint.disabled_at = endpoint.disabled_reason = None
    forget_subscriptions()
    db.session.flush()


def disable(endpoint: WebhookEndpoint, reason: str | None = None) -> None:
    endpoint.enabled = False
    endpoint.disabled_at = clock.now()
    endpoint.disabled_reason = reason
    forget_subscriptions()
    db.session.flush()


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Remove the endpoint with its deliveries and their attempts; an event no other endpoint was
    to receive goes too. A worker sending one of them meanwhile finds nothing to record (it checks)."""
    delivery_ids = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)
    event_ids = list(db.session.scalars(select(WebhookDelivery.event_id).where(WebhookDelivery.endpoint_id == endpoint.id)))
    db.session.execute(
        delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(delivery_ids)).execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id).execution_options(synchronize_session=False)
    )
    if event_ids:
        still_sent = select(WebhookDelivery.event_id).where(WebhookDelivery.event_id.in_(event_ids))
        db.session.execute(
            delete(WebhookEvent)
            .where(WebhookEvent.id.in_(event_ids), WebhookEvent.id.not_in(still_sent))
            .execution_options(synchronize_session=False)
        )
    db.session.delete(endpoint)
    forget_subscriptions()
    db.session.flush()


def recent_deliveries(endpoint: WebhookEndpoint, limit: int = 50) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .join(WebhookDelivery.event)
            .where(WebhookDelivery.endpoint_id == endpoint.id)
            .order_by(WebhookEvent.sequence.desc())
            .limit(limit)
        )
    )


def attempts_by_delivery(deliveries: list[WebhookDelivery]) -> dict[int, list[WebhookAttempt]]:
    found: dict[int, list[WebhookAttempt]] = {delivery.id: [] for delivery in deliveries}
    if not found:
        return found
    for attempt in db.session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(list(found)))
        .order_by(WebhookAttempt.attempted_at.desc(), WebhookAttempt.id.desc())
    ):
        found[attempt.delivery_id].append(attempt)
    return found


def redeliver(delivery: WebhookDelivery) -> None:
    """The owner's "Send again": due now, with a new three-day retry window (even if it was sent)."""
    now = clock.now()
    delivery.status = OutboxStatus.QUEUED
    delivery.queued_at = delivery.next_attempt_at = now
    delivery.last_error = None
    delivery.claimed_by = None
    db.session.info[PENDING_FLAG] = True
    db.session.flush()


def owners_of(organization_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organization_id == organization_id, Membership.role == Role.OWNER)
            .order_by(User.id)
        )
    )


def disable_after_failures(endpoint: WebhookEndpoint, since: datetime) -> None:
    """The worker's verdict on an endpoint failing since ``since``: disabled, and the owners told."""
    disable(endpoint, f"every call failed since {since.isoformat()}")
    organization = db.session.get(Organization, endpoint.organization_id)
    for owner in owners_of(endpoint.organization_id):
        queue_email(
            kind="webhook_disabled",
            template="webhook_disabled",
            to_address=owner.email,
            to_name=owner.full_name,
            language=endpoint.language,
            organization_id=endpoint.organization_id,
            sender_name=organization.name,
            context={
                "organization": organization,
                "endpoint": endpoint,
                "since": since,
                # Written by the worker, outside any request: the path is spelled out.
                "page_url": absolute_url(f"/manage/{organization.slug}/webhooks/{endpoint.id}"),
            },
        )
