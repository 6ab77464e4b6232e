"""What the statuses of outbox messages are called on the organizer's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webinars.mail.models import OutboxStatus

STATUS_LABELS = {
    OutboxStatus.QUEUED: _l("Queued"),
    OutboxStatus.SENDING: _l("Sending"),
    OutboxStatus.RETRYING: _l("Retrying"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Failed"),
}
