"""The webhook events written with the changes they describe.

``record_*`` functions are called by the services where a change happens, inside its transaction:
the event and one delivery row per subscribed endpoint are written with the change, numbered just
before its commit, and go (or vanish) with its commit (or rollback). They cost one query per
transaction for an organization without endpoints.
"""

from __future__ import annotations

import json
import uuid
import weakref
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, Select, bindparam, insert, inspect, select, update
from sqlalchemy.event import contains as event_listened
from sqlalchemy.event import listen
from sqlalchemy.orm import Session

from webinars import clock
from webinars.events.fingerprints import json_rows
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.mail.models import OutboxStatus
from webinars.mail.service import PENDING_FLAG
from webinars.urls import absolute_url
from webinars.webhooks.models import EventType, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookSequence


# The enabled endpoints of each organization, read once per transaction: a change that touches many
# registrations (a capacity raise promoting a waitlist) asks once, not once per registration.
SUBSCRIPTIONS_KEY = "webhook_subscriptions"


def forget_subscriptions() -> None:
    """After a change of an endpoint: the transaction's next event reads the endpoints again."""
    db.session.info.pop(SUBSCRIPTIONS_KEY, None)


@cache
def _enabled_endpoints_statement() -> Select:
    """Built once: a reused statement keeps its cache key."""
    return select(WebhookEndpoint.id, WebhookEndpoint.event_types).where(
        WebhookEndpoint.organization_id == bindparam("organization_id"), WebhookEndpoint.enabled.is_(True)
    )


def enabled_endpoints_text() -> ColumnElement[str | None]:
    """The organization's enabled endpoints and their event types as one text, a scalar subquery
    correlated with the enclosing statement's ``Webinar`` (webinars/events/fingerprints.py): read with
    the webinar, and handed to ``know_subscriptions``, they cost the registration no statement of their own."""
    query = select(json_rows(WebhookEndpoint.id, WebhookEndpoint.event_types)).where(
        WebhookEndpoint.organization_id == Webinar.organization_id, WebhookEndpoint.enabled.is_(True)
    )
    return query.correlate(Webinar).scalar_subquery().label("enabled_endpoints_text")


def know_subscriptions(organization_id: int, endpoints_text: str | None) -> None:
    """The transaction's endpoints of the organization as ``enabled_endpoints_text`` read them: what
    ``read_subscriptions`` answers from now on in this transaction."""
    endpoints = [(endpoint_id, types) for endpoint_id, types in json.loads(endpoints_text or "[]")]
    _remember_subscriptions(organization_id, endpoints)


def _remember_subscriptions(organization_id: int, endpoints: list[tuple[int, str]]) -> None:
    cache = db.session.info.setdefault(SUBSCRIPTIONS_KEY, weakref.WeakKeyDictionary())
    cache.setdefault(db.session().get_transaction(), {})[organization_id] = endpoints


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
        _remember_subscriptions(organization_id, endpoints)
    return endpoints


def is_subscribed(organization_id: int, event_type: EventType) -> bool:
    """Whether an enabled endpoint of the organization takes ``event_type`` (read once per transaction)."""
    return bool(_subscribed(organization_id, event_type))


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
