"""Delivering webhooks: the sender of the ``webhook_deliveries`` outbox, run by ``webinars worker``
next to mail's, with the same claim protocol (webinars/mail/claims.py): a batch of due rows is
reserved, each row is claimed just before its call and its outcome recorded after, so that while
workers live each call is made once, and at least once when they die.

Each delivery is its own row: one that fails waits for its retry without holding back the next
events (receivers put them back in order with the payload's ``sequence``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from standardwebhooks import Webhook

from webinars import clock
from webinars.extensions import db
from webinars.mail.claims import ClaimedTable, DeliveryTimes, ReservedRow, new_claim_token
from webinars.mail.models import OutboxStatus
from webinars.webhooks import service, transport
from webinars.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

log = logging.getLogger(__name__)

WEBHOOKS = ClaimedTable(WebhookDelivery)


@dataclass
class WebhookReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    taken_over: int = 0


@dataclass(frozen=True)
class _Call:
    row: ReservedRow
    endpoint_id: int
    url: str
    secret: str
    enabled: bool
    message_id: str
    payload: str


def signed_headers(secret: str, message_id: str, payload: str, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers of one call (the signature covers id, timestamp and body)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, payload.encode()),
    }


def deliver_due() -> WebhookReport:
    """Call every endpoint whose delivery is due, batch after batch."""
    times = DeliveryTimes.from_config("WEBHOOK")
    token = new_claim_token()
    report = WebhookReport()
    while ids := WEBHOOKS.reserve_due(token, times):
        for call in _prepare(ids):
            _deliver(call, token, times, report)
        if len(ids) < times.batch_size:
            break
    return report


def _prepare(ids: list[int]) -> list[_Call]:
    rows = db.session.execute(
        select(WebhookDelivery, WebhookEvent, WebhookEndpoint)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.id.in_(ids))
        .order_by(WebhookEvent.organization_id, WebhookEvent.sequence, WebhookDelivery.id)
    ).all()
    # Read now: each commit below expires the loaded rows.
    return [
        _Call(
            ReservedRow.of(delivery), endpoint.id, endpoint.url, endpoint.secret, endpoint.enabled,
            event.message_id, event.payload,
        )
        for delivery, event, endpoint in rows
    ]


def _deliver(call: _Call, token: str, times: DeliveryTimes, report: WebhookReport) -> None:
    claimed = WEBHOOKS.claim(call.row.id, token)
    db.session.commit()
    if not claimed:
        report.taken_over += 1
        return
    if not call.enabled:
        _record_failure(call, token, times, report, "the endpoint is disabled", permanent=True)
        db.session.commit()
        return
    # The signature's timestamp is the real time of the call: receivers compare it with their own
    # clock to refuse replays (the app's clock may be moved by tests, the wall clock never).
    at = datetime.now(UTC)
    result = transport.post(
        call.url,
        call.payload.encode(),
        signed_headers(call.secret, call.message_id, call.payload, at),
        timeout=float(current_app.config["WEBHOOK_TIMEOUT_SECONDS"]),
    )
    now = clock.now()
    endpoint = db.session.get(WebhookEndpoint, call.endpoint_id)
    if endpoint is None:  # deleted during the call: its deliveries went with it, nothing to record
        db.session.rollback()
        report.taken_over += 1
        return
    db.session.add(
        WebhookAttempt(
            delivery_id=call.row.id,
            attempted_at=now,
            status_code=result.status_code,
            duration_ms=result.duration_ms,
            response_excerpt=result.excerpt,
            error=result.error,
        )
    )
    if result.succeeded:
        WEBHOOKS.mark_sent(call.row.id)
        if endpoint is not None:
            endpoint.failing_since = None
        report.sent += 1
    else:
        reason = result.error or f"HTTP {result.status_code}"
        _record_failure(call, token, times, report, reason, permanent=False)
        if endpoint is not None and endpoint.enabled:
            endpoint.failing_since = endpoint.failing_since or now
            disable_after = timedelta(hours=float(current_app.config["WEBHOOK_DISABLE_AFTER_HOURS"]))
            if now - endpoint.failing_since >= disable_after:
                log.warning("Webhook endpoint %s disabled: failing since %s", endpoint.id, endpoint.failing_since)
                service.disable_after_failures(endpoint, endpoint.failing_since)
    try:
        db.session.commit()
    except IntegrityError:  # the endpoint was deleted just now, with this delivery
        db.session.rollback()
        report.taken_over += 1


def _record_failure(
    call: _Call, token: str, times: DeliveryTimes, report: WebhookReport, reason: str, *, permanent: bool
) -> None:
    outcome = WEBHOOKS.record_failure(call.row, token, reason=reason[:1000], permanent=permanent, times=times)
    if outcome is None:
        report.taken_over += 1
    elif outcome.status is OutboxStatus.FAILED:
        report.failed += 1
        log.warning("Webhook delivery %s failed: %s", call.row.id, reason)
    else:
        report.retrying += 1
        log.info("Webhook delivery %s will be retried at %s: %s", call.row.id, outcome.next_attempt_at, reason)
