"""Webhook endpoints, and the events written with the changes they describe.

``record_*`` functions are called by the services where a change happens, inside its transaction:
the event and one delivery row per subscribed endpoint are written with the change, numbered just
before its commit, and go (or vanish) with its commit (or rollback). They cost one query per
transaction for an organization without endpoints.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
import weakref
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, delete, insert, inspect, select, update
from sqlalchemy.event import contains as event_listened
from sqlalchemy.event import listen
from sqlalchemy.orm import Session

from webinars import clock
from webinars.accounts.models import Membership, Organization, Role, User
from webinars.extensions import db
from webinars.mail.models import OutboxStatus
from webinars.mail.service import PENDING_FLAG, queue_email
from webinars.urls import absolute_url
from webinars.webhooks import transport
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
    _forget_subscriptions()
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
    _forget_subscriptions()
    db.session.flush()


def enable(endpoint: WebhookEndpoint) -> None:
    check_url(endpoint.url)
    endpoint.enabled = True
    endpoint.failing_since = endpoint.disabled_at = endpoint.disabled_reason = None
    _forget_subscriptions()
    db.session.flush()


def disable(endpoint: WebhookEndpoint, reason: str | None = None) -> None:
    endpoint.enabled = False
    endpoint.disabled_at = clock.now()
    endpoint.disabled_reason = reason
    _forget_subscriptions()
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
    _forget_subscriptions()
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


# --- Events ------------------------------------------------------------------------------------


# The enabled endpoints of each organization, read once per transaction: a change that touches many
# registrations (a capacity raise promoting a waitlist) asks once, not once per registration.
SUBSCRIPTIONS_KEY = "webhook_subscriptions"


def _forget_subscriptions() -> None:
    db.session.info.pop(SUBSCRIPTIONS_KEY, None)


@cache
def _enabled_endpoints_statement() -> Select:
    """Built once: a reused statement keeps its cache key."""
    return select(WebhookEndpoint.id, WebhookEndpoint.event_types).where(
        WebhookEndpoint.organization_id == bindparam("organization_id"), WebhookEndpoint.enabled.is_(True)
    )


def read_subscriptions(organization_id: int) -> list[tuple[int, str]]:
    """The organization's enabled endpoints and their event types, read once per transaction.

    A registration calls this before it takes the webinar's lock, so the registrations waiting for
    that lock do not also wait for this read, nor for the flush it set off halfway through writing
    the registration (one flush at the commit writes everything together).
    """
    cache = db.session.info.setdefault(SUBSCRIPTIONS_KEY, weakref.WeakKeyDictionary())
    transaction = db.session().get_transaction()
    endpoints = cache.get(transaction, {}).get(organization_id) if transaction is not None else None
    if endpoints is None:
        endpoints = db.session.execute(_enabled_endpoints_statement(), {"organization_id": organization_id}).all()
        cache.setdefault(db.session().get_transaction(), {})[organization_id] = endpoints
    return endpoints


def _subscribed(organization_id: int, event_type: EventType) -> list[int]:
    return [endpoint_id for endpoint_id, types in read_subscriptions(organization_id) if event_type.value in types.split()]


# Events of the transaction that wait for their number (see ``number_events_before_commit``).
UNNUMBERED_KEY = "webhook_events_to_number"


def number_events_before_commit(session: Session) -> None:
    """``before_commit``: give this transaction's events the organization's next numbers.

    Taken last, just before the commit, with an UPDATE that locks the organization's counter row
    until the commit: numbers follow the order in which changes commit, a rollback takes none (no
    gap), and the lock is never held while waiting for another one, such as a webinar's (taking it
    at each change would let two transactions that lock two webinars in opposite orders deadlock).
    Events erased in the same transaction (a registrant deleting their data) take no number.
    """
    events = session.info.pop(UNNUMBERED_KEY, [])
    if not events:
        return
    session.flush()
    # Read back from the database: an event erased meanwhile (by a DELETE the session did not see)
    # is simply not there. Ids grow in the order the events were recorded.
    ids = [identity[0] for identity in (inspect(event).identity for event in events) if identity]
    rows = session.execute(
        select(WebhookEvent.id, WebhookEvent.organization_id, WebhookEvent.payload)
        .where(WebhookEvent.id.in_(ids), WebhookEvent.sequence.is_(None))
        .order_by(WebhookEvent.id)
    ).all() if ids else []
    by_organization: dict[int, list] = {}
    for row in rows:
        by_organization.setdefault(row.organization_id, []).append(row)
    for organization_id in sorted(by_organization):  # always the same order: no deadlock between two
        numbered = by_organization[organization_id]
        last = session.scalar(
            update(WebhookSequence)
            .where(WebhookSequence.organization_id == organization_id)
            .values(last_sequence=WebhookSequence.last_sequence + len(numbered))
            .returning(WebhookSequence.last_sequence)
            .execution_options(synchronize_session=False)
        )
        if last is None:  # endpoints added before the counter existed
            session.execute(insert(WebhookSequence).values(organization_id=organization_id, last_sequence=len(numbered)))
            last = len(numbered)
        for sequence, event in enumerate(numbered, start=last - len(numbered) + 1):
            body = json.loads(event.payload)
            body["sequence"] = sequence
            # Core UPDATEs: the session's copies are expired by the commit anyway.
            session.execute(
                update(WebhookEvent)
                .where(WebhookEvent.id == event.id)
                .values(sequence=sequence, payload=_serialized(body))
                .execution_options(synchronize_session=False)
            )


def forget_unnumbered_events(session: Session) -> None:
    session.info.pop(UNNUMBERED_KEY, None)


def register_session_hooks() -> None:
    if not event_listened(db.session, "before_commit", number_events_before_commit):
        listen(db.session, "before_commit", number_events_before_commit)
        listen(db.session, "after_rollback", forget_unnumbered_events)


def _serialized(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def record(
    organization_id: int,
    event_type: EventType,
    data: dict,
    *,
    webinar_id: int | None = None,
    registration_id: int | None = None,
    endpoint_ids: list[int] | None = None,
) -> WebhookEvent | None:
    """Write the event and its deliveries in the caller's transaction; nothing when no endpoint listens."""
    if endpoint_ids is None:
        endpoint_ids = _subscribed(organization_id, event_type)
    if not endpoint_ids:
        return None
    now = clock.now()
    message_id = f"msg_{uuid.uuid4().hex}"
    # The sequence number is given just before the commit (number_events_before_commit).
    body = {"id": message_id, "type": event_type.value, "sequence": None, "timestamp": iso(now), "data": data}
    event = WebhookEvent(
        organization_id=organization_id,
        type=event_type.value,
        message_id=message_id,
        occurred_at=now,
        webinar_id=webinar_id,
        registration_id=registration_id,
        payload=_serialized(body),
    )
    db.session.add(event)
    db.session.info.setdefault(UNNUMBERED_KEY, []).append(event)
    for endpoint_id in endpoint_ids:
        db.session.add(
            WebhookDelivery(
                event=event, endpoint_id=endpoint_id, status=OutboxStatus.QUEUED, queued_at=now, next_attempt_at=now
            )
        )
    db.session.info[PENDING_FLAG] = True
    return event


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def webinar_data(webinar) -> dict:
    return {
        "id": webinar.id,
        "slug": webinar.slug,
        "title": webinar.title,
        "status": webinar.status.value,
        "starts_at": iso(webinar.starts_at),
        "ends_at": iso(webinar.ends_at),
        "timezone": webinar.timezone,
        "capacity": webinar.capacity,
        "url": absolute_url(f"/webinars/{webinar.slug}"),
    }


def registration_data(registration) -> dict:
    return {
        "id": registration.id,
        "webinar_id": registration.webinar_id,
        "state": registration.state.value,
        "email": registration.email,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "affiliation": registration.affiliation,
        "language": registration.language,
        "attended": bool(registration.attended),
        "confirmed_at": iso(registration.confirmed_at),
        "cancelled_at": iso(registration.cancelled_at),
    }


def record_registration(registration, change: str, *, created: bool = False) -> None:
    """``registration.created`` or ``registration.updated`` with what changed: ``confirmed``,
    ``waitlisted``, ``pending``, ``promoted``, ``rejected``, ``cancelled``, ``checked_in``..."""
    webinar = registration.webinar
    event_type = EventType.REGISTRATION_CREATED if created else EventType.REGISTRATION_UPDATED
    endpoint_ids = _subscribed(webinar.organization_id, event_type)
    if not endpoint_ids:
        return
    if registration.id is None:
        db.session.flush()  # the payload names the registration by its id
    record(
        webinar.organization_id,
        event_type,
        {
            "change": change,
            "registration": registration_data(registration),
            "webinar": {"id": webinar.id, "slug": webinar.slug, "title": webinar.title},
        },
        webinar_id=webinar.id,
        registration_id=registration.id,
        endpoint_ids=endpoint_ids,
    )


def record_webinar(webinar, event_type: EventType) -> None:
    if webinar.id is None:
        db.session.flush()
    record(webinar.organization_id, event_type, {"webinar": webinar_data(webinar)}, webinar_id=webinar.id)


def record_agreement(agreement, event_type: EventType, signatory=None) -> None:
    data: dict = {
        "agreement": {
            "id": agreement.id,
            "webinar_id": agreement.webinar_id,
            "kind": agreement.kind.value,
            "status": agreement.status.value,
            "completed_at": iso(agreement.completed_at),
            "verification_code": agreement.verification_code,
        }
    }
    if signatory is not None:
        data["signatory"] = {"id": signatory.id, "full_name": signatory.full_name, "signed_at": iso(signatory.answered_at)}
    record(agreement.organization_id, event_type, data, webinar_id=agreement.webinar_id)


def record_summary_published(summary) -> None:
    webinar = summary.webinar
    record(
        webinar.organization_id,
        EventType.SUMMARY_PUBLISHED,
        {
            "summary": {"webinar_id": webinar.id, "published_at": iso(summary.published_at)},
            "webinar": {"id": webinar.id, "slug": webinar.slug, "title": webinar.title},
        },
        webinar_id=webinar.id,
    )
